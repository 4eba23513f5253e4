"""Outbox delivery as a background task (enqueued by the scheduler every few seconds)."""

import time

from django_tasks import task

from motcua.outbox.services import outbox_dispatch

# One run delivers until the queue is empty or this budget is spent, so a backlog is worked off
# without one run holding a worker for long.
RUN_BUDGET_SECONDS = 50.0


@task()
def outbox_deliver() -> dict[str, int]:
    """Deliver the due outbox messages; returns how many were sent and how many failed."""
    started = time.monotonic()
    sent = failed = 0
    while time.monotonic() - started < RUN_BUDGET_SECONDS:
        batch_sent, batch_failed = outbox_dispatch()
        sent += batch_sent
        failed += batch_failed
        if batch_sent + batch_failed == 0:
            break
    return {"sent": sent, "failed": failed}
