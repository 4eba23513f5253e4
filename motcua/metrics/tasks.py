"""The one rollup refresh as a background task (enqueued by the scheduler; `rollup_refresh` by
hand)."""

from django_tasks import task

from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh


@task(queue_name="rollups")
def rollup_refresh_recent() -> dict[str, int]:
    """Rebuild the last two days and every day changed since the previous run."""
    run = rollup_refresh(days=days_to_refresh())
    return {"days": run.days, "rows": run.rows, "dossiers": run.dossiers}
