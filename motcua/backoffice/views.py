"""The officer's screens: inboxes, the counter intake, the dossier page, slips and the register.

Views parse input, check permission, call one service or selector and render; business rules
live in motcua.dossiers.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.constants import UnitKind
from motcua.accounts.models import Membership, Unit, User
from motcua.accounts.permissions import Perm, has_perm, person, units_with_perm
from motcua.audit.services import audit_record
from motcua.backoffice.forms import ActionForm, IntakeForm
from motcua.catalog.constants import ComponentNeed, CopyType
from motcua.catalog.models import Component, Procedure
from motcua.core.paging import CountedPaginator
from motcua.documents.models import FileKind, StoredFile
from motcua.documents.serving import file_response
from motcua.documents.uploads import UploadRejected, store_upload
from motcua.dossiers.constants import Action, CounterOutcome, Satisfaction
from motcua.dossiers.exceptions import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import (
    INBOXES,
    day_start,
    dossier_visible,
    dossiers_search,
    dossiers_visible_to,
    inbox,
    inbox_counts,
    late_without_apology,
    overdue,
)
from motcua.dossiers.services import (
    ReceivedComponent,
    dossier_receive,
    dossier_transition,
    dossier_view_record,
)
from motcua.dossiers.slips import SLIP_LABELS, render_register, render_slip, slips_for
from motcua.dossiers.slips.content import SlipUnavailable
from motcua.dossiers.timeliness import judge, lateness_of
from motcua.dossiers.workflow import allowed_actions
from motcua.ratings.constants import CITIZEN_INDICATORS
from motcua.ratings.selectors import satisfaction_tallies
from motcua.workdays.deadlines import compute_deadline
from motcua.workdays.selectors import load_calendar

PAGE_SIZE = 25
# Which inputs each action asks for; the reason is required where the law asks for one.
ACTION_FIELDS: dict[str, list[str]] = {
    Action.FORWARD: ["to_user", "note"],
    Action.APPROVE: ["to_user", "note"],
    Action.SEND_BACK: ["to_step", "note"],
    Action.REQUEST_SUPPLEMENT: ["items", "note"],
    Action.FORWARD_EXTERNAL: ["to_unit", "days", "note"],
    Action.REQUEST_PAYMENT: ["amount_vnd", "note"],
    Action.CONFIRM_PAYMENT: ["paid_online", "note"],
    Action.RETURN_RESULT: ["result_channel", "note"],
    Action.APOLOGIZE: ["new_due_at", "note"],
    Action.EXTEND: ["new_due_at", "note"],
}
# Shown first (and open): the move that takes the dossier forward.
PRIMARY = [
    Action.ACCEPT,
    Action.FORWARD,
    Action.APPROVE,
    Action.FINISH,
    Action.RETURN_RESULT,
    Action.RECEIVE_SUPPLEMENT,
    Action.RECEIVE_EXTERNAL,
    Action.CONFIRM_PAYMENT,
]
NOTE_REQUIRED = {Action.REFUSE, Action.SEND_BACK, Action.WITHDRAW, Action.APOLOGIZE, Action.EXTEND}


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed-in staff only (any staff role); everything else is checked per dossier."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_perm(request.user, Perm.BACKOFFICE):
            raise PermissionDenied("Chỉ cán bộ được vào trang này.")
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The officer's inboxes, with counts, and search by code, name or CCCD."""
    user = person(request)
    current = request.GET.get("hop", "mine")
    if current not in INBOXES:
        current = "mine"
    query = request.GET.get("q", "").strip()
    now = timezone.now()
    narrowed = _narrowing(request)  # from a dashboard figure: one unit's or officer's dossiers

    counts = inbox_counts(user, now, **narrowed)
    if query:
        rows = dossiers_search(dossiers_visible_to(user), query)
        paginator = Paginator(rows.order_by("deadline__due_at", "received_at"), PAGE_SIZE)
    else:
        rows = inbox(user, current, now).filter(**narrowed)
        paginator = CountedPaginator(
            rows.order_by("deadline__due_at", "received_at"), PAGE_SIZE, count=counts[current]
        )
    page = paginator.get_page(request.GET.get("page"))
    late = set(
        overdue(Dossier.objects.filter(pk__in=[d.pk for d in page]), now).values_list(
            "pk", flat=True
        )
    )
    unapologised = set(
        late_without_apology(Dossier.objects.filter(pk__in=late), now).values_list("pk", flat=True)
    )
    context = {
        "tabs": [(key, label, counts[key]) for key, label in INBOXES.items()],
        "narrowed_to": _narrowed_label(narrowed),
        "narrowing": urlencode({k: v for k, v in request.GET.items() if k in NARROWING}),
        "current": current,
        "query": query,
        "page": page,
        "late": late,
        "unapologised": unapologised,
        "now": now,
        "may_receive": has_perm(user, Perm.DOSSIER_RECEIVE),
        "may_see_reports": has_perm(user, Perm.REPORTS_VIEW),
    }
    return render(request, "backoffice/home.html", context)


