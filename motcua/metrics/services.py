"""Writes for statistics: rebuilding the daily rollup from the dossiers."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
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


# Days read together: one scan of the dossier table serves up to this many consecutive days.
SPAN_DAYS = 31


def _spans(days: list[date]) -> list[list[date]]:
    """Sorted days cut into runs of consecutive days, each at most SPAN_DAYS long."""
    spans: list[list[date]] = []
    for day in days:
        last = spans[-1] if spans else None
        if last and (day - last[-1]).days == 1 and len(last) < SPAN_DAYS:
            last.append(day)
        else:
            spans.append([day])
    return spans


def _count_span(
    span: list[date], calendars: _Calendars, basis: str
) -> dict[date, dict[tuple[int, int], _Row]]:
    """Each day's rows of the span, keyed by (procedure, receiving unit)."""
    start, end = day_bounds(span[0])[0], day_bounds(span[-1])[1]
    days: dict[date, dict[tuple[int, int], _Row]] = {day: {} for day in span}
    received = Dossier.objects.filter(accepted_at__gte=start, accepted_at__lt=end).values_list(
        "accepted_at", "procedure_id", "receiving_unit_id"
    )
    for accepted_at, procedure_id, unit_id in received.iterator(chunk_size=5000):
        assert accepted_at is not None  # filtered by the range
        rows = days[to_local(accepted_at).date()]
        rows.setdefault((procedure_id, unit_id), _Row()).received += 1
    for dossier in dossiers_ended_between(start, end).iterator(chunk_size=1000):
        assert dossier.accepted_at is not None  # filtered by the selector
        calendar = calendars[to_local(dossier.accepted_at).date()]
        settlement = dossier_settlement(dossier, calendar, due_basis=basis)
        if settlement is None:
            continue
        rows = days[to_local(settlement.ended_at).date()]
        row = rows.setdefault((dossier.procedure_id, dossier.receiving_unit_id), _Row())
        row.settled += 1
        row.early += settlement.timeliness == Timeliness.EARLY
        row.on_time += settlement.timeliness == Timeliness.ON_TIME
        row.late += settlement.timeliness == Timeliness.LATE
        row.stopped += not settlement.has_result
        row.extended += settlement.extended
        if settlement.has_result:
            row.minutes.append(round(settlement.working_seconds / 60))
    return days


def _store_day(day: date, rows: dict[tuple[int, int], _Row]) -> int:
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
    for span in _spans(chosen):
        for day, rows in _count_span(span, calendars, basis).items():
            run.rows += _store_day(day, rows)
    run.days = [day.isoformat() for day in chosen]
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "days", "finished_at"])
    return run
