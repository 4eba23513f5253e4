"""Writes for statistics: rebuilding the daily rollup from the dossiers."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from motcua.core.localtime import to_local
from motcua.dossiers.constants import Timeliness
from motcua.dossiers.models import Dossier
from motcua.metrics.constants import DueBasis
from motcua.metrics.distribution import SAMPLE_CAP, histogram_of
from motcua.metrics.models import DailyProcedureStats, StatsRefresh
from motcua.metrics.selectors import day_bounds, dossiers_ended_between
from motcua.metrics.timeliness import dossier_settlement
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import load_calendar

UPDATED_FIELDS = [
    "received",
    "settled",
    "settled_early",
    "settled_on_time",
    "settled_late",
    "settled_stopped",
    "settled_extended",
    "timed",
    "minutes_sum",
    "minutes_sample",
    "minutes_histogram",
]


def due_basis() -> str:
    """How extended dossiers are judged (timeliness.py); a setting, default before extension."""
    value = getattr(settings, "MOTCUA_STATS_DUE_BASIS", DueBasis.BEFORE_EXTENSION)
    return DueBasis(value).value


@dataclass
class _Row:
    received: int = 0
    settled: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    stopped: int = 0
    extended: int = 0
    minutes: list[int] = field(default_factory=list)


class _Calendars(dict[date, WorkCalendar]):
    """The calendar in force on each acceptance day, loaded once per run."""

    def __missing__(self, day: date) -> WorkCalendar:
        self[day] = load_calendar(day)
        return self[day]


def _rebuild_day(day: date, calendars: _Calendars, basis: str) -> int:
    start, end = day_bounds(day)
    rows: dict[tuple[int, int], _Row] = {}
    received = (
        Dossier.objects.filter(accepted_at__gte=start, accepted_at__lt=end)
        .values_list("procedure_id", "receiving_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for procedure_id, unit_id, n in received:
        rows.setdefault((procedure_id, unit_id), _Row()).received = n
    for dossier in dossiers_ended_between(start, end).iterator(chunk_size=500):
        assert dossier.accepted_at is not None  # filtered by the selector
        calendar = calendars[to_local(dossier.accepted_at).date()]
        settlement = dossier_settlement(dossier, calendar, due_basis=basis)
        if settlement is None:
            continue
        row = rows.setdefault((dossier.procedure_id, dossier.receiving_unit_id), _Row())
        row.settled += 1
        row.early += settlement.timeliness == Timeliness.EARLY
        row.on_time += settlement.timeliness == Timeliness.ON_TIME
        row.late += settlement.timeliness == Timeliness.LATE
        row.stopped += not settlement.has_result
        row.extended += settlement.extended
        if settlement.has_result:
            row.minutes.append(round(settlement.working_seconds / 60))
    built = [
        DailyProcedureStats(
            day=day,
            procedure_id=procedure_id,
            receiving_unit_id=unit_id,
            received=row.received,
            settled=row.settled,
            settled_early=row.early,
            settled_on_time=row.on_time,
            settled_late=row.late,
            settled_stopped=row.stopped,
            settled_extended=row.extended,
            timed=len(row.minutes),
            minutes_sum=sum(row.minutes),
            minutes_sample=sorted(row.minutes) if len(row.minutes) <= SAMPLE_CAP else None,
            minutes_histogram=histogram_of(row.minutes),
        )
        for (procedure_id, unit_id), row in rows.items()
    ]
    with transaction.atomic():
        # Delete what no longer exists, then upsert: two runs at once converge on the same rows
        # instead of colliding on the unique constraint.
        stale = [
            pk
            for pk, procedure_id, unit_id in DailyProcedureStats.objects.filter(
                day=day
            ).values_list("pk", "procedure_id", "receiving_unit_id")
            if (procedure_id, unit_id) not in rows
        ]
        DailyProcedureStats.objects.filter(pk__in=stale).delete()
        DailyProcedureStats.objects.bulk_create(
            built,
            update_conflicts=True,
            unique_fields=["day", "procedure", "receiving_unit"],
            update_fields=UPDATED_FIELDS,
        )
    return len(built)


def stats_refresh(*, days: Iterable[date]) -> StatsRefresh:
    """Rebuild the daily rollup of `days` from the dossiers (idempotent, safe to run twice)."""
    run = StatsRefresh.objects.create(started_at=timezone.now())
    calendars = _Calendars()
    basis = due_basis()
    chosen = sorted(set(days))
    run.rows = sum(_rebuild_day(day, calendars, basis) for day in chosen)
    run.days = [day.isoformat() for day in chosen]
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "days", "finished_at"])
    return run
