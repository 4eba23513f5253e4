"""Properties of the deadline arithmetic that must hold for every reception time and duration."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.localtime import VN_TZ
from motcua.workdays.calendar import Override, WorkCalendar
from motcua.workdays.constants import DurationUnit
from motcua.workdays.deadlines import (
    Duration,
    add_working_time,
    compute_deadline,
    effective_start,
    working_seconds_between,
)

CALENDAR = WorkCalendar()
moments = st.builds(
    lambda day, minute: datetime.combine(day, time(), tzinfo=VN_TZ) + timedelta(minutes=minute),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
day_counts = st.integers(min_value=1, max_value=60)


def working_days_after(start: date, end: date) -> int:
    """Working days in (start, end]."""
    return sum(
        CALENDAR.is_working(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )


@given(moments, day_counts)
def test_n_working_days_end_at_close_of_the_nth_working_day(received, days):
    result = compute_deadline(CALENDAR, received, Duration.of(days, "working_days"))
    due = result.due_at
    assert CALENDAR.is_working(due.date())
    assert due.timetz().replace(tzinfo=None) == CALENDAR.hours.closes
    assert working_days_after(result.effective_start.date(), due.date()) == days
    assert result.effective_start >= received


@given(moments)
def test_effective_start_is_office_time_on_a_working_day(received):
    start = effective_start(CALENDAR, received)
    assert CALENDAR.is_working(start.date())
    clock = start.timetz().replace(tzinfo=None)
    assert CALENDAR.hours.opens <= clock < CALENDAR.hours.cutoff or clock == CALENDAR.hours.opens
    if start.date() != received.date():
        assert clock == CALENDAR.hours.opens


@given(moments, moments, day_counts, day_counts)
def test_later_reception_or_longer_time_never_gives_an_earlier_due(a, b, m, n):
    first, second = sorted([a, b])
    shorter, longer = sorted([m, n])
    due = lambda at, d: compute_deadline(CALENDAR, at, Duration.of(d, "working_days")).due_at  # noqa: E731
    assert due(first, shorter) <= due(second, shorter)
    assert due(first, shorter) <= due(first, longer)


@given(moments, st.integers(min_value=1, max_value=40 * 3600))
def test_working_time_added_is_the_working_time_between(start, seconds):
    start = effective_start(CALENDAR, start, apply_cutoff=False)
    end = add_working_time(CALENDAR, start, seconds)
    assert working_seconds_between(CALENDAR, start, end) == seconds


@given(moments, day_counts, moments, st.integers(min_value=0, max_value=30 * 24 * 60))
@settings(max_examples=60)
def test_a_pause_moves_the_due_time_by_the_paused_working_time(received, days, pause_at, minutes):
    pause = (pause_at, pause_at + timedelta(minutes=minutes))
    plain = compute_deadline(CALENDAR, received, Duration.of(days, "working_days"))
    paused = compute_deadline(CALENDAR, received, Duration.of(days, "working_days"), paused=[pause])
    paused_time = working_seconds_between(CALENDAR, *pause)
    assert paused.due_at >= plain.due_at
    assert working_seconds_between(CALENDAR, plain.due_at, paused.due_at) == paused_time


@given(moments, moments, day_counts)
def test_restart_counts_the_whole_time_again_from_the_new_start(received, restart, days):
    duration = Duration.of(days, "working_days")
    restarted = compute_deadline(CALENDAR, received, duration, restarted_from=restart)
    fresh = compute_deadline(CALENDAR, restart, duration)
    assert restarted.due_at == fresh.due_at
    assert restarted.explanation[0]["kind"] == "restarted"


@given(moments, st.decimals(min_value=Decimal("0.5"), max_value=Decimal(20), places=1))
def test_fractional_days_are_office_time_and_whole_days_run_to_the_close(received, days):
    as_days = compute_deadline(CALENDAR, received, Duration(days, DurationUnit.WORKING_DAYS))
    as_hours = compute_deadline(CALENDAR, received, Duration(days * 8, DurationUnit.WORKING_HOURS))
    if days == days.to_integral_value():
        # Whole days start counting the day after reception, so never end before the hours do.
        assert as_days.due_at >= as_hours.due_at
    else:
        assert as_days.due_at == as_hours.due_at


def test_an_override_turns_a_statutory_day_into_a_working_day_and_back():
    saturday = date(2026, 1, 10)
    worked = WorkCalendar(overrides={saturday: Override(True, "Làm bù", "TB thử")})
    received = datetime(2026, 1, 9, 9, tzinfo=VN_TZ)
    duration = Duration.of(1, "working_days")
    assert compute_deadline(CALENDAR, received, duration).due_at.date() == date(2026, 1, 12)
    assert compute_deadline(worked, received, duration).due_at.date() == saturday
    assert worked.status(saturday).legal_basis == "TB thử"


def test_negative_durations_are_refused():
    import pytest

    with pytest.raises(ValueError, match="âm"):
        compute_deadline(
            CALENDAR,
            datetime(2026, 1, 5, 9, tzinfo=VN_TZ),
            Duration(Decimal(-1), DurationUnit.WORKING_DAYS),
        )
