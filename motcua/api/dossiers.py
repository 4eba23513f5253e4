from datetime import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.accounts.permissions import Perm, has_perm, person
from motcua.accounts.signin import SignInLocked, SignInRefused, password_sign_in
from motcua.api.answers import (
    DOCX,
    PDF,
    DossierCreated,
    DossierDetail,
    DossierPage,
    answers,
    files,
)
from motcua.api.auth import AUTH, token_issue
from motcua.api.idempotency import idempotent
from motcua.core.inputs import MAX_COUNT, Code, Count, Day, Line, Moment, Money, Note, TextRule
from motcua.core.paging import CappedPaginator
from motcua.dossiers.constants import Action, Stage, Status, Timeliness
from motcua.dossiers.exceptions import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_visible, dossiers_filtered, dossiers_visible_to
from motcua.dossiers.services import (
    ReceivedComponent,
    dossier_receive,
    dossier_transition,
    dossier_view_record,
)
from motcua.dossiers.slips import CONTENT_TYPES, render_slip
from motcua.dossiers.slips.content import BUILDERS
from motcua.dossiers.timeliness import judge
from motcua.dossiers.workflow import allowed_actions

auth_router = Router(tags=["Xác thực"])
router = Router(tags=["Hồ sơ"], auth=AUTH)
PAGE_SIZE = 20


class Credentials(Schema):
    username: Annotated[str, TextRule(150)]
    password: Annotated[str, TextRule(1024)]


class TokenOut(Schema):
    token: str
    expires_at: datetime


@auth_router.post(
    "/token",
    response=answers({200: TokenOut}, 401, 422, 429),
    summary="Lấy khóa truy cập",
    exclude_none=True,  # the refusals: only `detail`, as every other error body
)
def token(request: HttpRequest, body: Credentials, response: HttpResponse) -> Reply[dict[str, Any]]:
    """A bearer token for a name and password. Repeated failures for one account name or from
    one address lock sign-in for a while: 429, with Retry-After in seconds."""
    try:
        user = password_sign_in(request=request, username=body.username, password=body.password)
    except SignInLocked as exc:
        response["Retry-After"] = str(exc.retry_after)
        return Reply(429, {"detail": exc.message})
    except SignInRefused as exc:
        return Reply(401, {"detail": exc.message})
    value, record = token_issue(user)
    return Reply(200, {"token": value, "expires_at": record.expires_at})


class ApplicantIn(Schema):
    full_name: Line
    id_number: Annotated[str, TextRule(20)]
    kind: Annotated[str, TextRule(16)] = "individual"
    phone: Annotated[str, TextRule(20)] = ""
    email: Annotated[str, TextRule(254)] = ""
    address: Annotated[str, TextRule(500)] = ""
    commune: Annotated[str, TextRule(120)] = ""
    province: Annotated[str, TextRule(120)] = ""


class RepresentativeIn(Schema):
    full_name: Line = ""
    id_number: Annotated[str, TextRule(20)] = ""
    phone: Annotated[str, TextRule(20)] = ""
    document: Line = ""


class DossierIn(Schema):
    procedure_code: Code
    case_code: Code | None = None
    channel: int = Field(..., ge=1, le=3)
    applicant: ApplicantIn
    representative: RepresentativeIn | None = None
    received_at: Moment | None = None
    result_channel: Annotated[str, TextRule(16)] = "counter"
    # How the check at the counter ends (NĐ 61/2018 Điều 17 k1): receive (Mẫu 01),
    # request_supplement with `items` (Mẫu 02) or refuse with `note` (Mẫu 03).
    counter_outcome: Annotated[str, TextRule(32)] = "receive"
    items: list[Annotated[str, TextRule(1000)]] | None = Field(None, max_length=50)
    note: Annotated[str, TextRule(2000, multiline=True)] = ""
    # Ids of the conditional components whose condition holds for this applicant.
    applies: list[Count] = Field([], max_length=100)
    # Ids of the components received; default every component then needed.
    components: list[Count] | None = Field(None, max_length=100)


