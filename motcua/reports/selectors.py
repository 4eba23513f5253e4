"""Reads for the periodic report: what the ledger holds, how fresh it is, and the dossiers behind
each figure."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Min, QuerySet, Sum
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.core.inputs import date_range
from motcua.core.localtime import to_local
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.timeliness import due_basis
from motcua.metrics.selectors import (
    TOUCH_MARGIN,
    day_bounds,
    dossiers_active_between,
    dossiers_ended_between,
    first_dossier_day,
)
from motcua.reports.constants import CELL_FIELDS, CELL_PARTS, Cell, Grouping
from motcua.reports.counting import accepted_cell, ended_cell, open_cell, settle
from motcua.reports.models import LedgerDay, LedgerRefresh
from motcua.workdays.selectors import CalendarsByDay

FLOW_CELLS = (
    Cell.ONLINE,
    Cell.DIRECT,
    Cell.EARLY,
    Cell.ON_TIME,
    Cell.LATE,
    Cell.WITHDRAWN,
    Cell.REFUSED,
)


def last_refresh() -> LedgerRefresh | None:
    """The last run of `reports_refresh` that finished."""
    return LedgerRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def days_to_refresh(*, days: int = 2, everything: bool = False) -> tuple[date, date] | None:
    """[first, last] days to rebuild: the last `days` days, and every day since the earliest
    change since the previous run (None when there is nothing at all).

    A day's figures depend only on what happened up to its end, so a change at moment t can
    alter the days from t's day on, never before; the open snapshots of every day since the
    previous run are rebuilt too, because time passing turns open dossiers overdue.
    """
    today = timezone.localdate()
    first = today - timedelta(days=max(days, 1) - 1)
    previous = last_refresh()
    oldest = [
        found
        for found in (
            first_dossier_day(),
            LedgerDay.objects.aggregate(first=Min("day"))["first"],
        )
        if found is not None
    ]
    if not oldest:
        return None
    if everything or previous is None:
        return max(min(oldest), date_range()[0]), today
    first = min(first, to_local(previous.started_at - TOUCH_MARGIN).date())
    changed = DossierEvent.objects.filter(pk__gt=previous.last_event_id).aggregate(at=Min("at"))
    if changed["at"] is not None:
        first = min(first, to_local(changed["at"]).date())
    return max(first, min(oldest), date_range()[0]), today


@dataclass(frozen=True)
class Lag:
    refresh: LedgerRefresh | None
    events: int  # dossier events since that run (counted up to a limit)

    @property
    def up_to_date(self) -> bool:
        return (
            self.refresh is not None
            and self.events == 0
            and self.refresh.last_day is not None
            and self.refresh.last_day >= timezone.localdate()
        )


def ledger_lag(*, limit: int) -> Lag:
    """How far behind the dossiers the ledger is."""
    refresh = last_refresh()
    since = refresh.last_event_id if refresh else 0
    events = DossierEvent.objects.filter(pk__gt=since)[: limit + 1].count()
    return Lag(refresh=refresh, events=events)


def ledger_figures(
    *, first: date, last: date, units: set[int] | None, grouping: str
) -> dict[int | None, Counter[str]]:
    """Per field or receiving unit: the flows of [first, last], those open at the end of the day
    before `first` (carried over) and at the end of `last`, summed by the database."""
    by_unit = Grouping(grouping) == Grouping.UNIT
    # Summed per procedure or unit without a join; procedures are mapped to fields after.
    key = "receiving_unit_id" if by_unit else "procedure_id"
    rows = LedgerDay.objects.all()
    if units is not None:
        rows = rows.filter(receiving_unit_id__in=units)
    found: dict[int | None, Counter[str]] = {}

    def counts(group: int | None) -> Counter[str]:
        return found.setdefault(group, Counter())

    flows = {f"n_{CELL_FIELDS[cell]}": Sum(CELL_FIELDS[cell]) for cell in FLOW_CELLS}
    in_period = rows.filter(day__gte=first, day__lte=last)
    for line in in_period.values(key).annotate(**flows).order_by():
        counts(line[key]).update({cell: line[f"n_{CELL_FIELDS[cell]}"] for cell in FLOW_CELLS})
    open_then = {"n_in_time": Sum("open_in_time"), "n_overdue": Sum("open_overdue")}
    before = rows.filter(day=first - timedelta(days=1))
    for line in before.values(key).annotate(**open_then).order_by():
        counts(line[key])[Cell.CARRIED] += line["n_in_time"] + line["n_overdue"]
    for line in rows.filter(day=last).values(key).annotate(**open_then).order_by():
        counts(line[key]).update(
            {Cell.OPEN_IN_TIME: line["n_in_time"], Cell.OPEN_OVERDUE: line["n_overdue"]}
        )
    if not by_unit:
        fields = dict(Procedure.objects.filter(pk__in=list(found)).values_list("pk", "field_id"))
        by_field: dict[int | None, Counter[str]] = {}
        for procedure_id, figures in found.items():
            by_field.setdefault(fields.get(procedure_id), Counter()).update(figures)  # type: ignore[arg-type]
        found = by_field
    return {group: figures for group, figures in found.items() if any(figures.values())}


def snapshot_moment(day: date) -> datetime:
    """When the ledger judged the dossiers open at the end of `day`: midnight, or the run itself
    when it rebuilt `day` before the day was over (services._count_span)."""
    end = day_bounds(day)[1]
    refresh = last_refresh()
    if refresh is not None and refresh.last_day == day:
        return min(end, refresh.started_at)
    return end


def _cell_ids(dossiers: QuerySet[Dossier], cell: str, first: date, last: date) -> set[int]:
    """Ids of the `dossiers` counted in one simple cell, decided as the ledger decides."""
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    if cell in (Cell.ONLINE, Cell.DIRECT):
        accepted = dossiers.filter(accepted_at__gte=start, accepted_at__lt=end)
        return {
            pk
            for pk, channel in accepted.values_list("pk", "channel").order_by()
            if accepted_cell(channel) == cell
        }
    if cell in (Cell.CARRIED, Cell.OPEN_IN_TIME, Cell.OPEN_OVERDUE):
        moment = start if cell == Cell.CARRIED else snapshot_moment(last)
        basis = due_basis()
        found = set()
        active = dossiers_active_between(moment, moment).filter(pk__in=dossiers.values("pk"))
        for dossier in active.iterator(chunk_size=1000):
            judged = open_cell(dossier, moment, basis)
            if judged is not None and (cell == Cell.CARRIED or judged == cell):
                found.add(dossier.pk)
        return found
    calendars, basis = CalendarsByDay(), due_basis()
    ended = dossiers_ended_between(start, end).filter(pk__in=dossiers.values("pk"))
    found = set()
    for dossier in ended.iterator(chunk_size=1000):
        settlement = settle(dossier, calendars, basis)
        if settlement is not None and ended_cell(settlement) == cell:
            found.add(dossier.pk)
    return found


def dossier_ids_in_cell(
    dossiers: QuerySet[Dossier], *, cell: str, first: date, last: date
) -> list[int]:
    """Ids of the dossiers behind one figure of the report for [first, last], newest first: as
    many as the figure when the ledger is up to date. `dossiers` is already narrowed to the row
    (field or unit) and to what the reader may see."""
    ids: set[int] = set()
    for part in CELL_PARTS.get(Cell(cell), (cell,)):
        ids |= _cell_ids(dossiers, part, first, last)
    return sorted(ids, reverse=True)
