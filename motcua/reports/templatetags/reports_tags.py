from django import template

from motcua.core.numbers import vn_number

register = template.Library()


@register.filter
def count(value: int | None) -> str:
    """1234 → "1.234", as Vietnamese readers write numbers."""
    return vn_number(value)
