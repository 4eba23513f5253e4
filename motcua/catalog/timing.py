"""Comparing a case's internal process with its legal processing time.

Plans target a 30 % cut of processing time; the sum of the steps' allotted time is compared with
the legal time in working hours (one working day = the office hours of a day, 8 by default).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import Duration

HOURS_PER_DAY = Decimal(8)


def working_hours(duration: Duration) -> Decimal | None:
    """Length in working hours; None for calendar days, which have no fixed working length."""
    if duration.unit == DurationUnit.WORKING_DAYS:
        return duration.value * HOURS_PER_DAY
    if duration.unit == DurationUnit.WORKING_HOURS:
        return duration.value
    if duration.unit == DurationUnit.SAME_DAY:
        return HOURS_PER_DAY
    return None


def hours_label(hours: Decimal) -> str:
    """'2 ngày 4 giờ làm việc' style label for a number of working hours."""
    days, rest = divmod(hours, HOURS_PER_DAY)
    parts = []
    if days:
        parts.append(f"{int(days)} ngày")
    if rest:
        parts.append(f"{rest.normalize():f}".replace(".", ",") + " giờ")
    return (" ".join(parts) or "0 giờ") + " làm việc"


@dataclass(frozen=True)
class ProcessTiming:
    legal_hours: Decimal | None
    steps_hours: Decimal | None
    reduction_percent: Decimal | None  # share of the legal time the process saves
    problem: str  # Vietnamese; empty when the process fits the legal time


def process_timing(legal: Duration | None, steps: list[Duration]) -> ProcessTiming:
    legal_hours = working_hours(legal) if legal else None
    step_hours = [working_hours(step) for step in steps]
    known = [hours for hours in step_hours if hours is not None]
    steps_total = sum(known, Decimal(0)) if steps and len(known) == len(steps) else None
    if legal_hours is None or steps_total is None:
        return ProcessTiming(legal_hours, steps_total, None, "")
    problem = ""
    if steps_total > legal_hours:
        problem = (
            f"Tổng thời gian các bước ({hours_label(steps_total)}) vượt thời hạn giải "
            f"quyết ({hours_label(legal_hours)})."
        )
    reduction = None
    if legal_hours:
        reduction = ((legal_hours - steps_total) * 100 / legal_hours).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return ProcessTiming(legal_hours, steps_total, reduction, problem)
