"""Reading the calendar and the counting rules from the database."""

from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from motcua.core.localtime import VN_TZ
from motcua.workdays.calendar import OfficeHours, Override, WorkCalendar
from motcua.workdays.constants import OverrideKind
from motcua.workdays.models import CalendarOverride, Deadline, DeadlineRules


def rules_in_force(on: date) -> DeadlineRules | None:
    """The counting-rules version in force on `on` (None before the first version)."""
    return DeadlineRules.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def load_calendar(on: date | None = None) -> WorkCalendar:
    """The calendar with every stored override and the office hours in force on `on`."""
    overrides = {
        row.day: Override(row.kind == OverrideKind.WORKING_DAY, row.name, row.legal_basis)
        for row in CalendarOverride.objects.all()
    }
    rules = rules_in_force(on or datetime.now(VN_TZ).date())
    if rules is None:
        return WorkCalendar(overrides=overrides)
    hours = OfficeHours(
        periods=(
            (rules.morning_start, rules.morning_end),
            (rules.afternoon_start, rules.afternoon_end),
        ),
        cutoff=rules.cutoff,
    )
    return WorkCalendar(overrides=overrides, hours=hours, rules_basis=rules.legal_basis)


class CalendarsByDay(dict[date, WorkCalendar]):
    """The calendar in force on each day asked for, loaded once: for jobs that judge many
    dossiers received on different days (rollup refreshes, bulk scoring)."""

    def __missing__(self, day: date) -> WorkCalendar:
        self[day] = load_calendar(day)
        return self[day]


def open_deadlines_spanning(day: date) -> QuerySet[Deadline]:
    """Open deadlines whose counting window (reception … due) contains `day`: the ones a
    change to that day's status can move."""
    day_start = datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)
    return Deadline.objects.filter(
        is_open=True, received_at__lt=day_start + timedelta(days=1), due_at__gte=day_start
    ).order_by("pk")
