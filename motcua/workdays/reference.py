"""The working calendar cached per process under the reference generation (overrides and
counting rules change rarely; every intake computes two deadlines from them)."""

from datetime import date

from motcua.core.reference import CACHE
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.models import DeadlineRules
from motcua.workdays.selectors import load_calendar, rules_in_force


def calendar_for(generation: int, on: date) -> WorkCalendar:
    """`load_calendar(on)` as of `generation` (`reference.generation()` read by the caller)."""
    return CACHE.get(generation, ("calendar", on), lambda: load_calendar(on))


def rules_for(generation: int, on: date) -> DeadlineRules | None:
    """`rules_in_force(on)` as of `generation` (the dossier pages and the rollup ask it often)."""
    return CACHE.get(generation, ("rules", on), lambda: rules_in_force(on))
