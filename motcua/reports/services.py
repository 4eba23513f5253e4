"""Writes for the periodic report: rebuilding the daily ledger from the dossiers."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from motcua.core.localtime import to_local
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.timeliness import OpenTimeline, due_basis, processing_end
from motcua.metrics.selectors import day_bounds, dossiers_active_between
from motcua.metrics.services import SPAN_DAYS
from motcua.reports.constants import CELL_FIELDS
from motcua.reports.counting import accepted_cell, days_open, ended_cell, settle, state_cell
from motcua.reports.models import LedgerDay, LedgerRefresh
from motcua.reports.selectors import days_to_refresh, ledger_lag
from motcua.workdays.selectors import CalendarsByDay

# A day's rows: (procedure, receiving unit) → counts per cell.
DayRows = dict[tuple[int, int], Counter[str]]


def _count_span(
    span: list[date], calendars: CalendarsByDay, basis: str, now: datetime
) -> dict[date, DayRows]:
    """Each day's rows of a run of consecutive days, from one scan of the dossiers being
    processed at some moment of it."""
    start, end = day_bounds(span[0])[0], day_bounds(span[-1])[1]
    days: dict[date, DayRows] = {day: {} for day in span}
    # Today's end of day is the run itself: a period ending today is judged as of now (as the
    # 766 rollup does); tomorrow's run rebuilds it at midnight.
    moments = {day: min(day_bounds(day)[1], now) for day in span}

    def add(day: date, dossier: Dossier, cell: str) -> None:
        key = (dossier.procedure_id, dossier.receiving_unit_id)
        days[day].setdefault(key, Counter())[cell] += 1

    for dossier in dossiers_active_between(start, end).iterator(chunk_size=2000):
        assert dossier.accepted_at is not None  # filtered by the selector
        accepted_on = to_local(dossier.accepted_at).date()
        if accepted_on in days:
            add(accepted_on, dossier, accepted_cell(dossier.channel))
        ended = processing_end(dossier)
        if ended is not None and start <= ended[0] < end:
            settlement = settle(dossier, calendars, basis)
            if settlement is not None:
                add(to_local(settlement.ended_at).date(), dossier, ended_cell(settlement))
        open_days = days_open(dossier, span)
        if open_days:
            timeline = OpenTimeline(dossier, due_basis=basis)
            for day in open_days:
                add(day, dossier, state_cell(timeline.state_at(moments[day])))
    return days


def _store_day(day: date, rows: DayRows) -> int:
    built = [
        LedgerDay(
            day=day,
            procedure_id=procedure_id,
            receiving_unit_id=unit_id,
            **{name: counts[cell] for cell, name in CELL_FIELDS.items()},
        )
        for (procedure_id, unit_id), counts in rows.items()
    ]
    with transaction.atomic():
        # Delete what no longer exists, then upsert: two runs at once converge on the same rows.
        stale = [
            pk
            for pk, procedure_id, unit_id in LedgerDay.objects.filter(day=day).values_list(
                "pk", "procedure_id", "receiving_unit_id"
            )
            if (procedure_id, unit_id) not in rows
        ]
        LedgerDay.objects.filter(pk__in=stale).delete()
        LedgerDay.objects.bulk_create(
            built,
            update_conflicts=True,
            unique_fields=["day", "procedure", "receiving_unit"],
            update_fields=list(CELL_FIELDS.values()),
        )
    return len(built)


def ledger_refresh(*, first_day: date, last_day: date) -> LedgerRefresh:
    """Rebuild the ledger of every day in [first_day, last_day] from the dossiers (idempotent,
    safe to run twice or at once)."""
    # The newest event is read before any dossier: whatever happens after is the next run's.
    newest = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    run = LedgerRefresh.objects.create(started_at=timezone.now(), last_event_id=newest)
    calendars = CalendarsByDay()
    basis = due_basis()
    now = run.started_at
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    for offset in range(0, len(days), SPAN_DAYS):
        span = days[offset : offset + SPAN_DAYS]
        for day, rows in _count_span(span, calendars, basis, now).items():
            run.rows += _store_day(day, rows)
    run.first_day, run.last_day, run.days = first_day, last_day, len(days)
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "first_day", "last_day", "days", "finished_at"])
    return run


def reports_refresh(*, days: int = 2, everything: bool = False) -> LedgerRefresh | None:
    """The periodic job: rebuild the days that changed since the last run (None: no dossier)."""
    window = days_to_refresh(days=days, everything=everything)
    if window is None:
        return None
    return ledger_refresh(first_day=window[0], last_day=window[1])


# A report asked for while dossiers changed since the last run catches up first when that is
# little work: few new events, and few days to rebuild or few dossiers to read for each. Never
# more: a larger backlog is the worker's (`reports_refresh`), and the page says the figures are
# being updated. Bounded whatever the data: at most CATCH_UP_MAX_DAYS days of at most
# CATCH_UP_SMALL_DATABASE dossiers, or CATCH_UP_LONG_DAYS days of any number.
CATCH_UP_MAX_EVENTS = 20000
CATCH_UP_LONG_DAYS = 62
CATCH_UP_MAX_DAYS = 400
CATCH_UP_SMALL_DATABASE = 20000  # dossiers
CATCH_UP_ENQUEUE_EVERY = 600  # seconds


def ledger_catch_up() -> bool:
    """Refresh now if the ledger is behind by a little; True when it is up to date after, False
    when the backlog was left to the worker."""
    lag = ledger_lag(limit=CATCH_UP_MAX_EVENTS)
    if lag.up_to_date:
        return True
    window = days_to_refresh()
    if window is None:
        return True
    days = (window[1] - window[0]).days + 1
    too_long = days > CATCH_UP_LONG_DAYS and Dossier.objects.count() > CATCH_UP_SMALL_DATABASE
    if lag.events > CATCH_UP_MAX_EVENTS or days > CATCH_UP_MAX_DAYS or too_long:
        ledger_catch_up_later()
        return False
    ledger_refresh(first_day=window[0], last_day=window[1])
    return True


def ledger_catch_up_later() -> None:
    """Hand the backlog to the worker now rather than at the scheduler's next slot: once for
    all the requests that find it within CATCH_UP_ENQUEUE_EVERY seconds."""
    from motcua.reports.tasks import ledger_refresh_recent  # the task module imports this one

    if cache.add("reports:catch-up-enqueued", True, timeout=CATCH_UP_ENQUEUE_EVERY):
        ledger_refresh_recent.enqueue()
