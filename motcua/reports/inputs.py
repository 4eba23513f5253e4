"""What a request for the report asks (period, unit, grouping), read the same way by the API and
the back-office page, with the reader's scope checked: a person sees the report of the units
where they hold REPORTS_VIEW (that unit and the units below it)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import Perm, has_perm, units_with_perm
from motcua.core.inputs import InputError, QueryError, check_day
from motcua.reports.constants import Grouping, PeriodKind
from motcua.reports.periods import Period, PeriodError, custom_period, parse_period, period_of


@dataclass(frozen=True)
class ReportQuery:
    period: Period
    unit: Unit | None  # None: every unit (administrators and whoever holds it at the top)
    grouping: str


def report_units(user: User) -> list[Unit]:
    """The units whose report `user` may read, for a choice list (top of their scope first)."""
    scope = units_with_perm(user, Perm.REPORTS_VIEW)
    found = Unit.objects.order_by("code")
    return list(found if scope is None else found.filter(pk__in=scope))


def default_unit(user: User) -> Unit | None:
    """The unit a report opens on: every unit for administrators, else the highest unit of the
    reader's scope."""
    scope = units_with_perm(user, Perm.REPORTS_VIEW)
    if scope is None:
        return None
    tops = Unit.objects.filter(pk__in=scope).exclude(parent_id__in=scope).order_by("code")
    return tops.first()


def _day(params: Mapping[str, str], name: str) -> date:
    raw = (params.get(name) or "").strip()
    label = "Từ ngày" if name == "from" else "Đến ngày"
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise QueryError(422, f"«{label}» phải là một ngày dạng YYYY-MM-DD.", field=name) from None
    try:
        return check_day(day)
    except InputError as exc:
        raise QueryError(422, f"«{label}»: {exc}", field=name) from exc


def _period(params: Mapping[str, str]) -> Period:
    try:
        if params.get("period"):
            return parse_period(params["period"])
        kind = params.get("ky") or ""
        if kind and kind != PeriodKind.CUSTOM:
            if kind not in PeriodKind.values:
                raise PeriodError("Loại kỳ báo cáo không hợp lệ.", field="ky")
            year, number = params.get("nam") or "", params.get("so") or "0"
            if not year.isdigit() or not number.isdigit():
                raise PeriodError("Năm và số kỳ phải là số.", field="nam")
            return period_of(kind, int(year), int(number))
        if not params.get("from") and not params.get("to"):
            raise QueryError(
                422,
                "Cần «from» và «to» (YYYY-MM-DD) hoặc «period» (ví dụ quy-1-2026).",
                field="from",
            )
        return custom_period(_day(params, "from"), _day(params, "to"))
    except PeriodError as exc:
        raise QueryError(422, exc.message, field=exc.field) from exc


def parse_report_query(params: Mapping[str, str], user: User) -> ReportQuery:
    """The report `user` asks for; QueryError when it cannot be given."""
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise QueryError(403, "Bạn không có quyền xem báo cáo định kỳ.")
    period = _period(params)
    grouping = params.get("group") or Grouping.FIELD
    if grouping not in Grouping.values:
        raise QueryError(422, "«group» là field (lĩnh vực) hoặc unit (đơn vị).", "group")
    code = (params.get("unit") or "").strip()
    if not code:
        return ReportQuery(period, default_unit(user), grouping)
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None:
        raise QueryError(422, f"Không có đơn vị mã «{code}».", field="unit")
    if not has_perm(user, Perm.REPORTS_VIEW, unit):
        raise QueryError(403, "Đơn vị này ngoài phạm vi bạn được xem báo cáo.", "unit")
    return ReportQuery(period, unit, grouping)
