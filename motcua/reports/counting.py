"""How one dossier counts in Biểu II.06a, for the drill-down lists (the rollup counts the same way,
metrics/services.py; reports/constants.py CELL_SUMS reads its columns as these cells).

What the columns mean here (docs/operations.md, "Periodic report II.06a"):
- received (nhận giải quyết, columns 4–5) is acceptance, `accepted_at` (tiếp nhận hợp lệ): a
  counter dossier on its reception, an online or postal one when the desk accepts it. A dossier
  awaiting acceptance, or refused before it, was never received and is in no column;
- column 4 is the online channel; column 5 the counter and the public postal service;
- processing ends at the first terminal event, as `dossier_settlement` (dossiers/timeliness.py)
  decides it, and its verdict (early, on time, late) is used as it is: supplement waits do not
  count, more than one supplement request is late. Ended with a result (finished or returned)
  → column 8, 9 or 10; withdrawn → "rút"; refused after acceptance → "trả lại";
- a dossier still open at the end of a day is judged at that moment by `open_state` (same file,
  §4.3): overdue when that moment is past the due time it had then, or after a second supplement
  request; while it waits for a supplement, judged at the request instead.
"""

from datetime import datetime

from motcua.core.localtime import to_local
from motcua.dossiers.constants import Channel, EndKind, OpenState, Timeliness
from motcua.dossiers.models import Dossier
from motcua.dossiers.timeliness import (
    Settlement,
    dossier_settlement,
    open_state,
    processing_end,
)
from motcua.reports.constants import Cell
from motcua.workdays.selectors import CalendarsByDay


def accepted_cell(channel: int) -> str:
    """Column 4 (online) or 5 (counter, post) for a dossier accepted in the period."""
    return Cell.ONLINE if channel == Channel.ONLINE else Cell.DIRECT


def ended_cell(settlement: Settlement) -> str:
    """Where a dossier whose processing ended in the period counts."""
    if settlement.end == EndKind.WITHDRAWN:
        return Cell.WITHDRAWN
    if settlement.end == EndKind.REFUSED:
        return Cell.REFUSED
    if settlement.timeliness == Timeliness.EARLY:
        return Cell.EARLY
    if settlement.timeliness == Timeliness.LATE:
        return Cell.LATE
    # On time, or without a due time at all (a procedure with no legal time cannot be late).
    return Cell.ON_TIME


def settle(dossier: Dossier, calendars: CalendarsByDay, basis: str) -> Settlement | None:
    """`dossier_settlement` with the calendar in force on the acceptance day (as the public
    statistics use it), for a dossier of `metrics.selectors.dossiers_ended_between` or
    `dossiers_active_between`."""
    if dossier.accepted_at is None:
        return None
    return dossier_settlement(
        dossier, calendars[to_local(dossier.accepted_at).date()], due_basis=basis
    )


def is_open_at(dossier: Dossier, moment: datetime) -> bool:
    """Accepted before `moment` and processing not ended before it."""
    if dossier.accepted_at is None or dossier.accepted_at >= moment:
        return False
    ended = processing_end(dossier)
    return ended is None or ended[0] >= moment


def state_cell(state: str | None) -> str:
    """Column 12 or 13 for the `open_state` of an open dossier; open without a due time (a
    procedure with no legal time) cannot be overdue."""
    return Cell.OPEN_OVERDUE if state == OpenState.OVERDUE else Cell.OPEN_IN_TIME


def open_cell(dossier: Dossier, moment: datetime, basis: str) -> str | None:
    """Column 12 or 13 for a dossier open at `moment` (None when it is not open then)."""
    if not is_open_at(dossier, moment):
        return None
    return state_cell(open_state(dossier, moment, due_basis=basis))
