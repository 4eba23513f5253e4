"""Evaluation scores as a background task (enqueued by the scheduler)."""

from django_tasks import task

from motcua.ratings.services import evaluation_refresh


@task(queue_name="rollups")
def evaluation_refresh_recent() -> dict[str, int]:
    """Rescore the dossiers with a history event or a rating newer than the previous run."""
    return {"dossiers": evaluation_refresh().dossiers}
