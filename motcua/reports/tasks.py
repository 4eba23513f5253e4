"""II.06a ledger refresh as a background task (enqueued by the scheduler)."""

from django_tasks import task

from motcua.reports.services import reports_refresh


@task(queue_name="rollups")
def ledger_refresh_recent() -> dict[str, int]:
    """Rebuild the ledger days touched since the previous run (and the last two days)."""
    run = reports_refresh()
    return {"days": run.days if run else 0, "rows": run.rows if run else 0}