class ActionIn(Schema):
    action: Annotated[str, TextRule(32)]
    note: Note = ""
    at: Moment | None = None
    version: Count | None = None
    to_user: Annotated[str, TextRule(150)] | None = None
    to_step: Count | None = None
    items: list[Annotated[str, TextRule(1000)]] | None = Field(None, max_length=50)
    to_unit: Code | None = None
    days: int | None = Field(None, ge=1, le=365)
    amount_vnd: Money | None = None
    paid_online: bool | None = None
    result_channel: Annotated[str, TextRule(16)] | None = None
    new_due_at: Annotated[str, TextRule(32)] | None = None
    at_fault_unit: Code | None = None


class DossierHttpError(HttpError):
    """A refused dossier action as the API answers it: with the input at fault and the actions
    still allowed (api.http_error puts both in the body)."""

    def __init__(self, exc: DossierError) -> None:
        super().__init__(exc.status, exc.message)
        self.field = exc.field
        self.allowed = exc.allowed


def _label(choices: Any, value: Any) -> str:
    return choices(value).label if value not in (None, "") else ""


def dossier_summary(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": Status(d.status).label,
        "stage": d.stage,
        "stage_label": Stage(d.stage).label,
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "channel": d.channel,
        "applicant_name": d.applicant_name,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "current_unit": d.current_unit.name if d.current_unit else None,
        "current_holder": str(d.current_holder) if d.current_holder else None,
    }


def dossier_detail(d: Dossier, user: User) -> dict[str, Any]:
    step = d.current_step
    events = d.events.select_related("actor", "from_unit", "to_unit", "to_user").order_by(
        "at", "id"
    )
    return {
        **dossier_summary(d),
        "version": d.version,
        "case_code": d.case.code,
        "original_due_at": d.original_due_at,
        "on_time": judge(d).on_time,
        "extension_count": d.extension_count,
        "supplement_count": d.supplement_count,
        "applicant": {
            "kind": d.applicant_kind,
            "full_name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
            "address": d.applicant_address,
            "commune": d.applicant_commune,
            "province": d.applicant_province,
        },
        "current_step": None
        if step is None
        else {
            "order": step.order,
            "name": step.name,
            "unit": step.unit.code if step.unit else None,
            "role": step.role,
            "holder": d.current_holder.username if d.current_holder else None,
            "entered_at": d.step_entered_at,
            "due_at": d.step_deadline.due_at if d.step_deadline else None,
        },
        "allowed_actions": allowed_actions(d, user),
        "history": [
            {
                "action": e.action,
                "action_label": Action(e.action).label,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor.username if e.actor else e.actor_label,
                "actor_name": e.actor_label,
                "at": e.at,
                "from_unit": e.from_unit.name if e.from_unit else None,
                "to_unit": e.to_unit.name if e.to_unit else None,
                "to_user": e.to_user.username if e.to_user else None,
                "step_due_at": e.step_due_at,
                "timeliness": e.timeliness or None,
                "timeliness_label": _label(Timeliness, e.timeliness),
                "due_at": e.due_at,
                "note": e.note,
                "data": e.data,
            }
            for e in events
        ],
    }


@router.post(
    "",
    response=answers({201: DossierCreated}, 401, 403, 409, 422),
    summary="Tiếp nhận hồ sơ",
)
def create_dossier(request: HttpRequest, body: DossierIn) -> Reply[dict[str, Any]]:
    """Receive a dossier. At the counter (`channel` 1) the check ends with `counter_outcome`:
    `receive` (default: receipt and due time), `request_supplement` with `items` (Mẫu 02) or
    `refuse` with `note` (Mẫu 03); the last two are not received: `due_at` is null and the
    receipt answers 409. Send an `Idempotency-Key` header to retry safely: the same key and body
    give the same dossier; the same key with another body is refused (409)."""

    def produce() -> tuple[int, dict[str, Any]]:
        try:
            dossier = dossier_receive(
                procedure_code=body.procedure_code,
                case_code=body.case_code,
                channel=body.channel,
                applicant=body.applicant.dict(),
                representative=body.representative.dict() if body.representative else None,
                received_at=body.received_at,
                result_channel=body.result_channel,
                outcome=body.counter_outcome,
                supplement_items=body.items,
                note=body.note,
                applies=body.applies,
                components=None
                if body.components is None
                else [ReceivedComponent(name="", component_id=pk) for pk in body.components],
                actor=person(request),
                request=request,
            )
        except DossierError as exc:
            raise DossierHttpError(exc) from exc
        return 201, {
            "code": dossier.code,
            "status": dossier.status,
            "status_label": Status(dossier.status).label,
            "received_at": dossier.received_at,
            "due_at": dossier.due_at,
        }

    return Reply(*idempotent(request, "dossiers.create", body.dict(), produce))


