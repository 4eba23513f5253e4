from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog.constants import KNOWABLE_FACTS, Level, OnlineLevel
from motcua.catalog.selectors import fields_in_use, procedure_public, procedures_matching
from motcua.catalog.timing import hours_label, process_timing

PAGE_SIZE = 20


def catalog(request: HttpRequest) -> HttpResponse:
    """Public list of procedures with search and filters (public: no sign-in needed)."""
    q = request.GET.get("q", "")
    field = request.GET.get("field", "")
    level = request.GET.get("level", "")
    online_level = request.GET.get("online_level", "")
    found = procedures_matching(
        q=q,
        field=field,
        level=level if level in Level.values else "",
        online_level=online_level if online_level in OnlineLevel.values else "",
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "q": q,
        "field": field,
        "level": level,
        "online_level": online_level,
        "fields": fields_in_use(),
        "levels": Level.choices,
        "online_levels": OnlineLevel.choices,
        "query_string": query.urlencode(),
    }
    template = (
        "portal/_results.html" if request.headers.get("HX-Request") else "portal/catalog.html"
    )
    return render(request, template, context)


def procedure(request: HttpRequest, code: str) -> HttpResponse:
    """Everything a citizen needs to know before submitting (public, printable)."""
    found = procedure_public(code)
    if found is None:
        raise Http404("Không có thủ tục này hoặc thủ tục đã hết hiệu lực.")
    cases = []
    for case in found.cases.all():
        steps = list(case.steps.all())
        timing = process_timing(case.processing_time, [s.duration for s in steps])
        cases.append(
            {
                "case": case,
                "steps": steps,
                "timing": timing,
                "steps_label": hours_label(timing.steps_hours) if timing.steps_hours else "",
            }
        )
    context = {
        "procedure": found,
        "cases": cases,
        "fees": list(found.fees.all()),
        "components": list(found.components.all()),
        "unknown": {fact: KNOWABLE_FACTS[fact] for fact in found.unknown_fields},
        "demo": {fact: KNOWABLE_FACTS[fact] for fact in found.demo_fields},
        "revision": found.revisions.order_by("-number").first(),
    }
    return render(request, "portal/procedure.html", context)
