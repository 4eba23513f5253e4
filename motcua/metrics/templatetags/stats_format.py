"""Figures of the statistics page in Vietnamese: decimal comma, working days or hours."""

from decimal import Decimal

from django import template

from motcua.core.numbers import vn_number

register = template.Library()


@register.filter
def vn_percent(value: float | None) -> str:
    """93.54 → '93,5%'."""
    return "" if value is None else f"{vn_number(value, 1)}%"


@register.filter
def working_time(minutes: float | None, minutes_per_day: int = 480) -> str:
    """Working minutes as '2,3 ngày' (from one working day up) or '5,5 giờ'."""
    if minutes is None:
        return ""
    if minutes >= minutes_per_day:
        return f"{vn_number(minutes / minutes_per_day, 1)} ngày"
    return f"{vn_number(minutes / 60, 1)} giờ"


@register.filter
def vn_decimal(value: float | Decimal | int | None, decimals: int = 2) -> str:
    """Points and rates as read in Vietnamese: 11.11 → '11,11'; None → '' (no figure)."""
    return "" if value is None else vn_number(float(value), decimals)