class ListFilters(Schema):
    status: int | None = Field(None, ge=1, le=10)
    unit: Code = ""
    overdue: bool | None = None
    received_from: Day | None = None
    received_to: Day | None = None
    page: int = Field(1, ge=1, le=MAX_COUNT)


@router.get("", response=answers({200: DossierPage}, 401, 403, 422), summary="Danh sách hồ sơ")
def list_dossiers(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Dossiers the caller's units received, hold or handled, newest first. `count` is exact up
    to 10,000 (`count_exact`); past that it says "at least 10,000" and pages end there: narrow
    the list with the filters (e.g. `received_from`)."""
    if not has_perm(request.user, Perm.DOSSIER_VIEW):
        raise HttpError(403, "Chỉ cán bộ được xem danh sách hồ sơ.")
    found = dossiers_filtered(
        dossiers_visible_to(person(request)),
        status=filters.status,
        unit=filters.unit,
        is_overdue=filters.overdue,
        received_from=filters.received_from,
        received_to=filters.received_to,
    )
    paginator = CappedPaginator(found, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "count_exact": paginator.exact,
        "page": page.number,
        "page_size": PAGE_SIZE,
        "items": [dossier_summary(d) for d in page.object_list],
    }


def _visible_or_404(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_visible(person(request), code)
    if dossier is None:
        raise Http404(f"Không có hồ sơ mã {code} hoặc bạn không được xem hồ sơ này.")
    return dossier


@router.get(
    "/{code}", response=answers({200: DossierDetail}, 401, 404, 422), summary="Chi tiết hồ sơ"
)
def get_dossier(request: HttpRequest, code: Code) -> dict[str, Any]:
    dossier = _visible_or_404(request, code)
    dossier_view_record(dossier=dossier, request=request, via="api")
    return dossier_detail(dossier, person(request))


@router.post(
    "/{code}/actions",
    response=answers({200: DossierDetail}, 401, 403, 404, 409, 422),
    summary="Thực hiện một bước xử lý",
)
def act(request: HttpRequest, code: Code, body: ActionIn) -> Reply[dict[str, Any]]:
    """One action on the dossier; 403 when the caller may not, 409 when the state does not allow
    it (or another action won a race), each with the caller's `allowed_actions`."""
    _visible_or_404(request, code)
    params = body.dict(exclude={"action", "note", "at", "version"}, exclude_none=True)

    def produce() -> tuple[int, dict[str, Any]]:
        try:
            dossier = dossier_transition(
                code=code,
                action=body.action,
                actor=person(request),
                note=body.note,
                at=body.at,
                expected_version=body.version,
                params=params,
                request=request,
            )
        except DossierError as exc:
            raise DossierHttpError(exc) from exc
        fresh = Dossier.objects.select_related(
            "procedure",
            "case",
            "deadline",
            "current_unit",
            "current_holder",
            "current_step__unit",
            "step_deadline",
            "receiving_unit",
        ).get(pk=dossier.pk)
        return 200, dossier_detail(fresh, person(request))

    return Reply(*idempotent(request, f"dossiers.act:{code}", body.dict(), produce))


@router.get(
    "/{code}/forms/{name}.{fmt}",
    summary="Biểu mẫu của hồ sơ (PDF hoặc DOCX)",
    response=answers({200: None}, 401, 404, 409, 422),
    openapi_extra=files(PDF, DOCX),
)
def get_form(request: HttpRequest, code: Code, name: Code, fmt: Code) -> HttpResponse:
    """`name`: receipt, supplement-request, refusal, apology, stop-notice, control-slip;
    `fmt`: pdf or docx. 409 when the slip does not apply to the dossier's state."""
    dossier = _visible_or_404(request, code)
    if fmt not in CONTENT_TYPES or name not in BUILDERS:
        raise Http404(f"Không có biểu mẫu «{name}.{fmt}» (dùng .pdf hoặc .docx).")
    try:
        rendered = render_slip(dossier, name, fmt)
    except DossierError as exc:  # the slip does not apply to the dossier's state
        raise DossierHttpError(exc) from exc
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response
