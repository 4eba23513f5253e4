"""Report periods and their cut-off days, under the rules version in force (models.ReportingRules).

NĐ 09/2019/NĐ-CP Điều 12 (legal-facts addendum B.9), with the default cut-off 15 → 14:
month N = 15th of month N−1 → 14th of month N; quarter Q = 15th of the month before the quarter →
14th of its last month (Q1 = 15/12 of the previous year → 14/3); first half 15/12 → 14/6; second
half 15/6 → 14/12; 9 months 15/12 → 14/9; year 15/12 → 14/12.

Every window is "the day after the cut-off of the month before its first month → the cut-off of
its last month", so consecutive periods meet exactly and the carry-over of a period is what was
still in progress at the end of the previous one.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from motcua.core.localtime import format_date
from motcua.reports.constants import PeriodKind
from motcua.reports.models import ReportingRules

DEFAULT_BASIS = "NĐ 09/2019/NĐ-CP Điều 12"
ROMAN = ("I", "II", "III", "IV")
# (first month, last month) of each kind; a month or quarter is given by its number.
SPANS: dict[str, tuple[int, int]] = {
    PeriodKind.FIRST_HALF: (1, 6),
    PeriodKind.SECOND_HALF: (7, 12),
    PeriodKind.NINE_MONTHS: (1, 9),
    PeriodKind.YEAR: (1, 12),
}
NUMBERED: dict[str, int] = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}


class PeriodError(ValueError):
    """A period that does not exist (month 13, an unknown word, dates the wrong way round)."""

    def __init__(self, message: str, field: str = "period") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Period:
    kind: str  # PeriodKind
    year: int
    number: int  # month 1–12 or quarter 1–4; 0 for the other kinds
    first: date  # both days included
    last: date
    legal_basis: str

    @property
    def label(self) -> str:
        """As printed after "Kỳ báo cáo:": "Quý I năm 2026", "6 tháng đầu năm 2026"."""
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number} năm {self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == PeriodKind.YEAR:
            return f"Năm {self.year}"
        if self.kind == PeriodKind.CUSTOM:
            return f"Từ ngày {format_date(self.first)} đến ngày {format_date(self.last)}"
        return f"{PeriodKind(self.kind).label} {self.year}"

    @property
    def slug(self) -> str:
        """The `period=` value of the API and the page: "quy-1-2026", "nam-2026"."""
        if self.kind == PeriodKind.CUSTOM:
            return ""
        if self.kind in NUMBERED:
            return f"{self.kind}-{self.number}-{self.year}"
        return f"{self.kind}-{self.year}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def rules_in_force(on: date) -> ReportingRules:
    """The cut-off rules version in force on `on` (the shipped default if none is stored)."""
    found = ReportingRules.objects.filter(effective_from__lte=on).order_by("-effective_from")
    return found.first() or ReportingRules(
        effective_from=date(2019, 3, 15), legal_basis=DEFAULT_BASIS
    )


def _cutoff(rules: ReportingRules, year: int, month: int) -> date:
    """The last day of the window that ends in `month` of `year`."""
    length = calendar.monthrange(year, month)[1]
    return date(year, month, min(rules.end_day, length))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _months(kind: str, number: int) -> tuple[int, int]:
    if kind == PeriodKind.MONTH:
        if not 1 <= number <= 12:
            raise PeriodError("Tháng phải từ 1 đến 12.", field="number")
        return number, number
    if kind == PeriodKind.QUARTER:
        if not 1 <= number <= 4:
            raise PeriodError("Quý phải từ 1 đến 4.", field="number")
        return 3 * number - 2, 3 * number
    if kind in SPANS:
        return SPANS[kind]
    raise PeriodError("Loại kỳ báo cáo không hợp lệ.", field="kind")


def period_of(kind: str, year: int, number: int = 0) -> Period:
    """The window of month / quarter `number`, or of the half-year, 9 months or year of `year`,
    under the rules in force on the first day of its first calendar month."""
    if not 2000 <= year <= 2100:
        raise PeriodError("Năm báo cáo không hợp lệ.", field="year")
    first_month, last_month = _months(kind, number)
    rules = rules_in_force(date(year, first_month, 1))
    before = _month_before(year, first_month)
    return Period(
        kind=kind,
        year=year,
        number=number if kind in NUMBERED else 0,
        first=_cutoff(rules, *before) + timedelta(days=1),
        last=_cutoff(rules, year, last_month),
        legal_basis=rules.legal_basis,
    )


def custom_period(first: date, last: date) -> Period:
    """Any window of days (both included), e.g. for a check or a special request."""
    if last < first:
        raise PeriodError("«Đến ngày» phải sau hoặc bằng «Từ ngày».", field="to")
    if (last - first).days > 3 * 366:
        raise PeriodError("Kỳ báo cáo dài tối đa 3 năm.", field="to")
    rules = rules_in_force(first)
    return Period(PeriodKind.CUSTOM, last.year, 0, first, last, rules.legal_basis)


def previous_period(period: Period) -> Period:
    """The period whose in-progress dossiers this one carries over: the one ending the day before
    it starts (the previous month or quarter; H1 for H2; the previous year for the periods that
    run from 15/12: H1, 9 months, year)."""
    if period.kind == PeriodKind.MONTH:
        year, month = _month_before(period.year, period.number)
        return period_of(PeriodKind.MONTH, year, month)
    if period.kind == PeriodKind.QUARTER:
        if period.number == 1:
            return period_of(PeriodKind.QUARTER, period.year - 1, 4)
        return period_of(PeriodKind.QUARTER, period.year, period.number - 1)
    if period.kind == PeriodKind.SECOND_HALF:
        return period_of(PeriodKind.FIRST_HALF, period.year)
    if period.kind == PeriodKind.CUSTOM:
        length = timedelta(days=period.days)
        return custom_period(period.first - length, period.first - timedelta(days=1))
    return period_of(PeriodKind.YEAR, period.year - 1)


SLUG = re.compile(
    r"^(thang|quy)-(\d{1,2})-(\d{4})$|^(6-thang-dau|6-thang-cuoi|9-thang|nam)-(\d{4})$"
)


def parse_period(slug: str) -> Period:
    """ "quy-1-2026", "thang-3-2026", "6-thang-dau-2026", "6-thang-cuoi-2026", "9-thang-2026",
    "nam-2026" → the period."""
    found = SLUG.match(slug.strip().lower())
    if found is None:
        raise PeriodError(
            "Kỳ báo cáo viết như quy-1-2026, thang-3-2026, 6-thang-dau-2026, 6-thang-cuoi-2026, "
            "9-thang-2026 hoặc nam-2026."
        )
    if found.group(1):
        return period_of(found.group(1), int(found.group(3)), int(found.group(2)))
    return period_of(found.group(4), int(found.group(5)))


def current_period(kind: str, today: date) -> Period:
    """The period of `kind` that contains `today` (the page opens on it)."""
    year = today.year
    for candidate_year in (year, year + 1):
        if kind in NUMBERED:
            for number in range(1, NUMBERED[kind] + 1):
                period = period_of(kind, candidate_year, number)
                if period.first <= today <= period.last:
                    return period
        else:
            period = period_of(kind, candidate_year)
            if period.first <= today <= period.last:
                return period
    # A half or 9 months that does not cover today (e.g. 9 months in late December): the latest.
    return period_of(kind, year)
