"""The one-stop evaluation summary (TT 01/2018 Điều 13–15): page, XLSX and PDF, the dossiers
behind each per-dossier indicator, and a unit's self-assessed scores.

Kept beside views.py (same decorators) so the ratings screens can change without touching the
other officer screens. Figures come from motcua.ratings.selectors; nothing is computed here.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.permissions import Perm, has_perm, person
from motcua.backoffice.views import staff_required
from motcua.core.inputs import MAX_NOTE, InputError, QueryError, date_range, posted_text
from motcua.dossiers.exceptions import DossierError
from motcua.metrics.selectors import last_refresh
from motcua.ratings.evaluation import period_bounds, rules_of
from motcua.ratings.evaluation_files import points_text, write_pdf, write_xlsx
from motcua.ratings.inputs import (
    FIRST_YEAR,
    EvaluationQuery,
    evaluation_units,
    parse_evaluation_query,
)
from motcua.ratings.selectors import (
    evaluation_dossiers,
    evaluation_summary,
    scheme_in_force,
)
from motcua.ratings.services import self_assessment_record

DRILL_PAGE = 50


def _choice(request: HttpRequest) -> EvaluationQuery:
    """The unit and period the page asks for (don-vi, nam, quy); 403 without the permission."""
    try:
        return parse_evaluation_query(
            person(request),
            unit_code=request.GET.get("don-vi", ""),
            year=request.GET.get("nam", ""),
            quarter=request.GET.get("quy"),
            today=timezone.localdate(),
        )
    except QueryError as exc:
        if exc.status == 403 and not exc.field:
            raise PermissionDenied(exc.message) from exc
        raise


@staff_required
def evaluation(request: HttpRequest) -> HttpResponseBase:
    """Quarterly or yearly evaluation summary of a unit and its sub-units, with downloads."""
    try:
        choice = _choice(request)
    except QueryError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:evaluation")
    summary = evaluation_summary(unit=choice.unit, year=choice.year, quarter=choice.quarter)
    fmt = request.GET.get("format", "")
    if summary is not None and fmt in ("xlsx", "pdf"):
        rendered = write_xlsx(summary) if fmt == "xlsx" else write_pdf(summary)
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response
    today = timezone.localdate()
    context: dict[str, Any] = {
        "summary": summary,
        "choice": choice,
        "units": evaluation_units(person(request)),
        "years": list(range(today.year + 1, FIRST_YEAR - 1, -1)),
        "quarters": [1, 2, 3, 4],
        "self_assessable": [
            line for line in (summary.lines if summary else []) if _self_assessable(summary, line)
        ],
        "may_self_assess": has_perm(request.user, Perm.REPORTS_VIEW, choice.unit),
        "total_text": points_text(summary.total) if summary else "",
        "scored_at": getattr(last_refresh(), "finished_at", None),
    }
    return render(request, "backoffice/ratings_summary.html", context)


def _self_assessable(summary: Any, line: Any) -> bool:
    indicator = summary.rules.indicator(line.number)
    return bool(indicator and indicator.self_assessable)


@staff_required
@require_POST
def evaluation_self_assess(request: HttpRequest) -> HttpResponseBase:
    """Record a unit's own score for indicator 5 or 6 (tự chấm), with its reason."""
    if not has_perm(request.user, Perm.REPORTS_VIEW):
        raise PermissionDenied("Chỉ lãnh đạo và quản trị được xem báo cáo đánh giá.")
    units = evaluation_units(person(request))
    unit = next((u for u in units if u.code == request.POST.get("don-vi", "")), None)
    back = reverse("backoffice:evaluation")
    if unit is None:
        messages.error(request, "Bạn không chấm điểm được cho đơn vị này.")
        return redirect(back)
    raw_year, raw_quarter = request.POST.get("nam", ""), request.POST.get("quy", "")
    query = f"?don-vi={unit.code}&nam={raw_year}&quy={raw_quarter}"
    earliest, latest = date_range()
    valid_year = raw_year.isdigit() and earliest.year <= int(raw_year) <= latest.year
    if not valid_year or raw_quarter not in ("", "1", "2", "3", "4"):
        messages.error(request, "Kỳ đánh giá không hợp lệ.")
        return redirect(back + query)
    year, quarter = int(raw_year), int(raw_quarter) if raw_quarter else None
    first = date(year, 3 * (quarter or 4), 1)
    scheme = scheme_in_force(first)
    if scheme is None:
        messages.error(request, "Không có bộ tiêu chí đánh giá áp dụng cho kỳ này.")
        return redirect(back + query)
    indicator = request.POST.get("chi-so", "")
    try:
        self_assessment_record(
            scheme=scheme,
            unit=unit,
            year=year,
            quarter=quarter,
            indicator=int(indicator) if indicator.isdigit() and len(indicator) < 4 else 0,
            points=posted_text(request.POST, "diem", max_length=8),
            note=posted_text(request.POST, "can-cu", max_length=MAX_NOTE, multiline=True),
            actor=person(request),
            request=request,
        )
    except DossierError as exc:
        messages.error(request, exc.message)
    except InputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã lưu điểm tự chấm chỉ số {indicator}.")
    return redirect(back + query)


@staff_required
def evaluation_dossier_list(request: HttpRequest) -> HttpResponseBase:
    """The dossiers behind one per-dossier indicator of the summary, lowest scores first."""
    try:
        choice = _choice(request)
    except QueryError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:evaluation")
    scheme = scheme_in_force(date(choice.year, 3 * (choice.quarter or 4), 1))
    number = request.GET.get("chi-so", "")
    rules = rules_of(scheme.config) if scheme else None
    indicator = rules.indicator(int(number)) if rules and number.isdigit() else None
    if rules is None or indicator is None or indicator.scope != "dossier":
        messages.error(request, "Chỉ số này không chấm theo từng hồ sơ.")
        return redirect(reverse("backoffice:evaluation") + "?" + choice.query)
    first, last = period_bounds(rules, choice.year, choice.quarter)
    rows = evaluation_dossiers(unit=choice.unit, first=first, last=last, indicator=indicator.number)
    page = Paginator(rows, DRILL_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/ratings_dossiers.html",
        {
            "choice": choice,
            "indicator": indicator,
            "page": page,
            "first": first,
            "last": last,
            "period": f"Quý {choice.quarter} năm {choice.year}"
            if choice.quarter
            else f"Năm {choice.year}",
        },
    )
