"""The report cut-offs in force: NĐ 09/2019/NĐ-CP Điều 12, day 15 of the previous month → day 14
(legal-facts addendum B.9). NĐ 09/2019 took effect on 15/3/2019."""

from datetime import date

from django.db import migrations

BASIS = "NĐ 09/2019/NĐ-CP Điều 12 (thời gian chốt số liệu báo cáo định kỳ)"
NOTE = (
    "Tháng: ngày 15 tháng trước → ngày 14 tháng báo cáo; quý: 15 của tháng trước kỳ → 14 của "
    "tháng cuối quý; 6 tháng đầu năm 15/12 năm trước → 14/6; 6 tháng cuối năm 15/6 → 14/12; "
    "9 tháng 15/12 năm trước → 14/9; năm 15/12 năm trước → 14/12."
)


def forwards(apps, schema_editor):
    rules = apps.get_model("reports", "ReportingRules")
    rules.objects.get_or_create(
        effective_from=date(2019, 3, 15),
        defaults={"legal_basis": BASIS, "start_day": 15, "end_day": 14, "note": NOTE},
    )


def backwards(apps, schema_editor):
    apps.get_model("reports", "ReportingRules").objects.filter(
        effective_from=date(2019, 3, 15)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
