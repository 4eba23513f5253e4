"""What a request for the evaluation summary asks (unit, year, quarter), read the same way by the
back-office page and the API, with the reader's scope checked: a person sees the summary of the
units where they hold REPORTS_VIEW."""

from dataclasses import dataclass
from datetime import date

from motcua.accounts.models import Membership, Unit, User
from motcua.accounts.permissions import Perm, has_perm, units_with_perm
from motcua.core.inputs import QueryError
from motcua.ratings.evaluation import period_of, rules_of
from motcua.ratings.selectors import scheme_in_force

FIRST_YEAR = 2019  # TT 01/2018 took effect on 06/01/2019


@dataclass(frozen=True)
class EvaluationQuery:
    unit: Unit
    year: int
    quarter: int | None  # None: the whole year

    @property
    def query(self) -> str:
        """The back-office page's query string for the same choice."""
        return f"don-vi={self.unit.code}&nam={self.year}&quy={self.quarter or ''}"


def evaluation_units(user: User) -> list[Unit]:
    """The active units whose summary `user` may read, for a choice list."""
    allowed = units_with_perm(user, Perm.REPORTS_VIEW)
    units = Unit.objects.filter(is_active=True).order_by("code")
    return list(units if allowed is None else units.filter(pk__in=allowed))


def _default_unit(user: User, units: list[Unit]) -> Unit:
    """The unit a summary opens on: the reader's own unit among `units`, else the first one."""
    by_pk = {u.pk: u for u in units}
    for membership in Membership.objects.filter(user=user).order_by("unit__code"):
        if membership.unit_id in by_pk:
            return by_pk[membership.unit_id]
    return units[0]


def parse_evaluation_query(
    user: User, *, unit_code: str, year: str, quarter: str | None, today: date
) -> EvaluationQuery:
    """The summary `user` asks for. `quarter` "" asks for the whole year; None leaves the quarter
    to the current evaluation period. QueryError when it cannot be given."""
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise QueryError(403, "Chỉ lãnh đạo và quản trị được xem báo cáo đánh giá.")
    units = evaluation_units(user)
    if not units:
        raise QueryError(403, "Bạn không xem được báo cáo của đơn vị nào.")
    scheme = scheme_in_force(today)
    chosen_year, chosen_quarter = (
        period_of(rules_of(scheme.config), today) if scheme else (today.year, None)
    )
    code = unit_code.strip()
    unit = next((u for u in units if u.code == code), None) if code else None
    if code and unit is None:
        if not Unit.objects.filter(code=code).exists():
            raise QueryError(422, f"Không có đơn vị mã «{code}».", "unit")
        raise QueryError(403, "Bạn không xem được báo cáo của đơn vị này.", "unit")
    if year:
        if not year.isdigit() or not FIRST_YEAR <= int(year) <= today.year + 1:
            raise QueryError(422, f"Năm phải từ {FIRST_YEAR} đến {today.year + 1}.", "year")
        chosen_year = int(year)
    if quarter is not None:
        if quarter not in ("", "1", "2", "3", "4"):
            raise QueryError(422, "Quý phải là 1, 2, 3, 4 hoặc để trống (cả năm).", "quarter")
        chosen_quarter = int(quarter) if quarter else None
    return EvaluationQuery(unit or _default_unit(user, units), chosen_year, chosen_quarter)
