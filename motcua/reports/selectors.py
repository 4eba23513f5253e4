"""Reads for the periodic report: its figures from the one rollup (metrics.DailyProcedureStats),
and the dossiers behind each figure."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import QuerySet, Sum

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.timeliness import due_basis
from motcua.metrics.models import DailyProcedureStats
from motcua.metrics.selectors import (
    day_bounds,
    dossiers_active_between,
    dossiers_ended_between,
    snapshot_moment,
)
from motcua.reports.constants import CELL_PARTS, CELL_SUMS, OPEN_SUMS, Cell, Grouping
from motcua.reports.counting import accepted_cell, ended_cell, open_cell, settle
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


def ledger_figures(
    *, first: date, last: date, units: set[int] | None, grouping: str
) -> dict[int | None, Counter[str]]:
    """Per field or receiving unit: the flows of [first, last], those open at the end of the day
    before `first` (carried over) and at the end of `last`, summed by the database."""
    by_unit = Grouping(grouping) == Grouping.UNIT
    # Summed per procedure or unit without a join; procedures are mapped to fields after.
    key = "receiving_unit_id" if by_unit else "procedure_id"
    rows = DailyProcedureStats.objects.all()
    if units is not None:
        rows = rows.filter(receiving_unit_id__in=units)
    found: dict[int | None, Counter[str]] = {}

    def counts(group: int | None) -> Counter[str]:
        return found.setdefault(group, Counter())

    flows = {f"n{i}": Sum(CELL_SUMS[cell]) for i, cell in enumerate(FLOW_CELLS)}
    in_period = rows.filter(day__gte=first, day__lte=last)
    for line in in_period.values(key).annotate(**flows).order_by():
        counts(line[key]).update({cell: line[f"n{i}"] for i, cell in enumerate(FLOW_CELLS)})
    open_then = {f"o{i}": Sum(expression) for i, expression in enumerate(OPEN_SUMS.values())}
    before = rows.filter(day=first - timedelta(days=1))
    for line in before.values(key).annotate(**open_then).order_by():
        counts(line[key])[Cell.CARRIED] += sum(line[f"o{i}"] for i in range(len(OPEN_SUMS)))
    for line in rows.filter(day=last).values(key).annotate(**open_then).order_by():
        counts(line[key]).update({cell: line[f"o{i}"] for i, cell in enumerate(OPEN_SUMS)})
    if not by_unit:
        fields = dict(Procedure.objects.filter(pk__in=list(found)).values_list("pk", "field_id"))
        by_field: dict[int | None, Counter[str]] = {}
        for procedure_id, figures in found.items():
            by_field.setdefault(fields.get(procedure_id), Counter()).update(figures)  # type: ignore[arg-type]
        found = by_field
    return {group: figures for group, figures in found.items() if any(figures.values())}


def _cell_ids(dossiers: QuerySet[Dossier], cell: str, first: date, last: date) -> set[int]:
    """Ids of the `dossiers` counted in one simple cell, decided as the rollup decides."""
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
    many as the figure when the rollup is up to date. `dossiers` is already narrowed to the row
    (field or unit) and to what the reader may see."""
    ids: set[int] = set()
    for part in CELL_PARTS.get(Cell(cell), (cell,)):
        ids |= _cell_ids(dossiers, part, first, last)
    return sorted(ids, reverse=True)
