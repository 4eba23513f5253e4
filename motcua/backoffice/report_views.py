"""Back-office pages of the periodic report: the form on screen (with its XLSX and PDF), and the
dossiers behind each figure. Views parse, check permission, call the report and render."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from motcua.accounts.models import Unit
from motcua.accounts.permissions import Perm, has_perm, person, unit_and_descendants
from motcua.catalog.models import Field
from motcua.core.inputs import QueryError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.metrics.services import rollup_catch_up
from motcua.reports.constants import Cell, Grouping, PeriodKind
from motcua.reports.files import CONTENT_TYPES, report_file
from motcua.reports.ii06a import (
    COLUMN_CELLS,
    COLUMNS,
    NO_FIELD,
    Line,
    Report,
    head_rows,
    ii06a_report,
)
from motcua.reports.inputs import parse_report_query, report_units
from motcua.reports.periods import current_period
from motcua.reports.selectors import dossier_ids_in_cell

PAGE_SIZE = 50


@dataclass(frozen=True)
class Figure:
    value: int
    url: str  # the dossiers behind it ("" for a zero)


def _query(request: HttpRequest) -> dict[str, str]:
    """The query string's non-empty values (the last of repeated ones)."""
    return {key: str(value) for key, value in request.GET.items() if value}


def _params(request: HttpRequest) -> dict[str, str]:
    """The query, with the current quarter when no period is given."""
    params = _query(request)
    if not any(key in params for key in ("period", "ky", "from", "to")):
        period = current_period(PeriodKind.QUARTER, timezone.localdate())
        params.update(ky=period.kind, nam=str(period.year), so=str(period.number))
    if params.get("ky") == PeriodKind.CUSTOM and not (params.get("from") or params.get("to")):
        params.pop("ky")
    return params


def _figures(report: Report, line: Line, base: dict[str, str]) -> list[Figure]:
    row: dict[str, str] = {}
    if line.number is not None:
        key = "linh-vuc" if report.grouping == Grouping.FIELD else "don-vi"
        row[key] = str(line.key if line.key is not None else 0)
    figures = []
    for cell in COLUMN_CELLS:
        value = line.cell(cell)
        query = urlencode({**base, **row, "cot": cell})
        url = f"{reverse('reports:dossiers')}?{query}" if value else ""
        figures.append(Figure(value, url))
    return figures


def _where(report: Report, unit: Unit | None) -> dict[str, str]:
    """The query naming the report's period and unit (for its drill-down links and back)."""
    where = (
        {"period": report.period.slug}
        if report.period.slug
        else {
            "ky": PeriodKind.CUSTOM,
            "from": report.period.first.isoformat(),
            "to": report.period.last.isoformat(),
        }
    )
    if unit is not None:
        where["unit"] = unit.code
    return where


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """Biểu II.06a for a period, a unit and a grouping; `format=xlsx|pdf` downloads it."""
    user = person(request)
    if not has_perm(user, Perm.REPORTS_VIEW):
        raise PermissionDenied("Bạn không có quyền xem báo cáo định kỳ.")
    params = _params(request)
    context: dict[str, Any] = {
        "params": params,
        "units": report_units(user),
        "kinds": PeriodKind.choices,
        "groupings": Grouping.choices,
        "today": timezone.localdate(),
    }
    try:
        query = parse_report_query(params, user)
    except QueryError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        context["error"] = exc.message
        return render(request, "reports/page.html", context, status=400)
    context["up_to_date"] = rollup_catch_up()
    report = ii06a_report(period=query.period, unit=query.unit, grouping=query.grouping)
    fmt = params.get("format", "")
    if fmt in CONTENT_TYPES:
        found = report_file(report, fmt)
        response = HttpResponse(found.content, content_type=found.content_type)
        response["Content-Disposition"] = content_disposition_header(True, found.filename)
        return response
    base = _where(report, query.unit)
    downloads = {k: v for k, v in params.items() if k != "format"}
    context.update(
        report=report,
        unit=query.unit,
        head_rows=head_rows(report.grouping),
        numbers=[f"({n})" for n in range(1, COLUMNS + 1)],
        lines=[(line, _figures(report, line, base)) for line in report.lines],
        total=_figures(report, report.total, base),
        xlsx=urlencode({**downloads, "format": "xlsx"}),
        pdf=urlencode({**downloads, "format": "pdf"}),
    )
    return render(request, "reports/page.html", context)


@login_required
def cell_dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers counted in one figure of the report (`cot`), for a row (`linh-vuc` or
    `don-vi`) or the total: as many as the figure."""
    user = person(request)
    if not (has_perm(user, Perm.REPORTS_VIEW) and has_perm(user, Perm.DOSSIER_VIEW)):
        raise PermissionDenied("Bạn không có quyền xem danh sách hồ sơ của báo cáo.")
    params = _query(request)
    try:
        query = parse_report_query(params, user)
        cell = Cell(params.get("cot", ""))
        field_id = int(params["linh-vuc"]) if "linh-vuc" in params else None
        unit_id = int(params["don-vi"]) if "don-vi" in params else None
    except QueryError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        return render(request, "reports/dossiers.html", {"error": exc.message}, status=400)
    except ValueError:
        error = "Cột hoặc dòng của báo cáo không hợp lệ."
        return render(request, "reports/dossiers.html", {"error": error}, status=400)
    rollup_catch_up()
    report = ii06a_report(period=query.period, unit=query.unit)
    dossiers = dossiers_visible_to(user)
    if query.unit is not None:
        dossiers = dossiers.filter(receiving_unit__in=unit_and_descendants(query.unit))
    if field_id is not None:
        field = Q(procedure__field__isnull=True) if field_id == 0 else Q(procedure__field=field_id)
        dossiers = dossiers.filter(field)
    if unit_id is not None:
        dossiers = dossiers.filter(receiving_unit_id=unit_id)
    ids = dossier_ids_in_cell(dossiers, cell=cell, first=report.period.first, last=report.as_of)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    found = {
        d.pk: d
        for d in Dossier.objects.filter(pk__in=list(page.object_list)).select_related(
            "procedure", "procedure__field", "deadline", "receiving_unit"
        )
    }
    back = {**_where(report, query.unit), "group": params.get("group", Grouping.FIELD)}
    return render(
        request,
        "reports/dossiers.html",
        {
            "report": report,
            "cell": cell,
            "page": page,
            "dossiers": [found[pk] for pk in page.object_list if pk in found],
            "count": len(ids),
            "row_label": _row_label(field_id, unit_id),
            "back": urlencode(back),
            "query": urlencode({k: v for k, v in params.items() if k != "page"}),
        },
    )


def _row_label(field_id: int | None, unit_id: int | None) -> str:
    if field_id is not None:
        return NO_FIELD if field_id == 0 else str(Field.objects.filter(pk=field_id).first() or "")
    if unit_id is not None:
        return str(Unit.objects.filter(pk=unit_id).first() or "")
    return "Tổng cộng"
