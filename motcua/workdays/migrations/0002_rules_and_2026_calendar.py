"""Counting rules in force and the 2026 public-sector calendar as announced.

The statutory holidays come from the `holidays` package; these rows record the government's own
announcements for 2026 with their legal basis, so the calendar shows where each day comes from
and an administrator can correct it.
"""

from datetime import date, time

from django.db import migrations

RULES = [
    (date(2018, 6, 21), "NĐ 61/2018/NĐ-CP, Điều 18–19 (giờ chốt 15:00; tính lại thời hạn sau "
     "bổ sung)"),
    (date(2025, 7, 1), "NĐ 118/2025/NĐ-CP; quy tắc NĐ 61/2018 Điều 18–19 được các văn bản cấp "
     "tỉnh cuối năm 2025 áp dụng lại (giờ chốt 15:00; tính lại thời hạn sau bổ sung)"),
]

BASIS_2026 = "CV 9859/VPCP-KGVX ngày 13/10/2025; TB 9441/TB-BNV (lịch nghỉ năm 2026)"
CALENDAR_2026 = [
    (date(2026, 1, 1), "day_off", "Tết Dương lịch"),
    (date(2026, 2, 16), "day_off", "Tết Âm lịch (29 tháng Chạp Ất Tỵ)"),
    (date(2026, 2, 17), "day_off", "Tết Âm lịch (mùng 1 Tết Bính Ngọ)"),
    (date(2026, 2, 18), "day_off", "Tết Âm lịch (mùng 2 Tết)"),
    (date(2026, 2, 19), "day_off", "Tết Âm lịch (mùng 3 Tết)"),
    (date(2026, 2, 20), "day_off", "Tết Âm lịch (mùng 4 Tết)"),
    (date(2026, 4, 27), "day_off", "Nghỉ bù Giỗ Tổ Hùng Vương (26/04 trùng Chủ nhật)"),
    (date(2026, 4, 30), "day_off", "Ngày Chiến thắng"),
    (date(2026, 5, 1), "day_off", "Ngày Quốc tế Lao động"),
    (date(2026, 8, 22), "working_day", "Làm bù cho ngày nghỉ thứ Hai 31/08/2026"),
    (date(2026, 8, 31), "day_off", "Nghỉ Quốc khánh (hoán đổi với thứ Bảy 22/08/2026)"),
    (date(2026, 9, 1), "day_off", "Quốc khánh"),
    (date(2026, 9, 2), "day_off", "Quốc khánh"),
]


def forwards(apps, schema_editor):
    rules = apps.get_model("workdays", "DeadlineRules")
    override = apps.get_model("workdays", "CalendarOverride")
    for effective_from, basis in RULES:
        rules.objects.get_or_create(
            effective_from=effective_from,
            defaults={"legal_basis": basis, "cutoff": time(15), "supplement_policy": "restart"},
        )
    for day, kind, name in CALENDAR_2026:
        override.objects.get_or_create(
            day=day, defaults={"kind": kind, "name": name, "legal_basis": BASIS_2026}
        )


def backwards(apps, schema_editor):
    apps.get_model("workdays", "CalendarOverride").objects.filter(
        legal_basis=BASIS_2026).delete()
    apps.get_model("workdays", "DeadlineRules").objects.filter(
        effective_from__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
