from django.db import migrations

# The three rollup schedules (public statistics and 766, the II.06a ledger, the evaluation scores)
# become one: metrics.tasks.rollup_refresh_recent rebuilds all of them from one watermark.
ONE = {
    "name": "rollup-refresh",
    "description": "Tổng hợp số liệu: thống kê công khai, Bộ chỉ số 766, bảng điều hành, Biểu "
    "II.06a, điểm đánh giá",
    "task_path": "motcua.metrics.tasks.rollup_refresh_recent",
}
OLD = {
    "stats-refresh": "motcua.metrics.tasks.stats_refresh_recent",
    "ledger-refresh": "motcua.reports.tasks.ledger_refresh_recent",
    "evaluation-refresh": "motcua.ratings.tasks.evaluation_refresh_recent",
}


def one_schedule(apps, schema_editor):
    Schedule = apps.get_model("scheduler", "Schedule")
    # The statistics row becomes the one (keeping its period and whether it is enabled); the
    # other two go. A row an administrator pointed at another task is left alone.
    kept = Schedule.objects.filter(name="stats-refresh", task_path=OLD["stats-refresh"]).first()
    if not Schedule.objects.filter(name=ONE["name"]).exists():
        if kept is not None:
            Schedule.objects.filter(pk=kept.pk).update(**ONE)
        else:
            Schedule.objects.create(**ONE, every_seconds=600, offset_seconds=120)
    for name, task_path in OLD.items():
        Schedule.objects.filter(name=name, task_path=task_path).delete()


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0003_drop_redundant_latest_index")]
    operations = [migrations.RunPython(one_schedule, migrations.RunPython.noop)]
