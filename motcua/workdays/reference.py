"""The working calendar cached per process under the reference generation (overrides and
counting rules change rarely; every intake computes two deadlines from them)."""

from datetime import date

from motcua.core.reference import CACHE
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import load_calendar


def calendar_for(generation: int, on: date) -> WorkCalendar:
    """`load_calendar(on)` as of `generation` (`reference.generation()` read by the caller)."""
    return CACHE.get(generation, ("calendar", on), lambda: load_calendar(on))
