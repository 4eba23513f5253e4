"""Dossier sweeps as background tasks (enqueued by the scheduler)."""

from dataclasses import asdict

from django_tasks import task

from motcua.dossiers.alerts import deadline_alerts_sweep


@task()
def deadline_alerts() -> dict[str, int]:
    """Warn officers before a step or dossier falls due, and when it has."""
    return asdict(deadline_alerts_sweep())
