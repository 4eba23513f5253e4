"""Periodic reports: Biểu II.06a/VPCP/KSTT and the one-stop evaluation summary (TT 01/2018),
as JSON, XLSX or PDF."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Router

from motcua.accounts.permissions import person
from motcua.api.answers import PDF, XLSX, EvaluationReport, Ii06aReport, answers, files
from motcua.api.auth import AUTH
from motcua.core.inputs import QueryError
from motcua.metrics.services import rollup_catch_up
from motcua.ratings.evaluation_files import write_pdf, write_xlsx
from motcua.ratings.inputs import parse_evaluation_query
from motcua.ratings.selectors import EvaluationSummary, IndicatorLine, evaluation_summary
from motcua.reports.files import report_file
from motcua.reports.ii06a import ii06a_report
from motcua.reports.inputs import parse_report_query

router = Router(tags=["Báo cáo"], auth=AUTH)
FILE_FORMATS = ("xlsx", "pdf")


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format") or "json"
    if fmt not in ("json", *FILE_FORMATS):
        raise QueryError(422, "«format» là json, xlsx hoặc pdf.", "format")
    return fmt


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get(
    "/ii06a",
    summary="Biểu II.06a/VPCP/KSTT: tình hình, kết quả giải quyết TTHC",
    response=answers({200: Ii06aReport}, 401, 403, 422),
    openapi_extra=files(XLSX, PDF),
    by_alias=True,
)
def ii06a(request: HttpRequest) -> Any:
    """Query: `from`, `to` (YYYY-MM-DD, both included) or `period` (thang-3-2026, quy-1-2026,
    6-thang-dau-2026, 6-thang-cuoi-2026, 9-thang-2026, nam-2026); `unit` (unit code: that unit
    and the units below it, within the caller's scope); `group` (field, the default, or unit);
    `format` (json, the default, xlsx or pdf). `rows` and `total` carry col1 … col13 of the form
    and `withdrawn`, `refused`: col3 = col7 + col11 + withdrawn + refused."""
    fmt = _format(request)
    query = parse_report_query(request.GET, person(request))
    up_to_date = rollup_catch_up()
    report = ii06a_report(period=query.period, unit=query.unit, grouping=query.grouping)
    if fmt == "json":
        return {**report.as_dict(), "up_to_date": up_to_date}
    found = report_file(report, fmt)
    return _attachment(found.content, found.content_type, found.filename)


def _points(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _indicator(line: IndicatorLine) -> dict[str, Any]:
    return {
        "number": line.number,
        "name": line.name,
        "max_points": _points(line.max_points),
        "points": _points(line.points),
        "origin": line.origin,
        "basis": line.basis,
        "sample": line.sample,
        "citizen_points": _points(line.citizen_points),
        "self_note": line.self_note or None,
    }


def evaluation_body(summary: EvaluationSummary) -> dict[str, Any]:
    scheme = summary.scheme
    return {
        "unit": {"code": summary.unit.code, "name": summary.unit.name},
        "period": {
            "year": summary.year,
            "quarter": summary.quarter,
            "label": summary.period_label,
            "from": summary.first_day,
            "to": summary.last_day,
        },
        "scheme": {
            "code": scheme.code,
            "name": scheme.name,
            "effective_from": scheme.effective_from,
            "legal_basis": scheme.legal_basis,
        },
        "max_points": _points(summary.rules.unit_max),
        "points": _points(summary.total) if summary.counted else None,
        "band": summary.band or None,
        "settled": summary.settled,
        "forms": summary.forms,
        "indicators": [_indicator(line) for line in summary.lines],
        "satisfaction": [
            {"label": share.label, "count": share.count, "percent": _points(share.percent)}
            for share in summary.satisfaction
        ],
        "officers": [
            {
                "name": officer.name,
                "unit": officer.unit,
                "dossiers": officer.dossiers,
                "points": _points(officer.total),
                "band": officer.band or None,
                "indicators": [
                    {"number": line.number, "points": _points(line.points)}
                    for line in officer.lines
                ],
            }
            for officer in summary.officers
        ],
    }


@router.get(
    "/evaluation",
    summary="Tổng hợp đánh giá việc giải quyết TTHC theo quý hoặc năm (TT 01/2018)",
    response=answers({200: EvaluationReport}, 401, 403, 422),
    openapi_extra=files(XLSX, PDF),
    by_alias=True,
)
def evaluation(request: HttpRequest) -> Any:
    """Query: `unit` (unit code; default the caller's own unit), `year` (default the current
    evaluation year), `quarter` (1–4; omitted with `year` given, or empty: the whole year;
    both omitted: the current quarter), `format` (json, the default, xlsx or pdf). Indicators
    scored 2 / 1 / 0 per dossier and averaged to one decimal (Điều 13); `points` null means
    "chưa có dữ liệu" (left out of the total); `band` per Điều 15, null without data."""
    fmt = _format(request)
    params = request.GET
    quarter = params.get("quarter")
    if quarter is None and params.get("year"):
        quarter = ""
    query = parse_evaluation_query(
        person(request),
        unit_code=params.get("unit", ""),
        year=params.get("year", ""),
        quarter=quarter,
        today=timezone.localdate(),
    )
    summary = evaluation_summary(unit=query.unit, year=query.year, quarter=query.quarter)
    if summary is None:
        raise QueryError(422, "Chưa có bộ tiêu chí đánh giá áp dụng cho kỳ này.", "year")
    if fmt == "json":
        return evaluation_body(summary)
    found = write_xlsx(summary) if fmt == "xlsx" else write_pdf(summary)
    return _attachment(found.content, found.content_type, found.filename)
