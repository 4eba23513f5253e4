"""Reporting periods, as first and last day (both included, Vietnam dates)."""

from datetime import date, timedelta

from motcua.metrics.constants import Period


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """[first, last] of `period` ending today: the last 30 days, this quarter or this year."""
    if period == Period.QUARTER:
        return date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today
    if period == Period.YEAR:
        return date(today.year, 1, 1), today
    return today - timedelta(days=29), today


# Longest period the 766 index is asked for at once: a year, leap day included.
MAX_INDEX_DAYS = 366


class PeriodError(ValueError):
    """A period that cannot be used; `field` names the input at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def index_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """[first, last] of a 766 index request; by default this quarter so far."""
    if first is None and last is None:
        return period_bounds(Period.QUARTER, today)
    if first is None or last is None:
        raise PeriodError(
            "Cần cả ngày bắt đầu và ngày kết thúc.", "from" if first is None else "to"
        )
    if first > last:
        raise PeriodError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", "from")
    if (last - first).days + 1 > MAX_INDEX_DAYS:
        raise PeriodError(f"Mỗi lần xem tối đa {MAX_INDEX_DAYS} ngày.", "to")
    if first > today:
        raise PeriodError("Kỳ chưa bắt đầu: chưa có số liệu.", "from")
    return first, last
