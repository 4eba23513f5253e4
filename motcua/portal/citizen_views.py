"""The citizen's pages: submit online (with drafts), my dossiers, answer a supplement, withdraw,
download the result and slips, rate; and public tracking by code. Every page works without
JavaScript; a citizen only ever reaches their own dossiers."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.accounts.models import Representation
from motcua.accounts.permissions import person
from motcua.catalog.constants import CopyType, OnlineLevel
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedures_in_force
from motcua.core.addresses import client_address
from motcua.core.inputs import MAX_NOTE, InputError, posted_text
from motcua.documents.models import FileKind, StoredFile
from motcua.documents.serving import file_response
from motcua.documents.uploads import UploadRejected, UploadRules, store_upload
from motcua.dossiers.constants import Action, Satisfaction, Stage
from motcua.dossiers.exceptions import DossierError, InvalidInput
from motcua.dossiers.models import Dossier, DossierDraft
from motcua.dossiers.result_channels import result_channel_preferred, result_channels_offered
from motcua.dossiers.selectors import dossier_of_citizen, dossiers_of_citizen
from motcua.dossiers.services import dossier_submit_online, dossier_transition
from motcua.dossiers.slips import APPLICANT_SLIPS, render_slip, slips_for
from motcua.dossiers.tracking import (
    LookupRefused,
    citizen_status_label,
    dossier_lookup,
    public_view,
)
from motcua.dossiers.workflow import allowed_actions
from motcua.ratings.constants import CITIZEN_INDICATORS, SCORES
from motcua.ratings.services import rating_open, rating_submit

citizen_required = login_required(login_url=settings.MOTCUA_CITIZEN_LOGIN_URL)
RULES = UploadRules()
# The online form's fields and their columns' lengths (input policy).
SUBMISSION_FIELDS = {
    "acting_for": 20,
    "full_name": 255,
    "id_number": 20,
    "phone": 20,
    "email": 254,
    "address": 500,
    "commune": 120,
    "province": 120,
    "case": 64,
    "result_channel": 16,
    "result_address": 500,
}
SUBMISSION_LABELS = {
    "full_name": "Họ và tên",
    "id_number": "Số CCCD",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
    "commune": "Xã, phường",
    "province": "Tỉnh, thành phố",
    "result_address": "Địa chỉ nhận kết quả",
}


def track(request: HttpRequest, code: str = "") -> HttpResponse:
    """Look a dossier up by code and the last 4 digits of the CCCD or phone (no sign-in)."""
    code = (request.GET.get("code") or code).strip()
    verify = request.GET.get("verify", "").strip()
    context: dict[str, Any] = {"code": code, "verify": verify}
    if code and verify:
        try:
            dossier = dossier_lookup(code=code, verify=verify, address=client_address(request))
        except LookupRefused as exc:
            context["error"] = exc.message
            return render(request, "portal/track.html", context, status=exc.status)
        context["view"] = public_view(dossier, masked=True)
    elif code and request.user.is_authenticated:
        own = dossier_of_citizen(person(request), code)
        if own is not None:
            return redirect("portal:my_dossier", code=own.code)
    return render(request, "portal/track.html", context)


def _own(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_of_citizen(person(request), code)
    if dossier is None:
        raise Http404("Không có hồ sơ này trong tài khoản của bạn.")
    return dossier


@citizen_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = person(request)
    dossiers = dossiers_of_citizen(user)
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "dossiers": [(d, citizen_status_label(d.status)) for d in dossiers],
            "drafts": DossierDraft.objects.filter(citizen=user).select_related("procedure"),
        },
    )


PERSON_FIELDS = ("full_name", "id_number", "phone", "email", "address", "commune", "province")


def _representations(user: Any) -> list[Representation]:
    """The principals a citizen may submit for: powers of attorney still valid today."""
    return list(
        Representation.objects.filter(representative=user, valid_until__gte=timezone.localdate())
    )


def _parties(user: Any, data: dict[str, str]) -> dict[str, Any]:
    """Applicant and representative of an online submission: the citizen themself, or the
    principal of a power of attorney with the citizen as the authorised representative."""
    typed = {key: data.get(key, "") for key in PERSON_FIELDS}
    chosen = data.get("acting_for", "")
    if not chosen:
        return {"applicant": typed, "representative": None}
    rep = next((r for r in _representations(user) if str(r.pk) == chosen), None)
    if rep is None:
        raise InvalidInput("Giấy ủy quyền đã chọn không còn hiệu lực.", field="acting_for")
    return {
        "applicant": {
            **typed,
            "kind": rep.kind,
            "full_name": rep.principal_name,
            "id_number": rep.principal_id_number,
        },
        "representative": {
            "full_name": typed["full_name"],
            "id_number": typed["id_number"],
            "phone": typed["phone"],
            "document": rep.document_reference,
        },
    }


def _must_bring(procedure: Procedure) -> list[str]:
    """For một phần procedures: the papers still to show at the counter."""
    if procedure.online_level != OnlineLevel.PARTIAL:
        return []
    marked = [
        c.name
        for c in procedure.components.all()
        if c.shown_only or c.copy_type in (CopyType.ORIGINAL, CopyType.CERTIFIED_COPY)
    ]
    return marked or ["Bản chính các giấy tờ đã tải lên, để đối chiếu"]


@citizen_required
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """Online submission of one procedure: one upload slot per component, drafts kept."""
    procedure = (
        procedures_in_force().filter(code=code).prefetch_related("components", "cases").first()
    )
    if procedure is None:
        raise Http404("Không có thủ tục này.")
    if not procedure.takes_online_submissions:
        messages.error(
            request,
            "Thủ tục này chưa nhận hồ sơ trực tuyến; mời ông/bà nộp tại "
            "Bộ phận Một cửa hoặc qua bưu chính.",
        )
        return redirect("portal:procedure", code=procedure.code)
    user = person(request)
    channel, address = result_channel_preferred(user, procedure)
    draft, _ = DossierDraft.objects.get_or_create(
        citizen=user,
        procedure=procedure,
        defaults={
            "data": {
                "full_name": user.full_name,
                "id_number": user.id_number,
                "phone": user.phone,
                "email": user.email,
                "result_channel": channel,
                "result_address": address,
            }
        },
    )
    offered = result_channels_offered(procedure)
    errors: list[str] = []
    if request.method == "POST":
        previous, draft.data = draft.data, {}
        for key, max_length in SUBMISSION_FIELDS.items():
            try:
                draft.data[key] = posted_text(request.POST, key, max_length=max_length)
            except InputError as exc:  # keep what the draft held; say which field is wrong
                draft.data[key] = previous.get(key, "")
                errors.append(f"{SUBMISSION_LABELS.get(key, key)}: {exc}")
        draft.data["applies"] = [
            c.pk
            for c in procedure.components.all()
            if c.is_conditional and request.POST.get(f"applies_{c.pk}")
        ]
        for component in procedure.components.all():
            upload = request.FILES.get(f"file_{component.pk}")
            if upload is None:
                continue
            try:
                stored = store_upload(upload, kind=FileKind.COMPONENT, owner=user, rules=RULES)
            except UploadRejected as exc:
                errors.append(str(exc))
            else:
                draft.files[str(component.pk)] = stored.pk
        draft.save()
        if request.POST.get("intent") == "submit" and not errors:
            files = {int(k): StoredFile.objects.get(pk=v) for k, v in draft.files.items()}
            data = draft.data
            try:
                with transaction.atomic():
                    dossier = dossier_submit_online(
                        citizen=user,
                        procedure_code=procedure.code,
                        case_code=data.get("case") or None,
                        files=files,
                        **_parties(user, data),
                        result_channel=data.get("result_channel") or channel,
                        result_address=data.get("result_address", ""),
                        applies=data.get("applies") or [],
                        request=request,
                    )
                    draft.delete()
            except DossierError as exc:
                errors.append(exc.message)
            else:
                messages.success(
                    request,
                    f"Đã nộp hồ sơ {dossier.code}. Bộ phận Một cửa sẽ "
                    "kiểm tra và tiếp nhận trong ngày làm việc.",
                )
                return redirect("portal:my_dossier", code=dossier.code)
        elif not errors:
            messages.success(request, "Đã lưu nháp. Ông/bà có thể quay lại nộp tiếp.")
            return redirect("portal:submit", code=procedure.code)
    uploaded = StoredFile.objects.in_bulk(list(draft.files.values()))
    applies = set(draft.data.get("applies") or [])
    slots = [
        (c, uploaded.get(draft.files.get(str(c.pk))), c.pk in applies)
        for c in procedure.components.all()
    ]
    return render(
        request,
        "portal/submit.html",
        {
            "procedure": procedure,
            "draft": draft,
            "slots": slots,
            "errors": errors,
            "rules": RULES.describe(),
            "must_bring": _must_bring(procedure),
            "result_channels": [(c.value, c.label) for c in offered],
            # A draft saved before the procedure stopped offering its choice gets the default.
            "result_channel": draft.data.get("result_channel")
            if draft.data.get("result_channel") in offered
            else channel,
            "representations": _representations(user),
        },
        status=400 if errors else 200,
    )


@citizen_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """One of my dossiers: where it is, until when, and what I can do now."""
    dossier = _own(request, code)
    user = person(request)
    if request.method == "POST":
        intent = request.POST.get("intent")
        try:
            if intent == "supplement":
                _answer_supplement(request, dossier)
            elif intent == "withdraw":
                dossier_transition(
                    code=dossier.code,
                    action=Action.REQUEST_WITHDRAWAL,
                    actor=user,
                    note=posted_text(request.POST, "note", max_length=MAX_NOTE, multiline=True),
                    request=request,
                )
                messages.success(request, "Đã gửi đề nghị rút hồ sơ.")
            elif intent == "rate":
                rating_submit(
                    dossier=dossier,
                    citizen=user,
                    satisfaction=request.POST.get("satisfaction", ""),
                    scores={
                        k: request.POST[f"score_{k}"]
                        for k in CITIZEN_INDICATORS
                        if request.POST.get(f"score_{k}")
                    },
                    comment=posted_text(
                        request.POST, "comment", max_length=MAX_NOTE, multiline=True
                    ),
                    request=request,
                )
                messages.success(request, "Cảm ơn ông/bà đã đánh giá.")
        except (DossierError, UploadRejected, InputError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("portal:my_dossier", code=dossier.code)
    latest = dossier.supplements.order_by("-number").first()
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier,
            "view": public_view(dossier, masked=False),
            "supplement": latest if dossier.stage == Stage.AWAITING_SUPPLEMENT else None,
            "may_withdraw": Action.REQUEST_WITHDRAWAL in allowed_actions(dossier, user),
            "may_rate": rating_open(dossier),
            "rating": getattr(dossier, "rating", None),
            "slips": slips_for(dossier, APPLICANT_SLIPS),
            "satisfactions": Satisfaction.choices,
            "indicators": CITIZEN_INDICATORS.items(),
            "scores": SCORES.items(),
            "files": dossier.components.filter(file__isnull=False).select_related("file"),
            "rules": RULES.describe(),
        },
    )


def _answer_supplement(request: HttpRequest, dossier: Dossier) -> None:
    latest = dossier.supplements.order_by("-number").first()
    if latest is None:
        raise Http404
    uploads = []
    for index, item in enumerate(latest.items):
        upload = request.FILES.get(f"item_{index}")
        if upload is not None:
            stored = store_upload(upload, kind=FileKind.SUPPLEMENT, owner=person(request))
            uploads.append({"item": item, "file_id": stored.pk})
    if len(uploads) < len(latest.items):
        raise UploadRejected("Cần tải lên đủ tất cả nội dung được yêu cầu bổ sung.")
    dossier_transition(
        code=dossier.code,
        action=Action.RECEIVE_SUPPLEMENT,
        actor=person(request),
        params={"files": uploads},
        request=request,
    )
    messages.success(request, "Đã nộp hồ sơ bổ sung; thời hạn giải quyết được tính lại.")


@citizen_required
def my_slip(request: HttpRequest, code: str, name: str) -> HttpResponse:
    dossier = _own(request, code)
    if name not in APPLICANT_SLIPS:
        raise Http404("Không có biểu mẫu này.")
    try:
        rendered = render_slip(dossier, name, "pdf")
    except DossierError as exc:
        messages.error(request, exc.message)
        return redirect("portal:my_dossier", code=dossier.code)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@citizen_required
def my_file(request: HttpRequest, code: str, file_id: int) -> HttpResponseBase:
    """A file of my dossier (an upload, or the electronic result once it is ready)."""
    dossier = _own(request, code)
    mine = set(dossier.components.filter(file__isnull=False).values_list("file_id", flat=True))
    if dossier.applicant_result_file_id is not None:
        mine.add(dossier.applicant_result_file_id)
    if file_id not in mine:
        raise Http404("Không có tệp này trong hồ sơ của bạn.")
    return file_response(StoredFile.objects.get(pk=file_id))
