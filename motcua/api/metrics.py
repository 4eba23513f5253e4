"""Statistics for other systems: the Decision 766 index of a period and unit, from the rollups."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from motcua.accounts.permissions import person
from motcua.api.answers import Index766, answers
from motcua.api.auth import AUTH
from motcua.core.inputs import Code, Day, QueryError
from motcua.metrics.index766 import IndexResult
from motcua.metrics.periods import PeriodError, index_period
from motcua.metrics.selectors import DRILLS, ScopeError, index_766, index_scope_for, last_refresh

router = Router(tags=["Thống kê"], auth=AUTH)


class IndexQuery(Schema):
    first: Day | None = Field(None, alias="from", description="Ngày đầu kỳ, YYYY-MM-DD")
    last: Day | None = Field(None, alias="to", description="Ngày cuối kỳ, YYYY-MM-DD")
    unit: Code = Field("", description="Mã định danh đơn vị (để trống: mọi đơn vị được xem)")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def index_body(result: IndexResult, unit_code: str) -> dict[str, Any]:
    scheme = result.scheme
    query = f"?from={result.first}&to={result.last}&unit={unit_code}"
    groups = []
    for group in result.groups:
        indicators = []
        for found in group.indicators:
            d = found.definition
            drill = d.formula in DRILLS and found.has_data and found.denominator
            indicators.append(
                {
                    "id": d.id,
                    "name": d.name,
                    "numerator": found.numerator,
                    "denominator": found.denominator,
                    "rate": _number(found.rate),
                    "points": _number(found.points),
                    "max_points": _number(d.max_points),
                    "threshold": _number(d.threshold),
                    "value": _number(found.value),
                    "value_unit": found.value_unit or None,
                    "note": found.note or None,
                    "points_confirmed": d.confirmed,
                    "dossiers": (
                        reverse("metrics_index:dossiers", args=[d.id]) + query if drill else None
                    ),
                }
            )
        groups.append(
            {
                "id": group.definition.id,
                "name": group.definition.name,
                "max_points": _number(group.definition.max_points),
                "points": _number(group.points),
                "measured_max_points": _number(group.measured_max_points),
                "indicators": indicators,
            }
        )
    refresh = last_refresh()
    return {
        "from": result.first,
        "to": result.last,
        "scheme": {
            "code": scheme.code,
            "name": scheme.name,
            "effective_from": scheme.effective_from,
            "legal_basis": scheme.legal_basis,
        },
        "max_points": _number(result.max_points),
        "points": _number(result.points),
        "measured_max_points": _number(result.measured_max_points),
        "band": result.band.name if result.band else None,
        "refreshed_at": refresh.finished_at if refresh else None,
        "groups": groups,
    }


@router.get(
    "/766",
    response=answers({200: Index766}, 401, 403, 422),
    summary="Bộ chỉ số 766 của một kỳ",
    by_alias=True,
)
def index_766_view(request: HttpRequest, query: Query[IndexQuery]) -> dict[str, Any]:
    """Groups with `max_points` and `points` (null when no indicator of the group has data), and
    per indicator `numerator`, `denominator`, `rate` (%), `points`; an indicator whose data
    MotCua does not have yet has `points` null and the `note` "Chưa có dữ liệu …"."""
    try:
        scope, unit = index_scope_for(person(request), query.unit)
    except ScopeError as exc:
        raise QueryError(403 if exc.forbidden else 422, str(exc), "unit") from exc
    try:
        first, last = index_period(query.first, query.last, timezone.localdate())
    except PeriodError as exc:
        raise QueryError(422, str(exc), exc.field) from exc
    result = index_766(first=first, last=last, scope=scope)
    if result is None:
        raise QueryError(422, "Chưa có phiên bản bộ chỉ số áp dụng cho kỳ này.", "to")
    body = index_body(result, unit.code if unit else "")
    body["unit"] = {"code": unit.code, "name": unit.name} if unit else None
    return body
