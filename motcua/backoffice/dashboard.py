"""Dashboards: for leaders (today's intake, work in progress by unit, the 766 index, trends) and
for unit heads (each officer's workload). Every chart has its table beside it, every table can be
taken away as CSV or XLSX, and every count links to the dossiers behind it."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Unit
from motcua.accounts.permissions import (
    Perm,
    has_perm,
    person,
    unit_and_descendants,
    units_with_perm,
)
from motcua.backoffice.views import staff_required
from motcua.core.charts import PALETTE, Series, line_chart, stacked_bars
from motcua.core.exports import FORMATS, table_response
from motcua.core.localtime import to_local
from motcua.dossiers.constants import Channel
from motcua.dossiers.selectors import (
    Workload,
    accepted_since,
    day_start,
    dossiers_of_units,
    handovers_by_officer,
    workload_by_officer,
    workload_by_unit,
)
from motcua.metrics.index766 import IndexResult, IndicatorResult
from motcua.metrics.selectors import index_766, index_scope_for, index_trend, last_refresh

HANDOVER_DAYS = 30
WORKLOAD_HEADERS = ("Đang giải quyết", "Sắp đến hạn", "Quá hạn", "Quá hạn, chưa xin lỗi")
WORKLOAD_SERIES = (
    Series("Còn hạn", PALETTE[0]),
    Series("Sắp đến hạn", PALETTE[4]),
    Series("Quá hạn", PALETTE[1]),
)


# The indicators a leader follows month by month (ids of the 766 scheme in force).
TREND_INDICATORS = (("2.1", "Tỷ lệ đúng hạn (%)"), ("3.3", "Tỷ lệ hồ sơ trực tuyến (%)"))
ON_TIME = "2.1"


def _indicator(result: IndexResult, indicator_id: str) -> IndicatorResult | None:
    return next(
        (i for g in result.groups for i in g.indicators if i.definition.id == indicator_id), None
    )


def _rate(result: IndexResult, indicator_id: str) -> Decimal | None:
    found = _indicator(result, indicator_id)
    return found.rate if found is not None else None


@dataclass(frozen=True)
class OfficerRow:
    workload: Workload
    early: int
    on_time: int
    late: int


def _chosen_unit(request: HttpRequest, allowed: set[int] | None) -> Unit | None:
    raw = request.GET.get("don-vi", "")
    if not raw.isdigit():
        return None
    unit = Unit.objects.filter(pk=int(raw)).first()
    if unit is None or (allowed is not None and unit.pk not in allowed):
        raise PermissionDenied("Anh/chị không được xem số liệu của đơn vị này.")
    return unit


def _list_link(inbox: str, **filters: Any) -> str:
    query = {"hop": inbox, **{k: v for k, v in filters.items() if v is not None}}
    return f"{reverse('backoffice:home')}?{urlencode(query)}"


def _bars(rows: list[Workload]) -> list[tuple[str, list[int]]]:
    return [
        (row.label, [row.open - row.due_soon - row.overdue, row.due_soon, row.overdue])
        for row in rows
    ]


def _workload_table(rows: list[Workload]) -> list[list[Any]]:
    return [[r.label, r.open, r.due_soon, r.overdue, r.unapologised] for r in rows]


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = person(request)
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise PermissionDenied("Trang tổng quan dành cho lãnh đạo đơn vị.")
    allowed = units_with_perm(user, Perm.REPORTS_VIEW)
    unit = _chosen_unit(request, allowed)
    scope = unit_and_descendants(unit) if unit is not None else allowed
    dossiers = dossiers_of_units(scope)
    now = timezone.now()
    today = to_local(now).date()
    by_unit = workload_by_unit(dossiers, now)
    officers = workload_by_officer(dossiers, scope, now)
    marks = handovers_by_officer(
        [w.key for w in officers if w.key is not None], now - timedelta(days=HANDOVER_DAYS)
    )
    officer_rows = [
        OfficerRow(
            w,
            **{k: marks.get(w.key or 0, {}).get(k, 0) for k in ("early", "on_time", "late")},
        )
        for w in officers
    ]
    export = request.GET.get("xuat", "")
    fmt = request.GET.get("dinh-dang", "xlsx")
    if export and fmt in FORMATS:
        stamp = f"{today:%d-%m-%Y}"
        if export == "don-vi":
            return table_response(
                filename=f"ho-so-dang-giai-quyet-theo-don-vi-{stamp}",
                title=f"Hồ sơ đang giải quyết theo đơn vị, {today:%d/%m/%Y}",
                headers=("Đơn vị", *WORKLOAD_HEADERS),
                rows=_workload_table(by_unit),
                fmt=fmt,
            )
        if export == "can-bo":
            return table_response(
                filename=f"khoi-luong-cong-viec-theo-can-bo-{stamp}",
                title=f"Khối lượng công việc theo cán bộ, {today:%d/%m/%Y}",
                headers=(
                    "Cán bộ",
                    *WORKLOAD_HEADERS,
                    f"Chuyển trước hạn ({HANDOVER_DAYS} ngày)",
                    f"Chuyển đúng hạn ({HANDOVER_DAYS} ngày)",
                    f"Chuyển trễ hạn ({HANDOVER_DAYS} ngày)",
                ),
                rows=[
                    [*_workload_table([r.workload])[0], r.early, r.on_time, r.late]
                    for r in officer_rows
                ],
                fmt=fmt,
            )
    index_scope, _ = index_scope_for(user, unit.code if unit is not None else "")
    year_start = date(today.year, 1, 1)
    index = index_766(first=year_start, last=today, scope=index_scope)
    trend = [
        (
            f"{m.first:%m/%Y}",
            m.result.points,
            m.result.measured_max_points,
            [_rate(m.result, i) for i, _ in TREND_INDICATORS],
        )
        for m in index_trend(last=today, scope=index_scope)
    ]
    if export == "xu-huong" and fmt in FORMATS:
        return table_response(
            filename=f"xu-huong-12-thang-{today:%d-%m-%Y}",
            title="Chỉ số 766 và các tỷ lệ theo tháng",
            headers=("Tháng", "Điểm 766", "Điểm tối đa đo được", *(n for _, n in TREND_INDICATORS)),
            rows=[[label, points, measured, *rates] for label, points, measured, rates in trend],
            fmt=fmt,
        )
    index_query = urlencode(
        {"from": year_start.isoformat(), "to": today.isoformat()}
        | ({"unit": unit.code} if unit is not None else {})
    )
    received = accepted_since(dossiers, day_start(today))
    totals = {
        name: sum(getattr(w, name) for w in by_unit)
        for name in ("open", "due_soon", "overdue", "unapologised")
    }
    unit_filter = unit.pk if unit is not None else None
    context = {
        "unit": unit,
        "units": Unit.objects.filter(pk__in=allowed).order_by("code")
        if allowed is not None
        else Unit.objects.order_by("code"),
        "today": today,
        "now": now,
        "received_total": sum(received.values()),
        "received": [(label, received.get(value, 0)) for value, label in Channel.choices],
        "totals": totals,
        "links": {
            inbox: _list_link(inbox, **{"don-vi": unit_filter})
            for inbox in ("unit", "due_soon", "overdue")
        },
        "by_unit": [(w, _list_link("overdue", **{"don-vi": w.key})) for w in by_unit],
        "by_unit_chart": stacked_bars(
            _bars(by_unit), WORKLOAD_SERIES, title="Hồ sơ đang giải quyết theo đơn vị"
        ),
        "officers": officer_rows,
        "officers_chart": stacked_bars(
            _bars(officers), WORKLOAD_SERIES, title="Hồ sơ đang giải quyết theo cán bộ"
        ),
        "handover_days": HANDOVER_DAYS,
        "index": index,
        "year_start": year_start,
        "on_time": _indicator(index, ON_TIME) if index is not None else None,
        "index_query": index_query,
        "trend": trend,
        "stats_refreshed_at": getattr(last_refresh(), "finished_at", None),
        "trend_names": [name for _, name in TREND_INDICATORS],
        "trend_chart": line_chart(
            [
                (label, None if rates[0] is None else float(rates[0]))
                for label, _, _, rates in trend
            ],
            title="Tỷ lệ hồ sơ đúng hạn theo tháng",
            series_name="Tỷ lệ đúng hạn (%)",
            suffix="%",
            ceiling=100,
        ),
        "headers": WORKLOAD_HEADERS,
        "query": urlencode({"don-vi": unit_filter}) if unit_filter else "",
    }
    return render(request, "backoffice/dashboard.html", context)
