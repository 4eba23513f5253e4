from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from motcua.accounts.constants import Role
from motcua.api.answers import answers
from motcua.api.schemas import ProcedureDetail, ProcedurePage
from motcua.catalog.constants import ComponentNeed, CopyType, Level, OnlineLevel
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_public, procedures_matching
from motcua.catalog.timing import process_timing
from motcua.core.inputs import MAX_COUNT, Code, Line, TextRule
from motcua.workdays.deadlines import Duration

router = Router(tags=["Thủ tục hành chính"])
PAGE_SIZE = 20


def duration_out(duration: Duration | None) -> dict[str, Any]:
    if duration is None:
        return {"value": None, "unit": None, "label": "Chưa có thông tin"}
    value = None if duration.unit == "same_day" else float(duration.value)
    return {"value": value, "unit": str(duration.unit), "label": duration.label()}


def _default_case_time(procedure: Procedure) -> Duration | None:
    case = next((c for c in procedure.cases.all() if c.is_default), None)
    return case.processing_time if case else None


def procedure_item(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "national_code": procedure.has_national_code,
        "name": procedure.name,
        "field": procedure.field.name if procedure.field else None,
        "level": procedure.level,
        "level_label": Level(procedure.level).label,
        "online_level": procedure.online_level or None,
        "online_level_label": (
            OnlineLevel(procedure.online_level).label
            if procedure.online_level
            else "Chưa có thông tin"
        ),
        "processing_time": duration_out(_default_case_time(procedure)),
        "demo_fields": procedure.demo_fields,
        "url": reverse("portal:procedure", args=[procedure.code]),
    }


def procedure_detail(procedure: Procedure) -> dict[str, Any]:
    unknown = set(procedure.unknown_fields)
    cases: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    for case in procedure.cases.all():
        case_steps = list(case.steps.all())
        timing = process_timing(case.processing_time, [s.duration for s in case_steps])
        cases.append(
            {
                "code": case.code,
                "name": case.name,
                "default": case.is_default,
                "processing_time": duration_out(case.processing_time),
                "steps_total_hours": float(timing.steps_hours)
                if timing.steps_hours is not None
                else None,
                "reduction_percent": float(timing.reduction_percent)
                if timing.reduction_percent is not None
                else None,
                "process_problem": timing.problem,
                "demo": case.is_demo,
            }
        )
        steps.extend(
            {
                "case": case.code,
                "order": s.order,
                "name": s.name,
                "unit": s.unit.code if s.unit else None,
                "unit_name": s.unit.name if s.unit else None,
                "role": s.role or None,
                "role_label": Role(s.role).label if s.role else "",
                "duration": duration_out(s.duration),
                "demo": s.is_demo,
            }
            for s in case_steps
        )
    last = procedure.revisions.order_by("-number").values_list("number", flat=True).first()
    return {
        **procedure_item(procedure),
        "implementing_unit": procedure.implementing_unit.name
        if procedure.implementing_unit
        else None,
        "submission_places": procedure.submission_places,
        "legal_bases": None if "legal_bases" in unknown else procedure.legal_bases,
        "result": None if "result" in unknown else procedure.result,
        "result_paper": procedure.result_paper,
        "result_electronic": procedure.result_electronic,
        "fully_online_eligible": procedure.fully_online_eligible,
        "postal_allowed": procedure.postal_allowed,
        "publication": {
            "decision_number": procedure.decision_number,
            "decision_date": procedure.decision_date,
            "status": procedure.publication_status,
            "effective_from": procedure.effective_from,
            "effective_to": procedure.effective_to,
        },
        "fees": None
        if "fees" in unknown
        else [
            {
                "kind": f.kind,
                "name": f.name,
                "amount_vnd": f.amount_vnd,
                "note": f.note,
                "demo": f.is_demo,
            }
            for f in procedure.fees.all()
        ],
        "components": None
        if "components" in unknown
        else [
            {
                "id": c.pk,
                "name": c.name,
                "need": c.need,
                "need_label": ComponentNeed(c.need).label,
                "condition": c.condition,
                "copy_type": c.copy_type or None,
                "copy_type_label": CopyType(c.copy_type).label if c.copy_type else "",
                "copy_type_note": c.copy_type_note,
                "quantity": c.quantity,
                "shown_only": c.shown_only,
                "from_vault": c.from_vault,
                "case": c.case.code if c.case else None,
                "demo": c.is_demo,
            }
            for c in procedure.components.all()
        ],
        "cases": cases,
        "steps": steps,
        "sequence": None if "sequence" in unknown else procedure.sequence,
        "sources": procedure.sources,
        "notes": procedure.notes,
        "unknown_fields": procedure.unknown_fields,
        "revision": last,
    }


class ProcedureFilters(Schema):
    q: Annotated[str, TextRule(200)] = ""
    field: Line = ""
    level: Level | None = None
    online_level: OnlineLevel | None = None
    page: int = Field(1, ge=1, le=MAX_COUNT)


@router.get("", response=answers({200: ProcedurePage}, 422), summary="Tìm thủ tục hành chính")
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]) -> dict[str, Any]:
    """Search the public catalog; `q` ignores diacritics and tolerates small typos."""
    found = procedures_matching(
        q=filters.q,
        field=filters.field,
        level=filters.level or "",
        online_level=filters.online_level or "",
    )
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": PAGE_SIZE,
        "items": [procedure_item(p) for p in page.object_list],
    }


@router.get(
    "/{code}",
    response=answers({200: ProcedureDetail}, 404, 422),
    summary="Chi tiết thủ tục hành chính",
)
def get_procedure(request: HttpRequest, code: Code) -> dict[str, Any]:
    procedure = procedure_public(code)
    if procedure is None:
        raise Http404(f"Không có thủ tục mã {code}.")
    return procedure_detail(procedure)
