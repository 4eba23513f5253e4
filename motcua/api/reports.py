"""Periodic reports: Biểu II.06a/VPCP/KSTT as JSON, XLSX or PDF."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router
from ninja.errors import HttpError

from motcua.accounts.permissions import person
from motcua.api.auth import AUTH
from motcua.reports.files import CONTENT_TYPES, report_file
from motcua.reports.ii06a import ii06a_report
from motcua.reports.inputs import ReportInputError, parse_report_query
from motcua.reports.services import ledger_catch_up

router = Router(tags=["Báo cáo"], auth=AUTH)


@router.get(
    "/ii06a",
    summary="Biểu II.06a/VPCP/KSTT: tình hình, kết quả giải quyết TTHC",
    response={200: dict, 403: dict, 422: dict},
)
def ii06a(request: HttpRequest) -> Any:
    """Query: `from`, `to` (YYYY-MM-DD, both included) or `period` (thang-3-2026, quy-1-2026,
    6-thang-dau-2026, 6-thang-cuoi-2026, 9-thang-2026, nam-2026); `unit` (unit code: that unit
    and the units below it, within the caller's scope); `group` (field, the default, or unit);
    `format` (json, the default, xlsx or pdf). `rows` and `total` carry col1 … col13 of the form
    and `withdrawn`, `refused`: col3 = col7 + col11 + withdrawn + refused."""
    fmt = request.GET.get("format") or "json"
    if fmt not in ("json", *CONTENT_TYPES):
        error = HttpError(422, "«format» là json, xlsx hoặc pdf.")
        error.field = "format"  # type: ignore[attr-defined]
        raise error
    try:
        query = parse_report_query(request.GET, person(request))
    except ReportInputError as exc:
        error = HttpError(exc.status, exc.message)
        error.field = exc.field  # type: ignore[attr-defined]
        raise error from exc
    ledger_catch_up()
    report = ii06a_report(period=query.period, unit=query.unit, grouping=query.grouping)
    if fmt == "json":
        return report.as_dict()
    found = report_file(report, fmt)
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.filename)
    return response
