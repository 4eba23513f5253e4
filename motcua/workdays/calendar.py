"""The working-day calendar: statutory holidays (the `holidays` package, VN) corrected by the
government's yearly announcements stored as overrides, and the office hours in force."""

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from motcua.core.localtime import WEEKDAYS, at, format_date

LABOUR_CODE_BASIS = "Bộ luật Lao động 2019, Điều 111–112; lịch nghỉ công bố hằng năm"
WEEKEND_BASIS = "QĐ 188/1999/QĐ-TTg, Điều 1 (nghỉ thứ Bảy, Chủ nhật)"

_statutory_lock = threading.Lock()


@cache
def _statutory() -> holidays.HolidayBase:
    """One shared table of Vietnamese statutory holidays, filled for the years we serve."""
    with _statutory_lock:
        table = holidays.country_holidays("VN", language="vi", years=range(2015, 2041))
        return table


@dataclass(frozen=True)
class OfficeHours:
    """Office periods of a working day and the daily reception cut-off."""

    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
    cutoff: time = time(15)

    @property
    def opens(self) -> time:
        return self.periods[0][0]

    @property
    def closes(self) -> time:
        return self.periods[-1][1]

    @property
    def seconds_per_day(self) -> int:
        return sum(_seconds(end) - _seconds(start) for start, end in self.periods)


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


@dataclass(frozen=True)
class Override:
    is_working: bool
    name: str
    legal_basis: str


@dataclass(frozen=True)
class DayStatus:
    day: date
    is_working: bool
    reason: str
    legal_basis: str

    def describe(self) -> str:
        """'Thứ Hai 27/04/2026: Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'."""
        return f"{WEEKDAYS[self.day.weekday()]} {format_date(self.day)}: {self.reason}"


@dataclass
class WorkCalendar:
    """Answers "is this a working day, and why" and knows the office hours."""

    overrides: dict[date, Override] = field(default_factory=dict)
    hours: OfficeHours = field(default_factory=OfficeHours)
    rules_basis: str = ""
    # periods() of the days asked for (a calendar is not changed once loaded: a change to the
    # overrides or the hours loads a new one).
    _periods: dict[date, list[tuple[datetime, datetime]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def status(self, day: date) -> DayStatus:
        override = self.overrides.get(day)
        if override is not None:
            return DayStatus(day, override.is_working, override.name, override.legal_basis)
        statutory = _statutory()
        name = statutory.get(day)
        if name:
            return DayStatus(day, False, name, LABOUR_CODE_BASIS)
        if day in statutory.weekend_workdays:
            return DayStatus(day, True, "Ngày làm bù (hoán đổi ngày nghỉ)", LABOUR_CODE_BASIS)
        if day.weekday() >= 5:
            return DayStatus(day, False, "Nghỉ cuối tuần", WEEKEND_BASIS)
        return DayStatus(day, True, "Ngày làm việc", "")

    def is_working(self, day: date) -> bool:
        return self.status(day).is_working

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working(day):
            day += timedelta(days=1)
        return day

    def opening(self, day: date) -> datetime:
        return at(day, self.hours.opens)

    def closing(self, day: date) -> datetime:
        return at(day, self.hours.closes)

    def periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """Office periods of `day` as aware datetimes; none on a day off. Remembered per day: a
        rollup rebuild measures the working time of a million dossiers over the same days."""
        found = self._periods.get(day)
        if found is None:
            found = self._periods[day] = (
                [(at(day, start), at(day, end)) for start, end in self.hours.periods]
                if self.is_working(day)
                else []
            )
        return found