# Query parameter → dossier field, for lists opened from a dashboard figure.
NARROWING = {"don-vi": "current_unit_id", "can-bo": "current_holder_id"}


def _narrowing(request: HttpRequest) -> dict[str, int]:
    return {
        field: int(request.GET[param])
        for param, field in NARROWING.items()
        if request.GET.get(param, "").isdigit()
    }


def _narrowed_label(narrowed: dict[str, int]) -> str:
    if "current_unit_id" in narrowed:
        unit = Unit.objects.filter(pk=narrowed["current_unit_id"]).first()
        return f"đơn vị {unit.name}" if unit else ""
    if "current_holder_id" in narrowed:
        officer = User.objects.filter(pk=narrowed["current_holder_id"]).first()
        return f"cán bộ {officer}" if officer else ""
    return ""


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Counter intake: pick the procedure, say which conditions apply, tick what was received,
    and end the check with one outcome: receive (receipt), request supplement or refuse."""
    if not has_perm(request.user, Perm.DOSSIER_RECEIVE):
        raise PermissionDenied("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ.")
    form = IntakeForm(request.POST or None, initial={"channel": 1})
    procedure = _chosen_procedure(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = (
            [_received_component(request, c) for c in procedure.components.all()]
            if procedure
            else []
        )
        try:
            dossier = dossier_receive(
                procedure_code=data["procedure"].code,
                case_code=data["case"] or None,
                channel=data["channel"],
                actor=person(request),
                applicant={
                    "kind": data["applicant_kind"],
                    "full_name": data["full_name"],
                    "id_number": data["id_number"],
                    "phone": data["phone"],
                    "email": data["email"],
                    "address": data["address"],
                    "commune": data["commune"],
                    "province": data["province"],
                },
                representative={
                    "full_name": data["representative_name"],
                    "id_number": data["representative_id_number"],
                    "document": data["representative_document"],
                },
                components=[c for c in received if c is not None],
                applies=_applies(request, procedure),
                result_channel=data["result_channel"],
                outcome=data["counter_outcome"],
                supplement_items=form.supplement_lines(),
                note=data["note"],
                request=request,
            )
        except DossierError as exc:
            form.add_error(None, exc.message)
        else:
            done, slip_name = OUTCOME_MESSAGES[data["counter_outcome"]]
            messages.success(request, done.format(code=dossier.code))
            return redirect(
                reverse("backoffice:dossier", kwargs={"code": dossier.code}) + f"?in={slip_name}"
            )
    context = {
        "form": form,
        "procedure": procedure,
        "expected_due": _expected_due(procedure),
        "checklist": _checklist(procedure, request.POST if request.method == "POST" else None),
    }
    return render(request, "backoffice/intake.html", context)


def _checklist(procedure: Procedure | None, posted: Any) -> list[tuple[Component, bool, bool]]:
    """(component, its condition ticked, received ticked): as posted, or at first the required
    papers ticked and no condition."""
    if procedure is None:
        return []
    return [
        (
            c,
            bool(posted.get(f"applies_{c.pk}")) if posted is not None else False,
            bool(posted.get(f"component_{c.pk}"))
            if posted is not None
            else c.need == ComponentNeed.REQUIRED,
        )
        for c in procedure.components.all()
    ]


# What the receptionist is told after each outcome, and the slip to hand over.
OUTCOME_MESSAGES = {
    CounterOutcome.RECEIVE: (
        "Đã tiếp nhận hồ sơ {code}. Hãy in Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).",
        "receipt",
    ),
    CounterOutcome.REQUEST_SUPPLEMENT: (
        "Hồ sơ {code} chưa được tiếp nhận. Hãy in Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ "
        "(Mẫu 02) và trao cho người nộp.",
        "supplement-request",
    ),
    CounterOutcome.REFUSE: (
        "Đã từ chối tiếp nhận hồ sơ {code}. Hãy in Phiếu từ chối tiếp nhận giải quyết hồ sơ "
        "(Mẫu 03) và trao cho người nộp.",
        "refusal",
    ),
}


def _applies(request: HttpRequest, procedure: Procedure | None) -> list[int]:
    """The conditional components whose condition the applicant says holds (ticked)."""
    if procedure is None:
        return []
    return [
        c.pk
        for c in procedure.components.all()
        if c.is_conditional and request.POST.get(f"applies_{c.pk}")
    ]


def _expected_due(procedure: Procedure | None) -> datetime | None:
    """The appointment a dossier received now would get (default case), shown before saving."""
    case = next((c for c in procedure.cases.all() if c.is_default), None) if procedure else None
    if case is None or case.processing_time is None:
        return None
    now = timezone.now()
    return compute_deadline(load_calendar(timezone.localdate()), now, case.processing_time).due_at


def _chosen_procedure(request: HttpRequest) -> Procedure | None:
    pk = request.POST.get("procedure") or request.GET.get("procedure")
    if not pk or not str(pk).isdigit():
        return None
    return Procedure.objects.prefetch_related("cases", "components").filter(pk=pk).first()


def _received_component(request: HttpRequest, component: Any) -> ReceivedComponent | None:
    """One component as ticked at the counter (None when not received)."""
    if not request.POST.get(f"component_{component.pk}"):
        return None
    quantity = request.POST.get(f"quantity_{component.pk}", "1")
    copy_type = request.POST.get(f"copy_{component.pk}", component.copy_type)
    return ReceivedComponent(
        name=component.name,
        copy_type=copy_type if copy_type in CopyType.values else component.copy_type,
        # a count of papers: 1 to 999 (the column is a small integer)
        quantity=min(int(quantity), 999) if quantity.isdigit() and int(quantity) > 0 else 1,
        shown_only=component.shown_only,
        component_id=component.pk,
    )


@staff_required
def intake_procedure(request: HttpRequest) -> HttpResponse:
    """HTMX fragment: the chosen procedure's cases, components, fees and time."""
    procedure = _chosen_procedure(request)
    return render(
        request,
        "backoffice/_intake_procedure.html",
        {
            "procedure": procedure,
            "expected_due": _expected_due(procedure),
            "checklist": _checklist(procedure, None),
        },
    )


