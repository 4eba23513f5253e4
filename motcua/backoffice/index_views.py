"""The 766 index in the back office, under /can-bo/chi-so-766/ (index_urls.py)."""

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import Unit
from motcua.accounts.permissions import Perm, has_perm, person
from motcua.core.charts import line_chart
from motcua.core.exports import FORMATS, table_response
from motcua.metrics.index766 import IndexResult, scheme_of
from motcua.metrics.periods import PeriodError, index_period
from motcua.metrics.selectors import (
    DRILLS,
    Scope,
    ScopeError,
    index_766,
    index_scope_for,
    index_trend,
    indicator_dossiers,
    last_refresh,
    scheme_in_force,
    units_for_index,
)

INDEX_PAGE_SIZE = 25
TREND_MONTHS = 12


def _parsed_day(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise PeriodError(f"Ngày «{value}» không đúng dạng dd/mm/yyyy.", "from")


def _index_request(request: HttpRequest) -> tuple[Scope, Unit | None, date, date]:
    """Period and scope of an index page; PermissionDenied outside the user's units."""
    try:
        scope, unit = index_scope_for(person(request), request.GET.get("unit", ""))
    except ScopeError as exc:
        if exc.forbidden:
            raise PermissionDenied(str(exc)) from exc
        raise PeriodError(str(exc), "unit") from exc
    first = _parsed_day(request.GET.get("from", ""))
    try:
        last = _parsed_day(request.GET.get("to", ""))
    except PeriodError as exc:
        raise PeriodError(str(exc), "to") from exc
    first, last = index_period(first, last, timezone.localdate())
    return scope, unit, first, last


def _index_rows(result: IndexResult) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for group in result.groups:
        g = group.definition
        rows.append([f"Nhóm {g.id}", g.name, None, None, None, group.points, g.max_points, ""])
        for found in group.indicators:
            d = found.definition
            rows.append(
                [
                    d.id,
                    d.name,
                    found.numerator if found.has_data else None,
                    found.denominator if found.has_data else None,
                    found.value if found.value is not None else found.rate,
                    found.points,
                    d.max_points,
                    found.note,
                ]
            )
    rows.append(["", "Tổng", None, None, None, result.points, result.max_points, ""])
    return rows


INDEX_HEADERS = ("Mã", "Chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Ghi chú")


@login_required
def index_page(request: HttpRequest) -> HttpResponse:
    """The 766 index of a period for the user's units: groups, indicators, points, trend."""
    user = person(request)
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise PermissionDenied("Bạn không có quyền xem báo cáo, thống kê.")
    context: dict[str, Any] = {"units": units_for_index(user), "query": request.GET}
    try:
        scope, unit, first, last = _index_request(request)
    except PeriodError as exc:
        context["error"] = str(exc)
        return render(request, "metrics/index766.html", context, status=400)
    result = index_766(first=first, last=last, scope=scope)
    if result is None:
        context["error"] = "Chưa có phiên bản bộ chỉ số 766 áp dụng cho kỳ này."
        return render(request, "metrics/index766.html", context, status=400)
    trend = index_trend(last=last, scope=scope, months=TREND_MONTHS)
    query = urlencode(
        {"from": first.isoformat(), "to": last.isoformat(), "unit": unit.code if unit else ""}
    )
    stamp = f"{first:%d-%m-%Y}-{last:%d-%m-%Y}"
    export, fmt = request.GET.get("xuat", ""), request.GET.get("dinh-dang", "xlsx")
    if export == "chi-so" and fmt in FORMATS:
        return table_response(
            filename=f"chi-so-766-{stamp}",
            title=f"Bộ chỉ số 766 từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}",
            headers=INDEX_HEADERS,
            rows=_index_rows(result),
            fmt=fmt,
        )
    groups = list(result.scheme.groups)
    # By group id: an older month may be scored by an older version of the scheme.
    trend_rows = [
        (
            month,
            [{g.definition.id: g.points for g in month.result.groups}.get(d.id) for d in groups],
        )
        for month in trend
    ]
    if export == "xu-huong" and fmt in FORMATS:
        return table_response(
            filename=f"chi-so-766-12-thang-{last:%m-%Y}",
            title=f"Bộ chỉ số 766 theo tháng, đến {last:%m/%Y}",
            headers=("Tháng", *(f"Nhóm {d.id} (tối đa {d.max_points})" for d in groups), "Tổng"),
            rows=[[f"{m.first:%m/%Y}", *points, m.result.points] for m, points in trend_rows],
            fmt=fmt,
        )
    chart = line_chart(
        [
            (f"{m.first:%m/%y}", None if m.result.points is None else float(m.result.points))
            for m in trend
        ],
        title="Tổng điểm bộ chỉ số 766 theo tháng",
        series_name="Tổng điểm (đo được)",
        ceiling=float(result.max_points),
    )
    context.update(
        result=result,
        unit=unit,
        first=first,
        last=last,
        link_query=query,
        drills=set(DRILLS),
        groups=groups,
        trend_rows=trend_rows,
        chart=chart,
        refresh=last_refresh(),
    )
    return render(request, "metrics/index766.html", context)


@login_required
def index_dossiers_page(request: HttpRequest, indicator: str) -> HttpResponse:
    """The dossiers behind one figure of the index: its numerator, or the rest."""
    user = person(request)
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise PermissionDenied("Bạn không có quyền xem báo cáo, thống kê.")
    try:
        scope, unit, first, last = _index_request(request)
    except PeriodError as exc:
        return render(request, "metrics/index766_dossiers.html", {"error": str(exc)}, status=400)
    stored = scheme_in_force(last)
    definition = scheme_of(stored.definition).indicator(indicator) if stored else None
    if definition is None or definition.formula not in DRILLS:
        raise Http404("Chỉ số này không có danh sách hồ sơ.")
    drill = DRILLS[definition.formula]
    group = request.GET.get("nhom", drill.bad[0])
    if group not in (drill.good[0], drill.bad[0]):
        group = drill.bad[0]
    rows = indicator_dossiers(
        formula=definition.formula, good=group == drill.good[0], first=first, last=last, scope=scope
    )
    page = Paginator(rows, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {"from": first.isoformat(), "to": last.isoformat(), "unit": unit.code if unit else ""}
    )
    return render(
        request,
        "metrics/index766_dossiers.html",
        {
            "definition": definition,
            "drill": drill,
            "group": group,
            "label": drill.good[1] if group == drill.good[0] else drill.bad[1],
            "page": page,
            "unit": unit,
            "first": first,
            "last": last,
            "link_query": query,
            "refresh": last_refresh(),
        },
    )
