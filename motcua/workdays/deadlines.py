"""Deadline arithmetic on the working-day calendar, with an explanation a citizen can read.

Conventions (NĐ 61/2018 Đ18, carried into the 2025 provincial rules; see docs):
- A dossier received after the cut-off (default 15:00), after office hours or on a day off counts
  as received at the start of the next working day.
- "N ngày làm việc" ends at the close of office hours on the Nth working day after the effective
  reception day; a fractional N (0,5 ngày) is counted as working time (N × office hours per day).
- "N giờ làm việc" is counted in office time from the effective start.
- "Trong ngày" ends at the close of the effective reception day.
- "N ngày" (calendar days) ends at the close of the Nth day; if that is a day off, at the close of
  the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5).
- Paused intervals (waiting for the applicant) push the due time by the working time they cover.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from motcua.core.localtime import format_date, format_datetime, format_day, to_local
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.constants import DurationUnit


@dataclass(frozen=True)
class Duration:
    value: Decimal
    unit: DurationUnit

    @classmethod
    def of(cls, value: float | int | str | Decimal | None, unit: str) -> "Duration":
        return cls(Decimal(str(value if value is not None else 0)), DurationUnit(unit))

    def label(self) -> str:
        if self.unit == DurationUnit.SAME_DAY:
            return "Trong ngày"
        number = f"{self.value.normalize():f}".replace(".", ",")
        if self.value == self.value.to_integral_value() and self.value < 10:
            number = f"{int(self.value):02d}"
        return f"{number} {DurationUnit(self.unit).label}"


@dataclass
class DeadlineResult:
    received_at: datetime
    effective_start: datetime
    due_at: datetime
    explanation: list[dict[str, Any]] = field(default_factory=list)


class _Notes(list[dict[str, Any]]):
    def add(self, kind: str, text: str, day: date | None = None) -> None:
        self.append({"date": day.isoformat() if day else None, "kind": kind, "text": text})


def effective_start(
    calendar: WorkCalendar,
    received_at: datetime,
    *,
    apply_cutoff: bool = True,
    notes: _Notes | None = None,
) -> datetime:
    """The moment counting begins for something received at `received_at`."""
    notes = notes if notes is not None else _Notes()
    local = to_local(received_at)
    day = local.date()
    status = calendar.status(day)
    clock = local.timetz().replace(tzinfo=None)
    if not status.is_working:
        why = f"Tiếp nhận vào ngày nghỉ ({status.describe()})"
    elif apply_cutoff and clock >= calendar.hours.cutoff:
        why = (
            f"Tiếp nhận lúc {local:%H:%M}, sau giờ chốt {calendar.hours.cutoff:%H:%M} "
            "(NĐ 61/2018, Điều 18)"
        )
    elif clock >= calendar.hours.closes:
        why = f"Tiếp nhận lúc {local:%H:%M}, sau giờ làm việc"
    else:
        return calendar.opening(day) if clock < calendar.hours.opens else local
    nxt = calendar.next_working_day(day)
    notes.add(
        "shifted",
        f"{why}; tính như tiếp nhận đầu giờ ngày làm việc tiếp theo, {format_day(nxt)}.",
        day,
    )
    skipped = day + timedelta(days=1)
    while skipped < nxt:
        notes.add("skipped", f"Không tính {calendar.status(skipped).describe()}.", skipped)
        skipped += timedelta(days=1)
    return calendar.opening(nxt)


def add_working_time(
    calendar: WorkCalendar, start: datetime, seconds: float, notes: _Notes | None = None
) -> datetime:
    """The moment `seconds` of office time after `start` (skipping nights and days off)."""
    notes = notes if notes is not None else _Notes()
    remaining = timedelta(seconds=seconds)
    moment = to_local(start)
    if seconds <= 0:
        return moment
    day = moment.date()
    while True:
        periods = calendar.periods(day)
        if not periods:
            notes.add("skipped", f"Không tính {calendar.status(day).describe()}.", day)
        for period_start, period_end in periods:
            if moment >= period_end:
                continue
            moment = max(moment, period_start)
            available = period_end - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
            moment = period_end
        day += timedelta(days=1)
        moment = calendar.opening(day)


def working_seconds_between(calendar: WorkCalendar, start: datetime, end: datetime) -> float:
    """Office time, in seconds, between two moments (0 when end is not after start)."""
    start, end = to_local(start), to_local(end)
    total = 0.0
    day = start.date()
    while day <= end.date():
        for period_start, period_end in calendar.periods(day):
            lo, hi = max(period_start, start), min(period_end, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total


def _add_working_days(calendar: WorkCalendar, day: date, count: int, notes: _Notes) -> date:
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        status = calendar.status(day)
        if status.is_working:
            counted += 1
            notes.add(
                "counted",
                f"Ngày làm việc thứ {counted}: {format_day(day)}"
                + (f" ({status.reason})" if status.legal_basis else "")
                + ".",
                day,
            )
        else:
            notes.add("skipped", f"Không tính {status.describe()}.", day)
    return day


def compute_deadline(
    calendar: WorkCalendar,
    received_at: datetime,
    duration: Duration,
    *,
    apply_cutoff: bool = True,
    paused: Iterable[tuple[datetime, datetime]] = (),
    restarted_from: datetime | None = None,
) -> DeadlineResult:
    """Due time for `duration` counted from `received_at` (or from `restarted_from`)."""
    if duration.value < 0:
        raise ValueError("Thời hạn không được âm.")
    notes = _Notes()
    origin = to_local(restarted_from or received_at)
    if restarted_from is not None:
        notes.add(
            "restarted",
            f"Thời hạn được tính lại từ đầu kể từ {format_datetime(origin)} "
            "(nhận đủ hồ sơ bổ sung; NĐ 61/2018, Điều 19 khoản 4).",
            origin.date(),
        )
    else:
        notes.add("received", f"Tiếp nhận lúc {format_datetime(origin)}.", origin.date())
    start = effective_start(calendar, origin, apply_cutoff=apply_cutoff, notes=notes)
    start_day = start.date()
    value, unit = duration.value, duration.unit
    whole_days = value == value.to_integral_value()

    if unit == DurationUnit.SAME_DAY or (unit == DurationUnit.WORKING_DAYS and value == 0):
        due = calendar.closing(start_day)
        notes.add(
            "rule",
            "Thời hạn trong ngày: trả kết quả trước khi hết giờ làm việc của ngày tiếp nhận.",
            start_day,
        )
    elif unit == DurationUnit.WORKING_DAYS and whole_days:
        notes.add(
            "rule",
            f"Thời hạn {duration.label()}, tính từ ngày làm việc kế tiếp ngày "
            f"tiếp nhận {format_date(start_day)}.",
            start_day,
        )
        due = calendar.closing(_add_working_days(calendar, start_day, int(value), notes))
    elif unit in (DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS):
        per_unit = calendar.hours.seconds_per_day if unit == DurationUnit.WORKING_DAYS else 3600
        notes.add(
            "rule",
            f"Thời hạn {duration.label()}, tính theo giờ làm việc từ {format_datetime(start)}.",
            start_day,
        )
        due = add_working_time(calendar, start, float(value) * per_unit, notes)
    else:  # calendar days
        last = start_day + timedelta(days=int(value.to_integral_value()))
        notes.add(
            "rule",
            f"Thời hạn {duration.label()} (ngày theo lịch): ngày cuối là {format_day(last)}.",
            last,
        )
        if not calendar.is_working(last):
            moved = calendar.next_working_day(last)
            notes.add(
                "skipped",
                f"Ngày cuối trùng ngày nghỉ ({calendar.status(last).describe()});"
                f" hạn chuyển sang {format_day(moved)} (Bộ luật Dân sự 2015, Điều 148).",
                last,
            )
            last = moved
        due = calendar.closing(last)

    paused_seconds = sum(working_seconds_between(calendar, a, b) for a, b in paused)
    for a, b in paused:
        notes.add(
            "paused",
            f"Tạm dừng tính thời gian từ {format_datetime(a)} đến {format_datetime(b)}.",
            to_local(a).date(),
        )
    if paused_seconds > 0:
        hours = paused_seconds / 3600
        notes.add(
            "paused",
            f"Cộng thêm {hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            + " giờ làm việc đã tạm dừng vào hạn.",
            None,
        )
        due = add_working_time(calendar, due, paused_seconds, notes)

    notes.add(
        "due", f"Hạn giải quyết: {format_datetime(due)} ({format_day(due.date())}).", due.date()
    )
    return DeadlineResult(to_local(received_at), start, due, list(notes))
