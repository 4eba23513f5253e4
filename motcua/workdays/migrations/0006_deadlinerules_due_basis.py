"""Each rules version says how an apologised or extended dossier is judged (DueBasis).

It was the setting MOTCUA_STATS_DUE_BASIS (an environment variable) for every dossier; the
existing versions keep what it said at this migration, so no verdict changes.
"""

import os

from django.db import migrations, models


def forwards(apps, schema_editor):
    basis = os.environ.get("MOTCUA_STATS_DUE_BASIS", "before_extension")
    if basis not in ("before_extension", "current"):
        raise ValueError(f"MOTCUA_STATS_DUE_BASIS={basis!r}: before_extension or current")
    apps.get_model("workdays", "DeadlineRules").objects.update(due_basis=basis)


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0005_deadline_breach_notified_at_deadline_warned_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinerules",
            name="due_basis",
            field=models.CharField(
                choices=[
                    ("before_extension", "Hạn trước khi hẹn lại"),
                    ("current", "Ngày hẹn trả hiện tại (sau khi hẹn lại)"),
                ],
                default="before_extension",
                max_length=24,
                verbose_name="đánh giá đúng hạn khi đã hẹn lại ngày trả",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
