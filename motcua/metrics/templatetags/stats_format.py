"""Figures of the statistics page in Vietnamese: decimal comma, working days or hours."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from motcua.core.numbers import vn_number

register = template.Library()


def _one_decimal(value: float) -> str:
    """Rounded half up as people do by hand (5,25 → 5,3), with a decimal comma."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".replace(".", ",")


@register.filter
def vn_percent(value: float | None) -> str:
    """93.54 → '93,5%'."""
    return "" if value is None else f"{_one_decimal(value)}%"


@register.filter
def working_time(minutes: float | None, minutes_per_day: int = 480) -> str:
    """Working minutes as '2,3 ngày' (from one working day up) or '5,5 giờ'."""
    if minutes is None:
        return ""
    if minutes >= minutes_per_day:
        return f"{_one_decimal(minutes / minutes_per_day)} ngày"
    return f"{_one_decimal(minutes / 60)} giờ"


@register.filter
def vn_decimal(value: float | Decimal | int | None, decimals: int = 2) -> str:
    """Points and rates as read in Vietnamese: 11.11 → '11,11'; None → '' (no figure)."""
    return "" if value is None else vn_number(float(value), decimals)
