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
