from django.db import migrations

# (name, description, task, every seconds, offset from local midnight)
DEFAULT_SCHEDULES = [
    ("outbox-deliver", "Gửi tin nhắn, thư điện tử và các việc chờ gửi (thử lại khi lỗi)",
     "motcua.outbox.tasks.outbox_deliver", 10, 0),
    ("deadline-alerts", "Cảnh báo bước, hồ sơ sắp đến hạn và quá hạn",
     "motcua.dossiers.tasks.deadline_alerts", 600, 60),
    ("stats-refresh", "Tổng hợp số liệu thống kê, Bộ chỉ số 766, bảng điều hành",
     "motcua.metrics.tasks.stats_refresh_recent", 600, 120),
    ("ledger-refresh", "Tổng hợp sổ theo dõi cho báo cáo Biểu II.06a",
     "motcua.reports.tasks.ledger_refresh_recent", 600, 240),
    ("evaluation-refresh", "Tính điểm đánh giá việc giải quyết TTHC",
     "motcua.ratings.tasks.evaluation_refresh_recent", 600, 360),
    ("background-housekeeping", "Dọn kết quả tác vụ và lần chạy định kỳ cũ hơn 7 ngày (2 giờ sáng)",
     "motcua.scheduler.tasks.background_housekeeping", 86400, 7200),
]


def add(apps, schema_editor):
    Schedule = apps.get_model("scheduler", "Schedule")
    for name, description, task_path, every, offset in DEFAULT_SCHEDULES:
        Schedule.objects.get_or_create(
            name=name,
            defaults={"description": description, "task_path": task_path,
                      "every_seconds": every, "offset_seconds": offset},
        )


def remove(apps, schema_editor):
    apps.get_model("scheduler", "Schedule").objects.filter(
        name__in=[row[0] for row in DEFAULT_SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
