"""Time zone and display helpers: every date a person reads is dd/mm/yyyy in Asia/Ho_Chi_Minh."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def to_local(moment: datetime) -> datetime:
    """Return an aware datetime in Vietnam time; naive input is taken as Vietnam time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def at(day: date, clock: time) -> datetime:
    """The aware moment at `clock` o'clock on `day` in Vietnam time."""
    return datetime.combine(day, clock, tzinfo=VN_TZ)


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def format_day(day: date) -> str:
    """'Thứ Hai 27/04/2026'."""
    return f"{WEEKDAYS[day.weekday()]} {format_date(day)}"


def format_datetime(moment: datetime) -> str:
    local = to_local(moment)
    return f"{local:%H:%M} {format_date(local.date())}"