def _visible(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_visible(person(request), code)
    if dossier is None:
        raise Http404("Không có hồ sơ này hoặc bạn không được xem hồ sơ này.")
    return dossier


def _action_choices(dossier: Dossier) -> dict[str, Any]:
    """Options for the action forms: officers of the next step, earlier steps, agencies."""
    steps = list(dossier.case.steps.select_related("unit").order_by("order"))
    current = dossier.current_step
    later = [s for s in steps if current and s.order > current.order]
    officers: list[User] = []
    if later and later[0].unit is not None:
        officers = list(
            User.objects.filter(
                memberships__role=later[0].role, memberships__unit=later[0].unit, is_active=True
            )
            .distinct()
            .order_by("full_name")
        )
    return {
        "officers": officers,
        "next_step": later[0] if later else None,
        "earlier_steps": [s for s in steps if current and s.order < current.order],
        "agencies": Unit.objects.filter(kind=UnitKind.EXTERNAL_AGENCY, is_active=True),
    }


@staff_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    """One dossier: where it is, until when, what happened, and what this officer may do."""
    dossier = _visible(request, code)
    user = person(request)
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            params = form.params()
            try:
                result = request.FILES.get("result_file")
                if result is not None and action == Action.FINISH:
                    params["result_file_id"] = store_upload(
                        result, kind=FileKind.RESULT, owner=user
                    ).pk
                dossier_transition(
                    code=dossier.code,
                    action=action,
                    actor=user,
                    note=form.cleaned_data["note"],
                    params=params,
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )
            except (DossierError, UploadRejected) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, f"Đã thực hiện: {Action(action).label}.")
                if action == Action.APOLOGIZE:
                    messages.info(request, "Hãy in văn bản xin lỗi và gửi cho người nộp.")
            return redirect("backoffice:dossier", code=dossier.code)
        messages.error(
            request,
            "Dữ liệu nhập chưa hợp lệ: "
            + "; ".join(
                f"{form.fields[f].label}: {' '.join(map(str, e))}"
                if f in form.fields
                else " ".join(map(str, e))
                for f, e in form.errors.items()
            ),
        )
        return redirect("backoffice:dossier", code=dossier.code)
    dossier_view_record(dossier=dossier, request=request, via="backoffice")
    now = timezone.now()
    actions = sorted(
        allowed_actions(dossier, user),
        key=lambda a: PRIMARY.index(a) if a in PRIMARY else len(PRIMARY),
    )
    events = dossier.events.select_related("actor", "from_unit", "to_unit", "to_user")
    slips = slips_for(dossier)
    context = {
        "dossier": dossier,
        "actions": [
            (a, Action(a).label, ACTION_FIELDS.get(a, ["note"]), a in NOTE_REQUIRED)
            for a in actions
        ],
        "events": events.order_by("at", "id"),
        "components": dossier.components.select_related("file"),
        "supplements": dossier.supplements.order_by("number"),
        "apologies": dossier.apologies.order_by("sent_at"),
        "rating": getattr(dossier, "rating", None),
        "rating_scores": [
            (CITIZEN_INDICATORS.get(key, key), score)
            for key, score in getattr(getattr(dossier, "rating", None), "scores", {}).items()
        ],
        "slips": slips,
        "print_now": next((s for s in slips if s[0] == request.GET.get("in")), None),
        "lateness": lateness_of(dossier, now),
        "judgement": judge(dossier, now),
        "now": now,
        **_action_choices(dossier),
    }
    return render(request, "backoffice/dossier.html", context)


