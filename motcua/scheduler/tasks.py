"""Housekeeping of the background engine itself."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from motcua.scheduler.services import scheduled_runs_prune

KEEP = timedelta(days=7)


@task()
def background_housekeeping() -> dict[str, int]:
    """Forget finished task results and claimed slots older than a week (failures stay a week
    for an administrator to read in the admin)."""
    finished, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - KEEP,
    ).delete()
    return {"task_results": finished, "scheduled_runs": scheduled_runs_prune(older_than=KEEP)}
