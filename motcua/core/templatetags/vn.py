"""Template filters for Vietnamese display: dates dd/mm/yyyy, money in đồng."""

from datetime import date, datetime

from django import template

from motcua.core import localtime, money

register = template.Library()


@register.filter
def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = localtime.to_local(value).date()
    return localtime.format_date(value)


@register.filter
def vn_datetime(value: datetime | None) -> str:
    return localtime.format_datetime(value) if value else ""


@register.filter
def vn_day(value: date | None) -> str:
    return localtime.format_day(value) if value else ""


@register.filter
def vnd(value: int | None) -> str:
    return money.format_vnd(value)


@register.filter
def vn_iso_datetime(value: str | None) -> str:
    """An ISO time stored in JSON (event data), shown as HH:MM dd/mm/yyyy in Vietnam time."""
    return localtime.format_datetime(datetime.fromisoformat(value)) if value else ""


@register.simple_tag
def freshness(refreshed_at: datetime | str | None) -> str:
    """How fresh a page built on rollups is: one wording on every such page (a template passes
    "" for a missing run)."""
    if not isinstance(refreshed_at, datetime):
        return "Số liệu chưa được tổng hợp lần nào; bộ xử lý nền sẽ tổng hợp trong vài phút."
    return f"Số liệu cập nhật lúc {localtime.format_datetime(refreshed_at)}."