@staff_required
def slip(request: HttpRequest, code: str, name: str, fmt: str) -> HttpResponse:
    """An official slip of the dossier as PDF or DOCX."""
    dossier = _visible(request, code)
    if name not in SLIP_LABELS:
        raise Http404("Không có biểu mẫu này.")
    try:
        rendered = render_slip(dossier, name, fmt)
    except SlipUnavailable as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:dossier", code=dossier.code)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    return response


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ for a date range, as PDF or DOCX."""
    today = timezone.localdate()
    form_data = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    try:
        date_from = date.fromisoformat(form_data["from"]) if form_data["from"] else today
        date_to = date.fromisoformat(form_data["to"]) if form_data["to"] else today
    except ValueError:
        messages.error(request, "Ngày không hợp lệ.")
        return redirect("backoffice:home")
    fmt = request.GET.get("format", "")
    if fmt not in ("pdf", "docx"):
        return render(
            request, "backoffice/register.html", {"date_from": date_from, "date_to": date_to}
        )
    units = units_with_perm(request.user, Perm.DOSSIER_VIEW)
    membership = Membership.objects.filter(user=person(request)).select_related("unit").first()
    unit = membership.unit if membership else Unit.objects.order_by("pk").first()
    if unit is None:  # no unit set up yet: the register has no desk to head it
        messages.error(request, "Chưa có đơn vị nào để lập sổ theo dõi hồ sơ.")
        return redirect("backoffice:home")
    start, end = day_start(date_from), day_start(date_to + timedelta(days=1))
    rows = (
        dossiers_visible_to(person(request))
        .filter(received_at__gte=start, received_at__lt=end)
        .order_by("received_at")
    )
    if units is not None:
        rows = rows.filter(receiving_unit__in=units)
    rendered = render_register(list(rows), date_from, date_to, unit, fmt)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@staff_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> HttpResponseBase:
    """A file of a dossier the officer may see (uploads and the result)."""
    dossier = _visible(request, code)
    allowed = set(dossier.components.filter(file__isnull=False).values_list("file_id", flat=True))
    if dossier.result_file_id:
        allowed.add(dossier.result_file_id)
    if file_id not in allowed:
        raise Http404("Không có tệp này trong hồ sơ.")
    with transaction.atomic():
        audit_record(
            action="dossier.file_read",
            obj=dossier,
            object_id=dossier.code,
            request=request,
            data={"file": file_id},
        )
    return file_response(StoredFile.objects.get(pk=file_id))


@staff_required
def ratings(request: HttpRequest) -> HttpResponse:
    """Citizens' satisfaction per unit and per officer, over the dossiers this officer may see."""
    by_unit, by_officer = satisfaction_tallies(dossiers_visible_to(person(request)))
    return render(
        request,
        "backoffice/ratings.html",
        {
            "by_unit": by_unit,
            "by_officer": by_officer,
            "labels": Satisfaction.choices,
            "may_see_reports": has_perm(request.user, Perm.REPORTS_VIEW),
        },
    )
