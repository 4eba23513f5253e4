"""Rollup refresh as a background task (enqueued by the scheduler; `stats_refresh` by hand)."""

from django_tasks import task

from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import stats_refresh


@task(queue_name="rollups")
def stats_refresh_recent() -> dict[str, int]:
    """Rebuild the daily statistics of the last two days and of every day changed since."""
    days = days_to_refresh()
    return {"days": len(days), "rows": stats_refresh(days=days).rows}
