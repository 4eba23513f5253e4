"""Each rules version names the legal set of one-stop forms its slips follow.

Versions in force before 01/7/2025 (NĐ 61/2018) print the TT 01/2018/TT-VPCP forms; the
NĐ 118/2025 version prints the TT 03/2025/TT-VPCP forms (the field's default).
"""

from datetime import date

from django.db import migrations, models

NEW_BASE_FROM = date(2025, 7, 1)


def forwards(apps, schema_editor):
    rules = apps.get_model("workdays", "DeadlineRules")
    rules.objects.filter(effective_from__lt=NEW_BASE_FROM).update(form_set="tt01_2018")
    rules.objects.filter(effective_from__gte=NEW_BASE_FROM).update(form_set="tt03_2025")


class Migration(migrations.Migration):
    dependencies = [("workdays", "0003_deadline_extended_to_deadline_extension_reason")]

    operations = [
        migrations.AddField(
            model_name="deadlinerules",
            name="form_set",
            field=models.CharField(
                choices=[
                    ("tt03_2025", "Thông tư 03/2025/TT-VPCP (7 mẫu)"),
                    ("tt01_2018", "Thông tư 01/2018/TT-VPCP (6 mẫu)"),
                ],
                default="tt03_2025",
                max_length=16,
                verbose_name="bộ biểu mẫu",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
