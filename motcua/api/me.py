"""The citizen's own dossiers (`/api/v1/me/...`): nothing of anyone else's is ever reachable."""

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from ninja import Field, Router, Schema
from ninja import Status as Reply

from motcua.accounts.permissions import person
from motcua.api.answers import PDF, MyDossier, MyDossierList, RatingOut, answers, files
from motcua.api.auth import AUTH
from motcua.api.dossiers import DossierHttpError
from motcua.core.inputs import Code, Note, TextRule
from motcua.documents.models import StoredFile
from motcua.documents.serving import file_response
from motcua.dossiers.constants import Action
from motcua.dossiers.exceptions import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_of_citizen, dossiers_of_citizen
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tracking import citizen_status_label, public_view
from motcua.dossiers.workflow import allowed_actions
from motcua.ratings.services import rating_submit

router = Router(tags=["Hồ sơ của tôi"], auth=AUTH)


def _own(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_of_citizen(person(request), code)
    if dossier is None:
        raise Http404("Không có hồ sơ này trong tài khoản của bạn.")
    return dossier


def _view(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    return {
        **public_view(dossier, masked=False),
        "allowed_actions": allowed_actions(dossier, person(request)),
        "has_result_file": dossier.applicant_result_file_id is not None,
    }


@router.get("/dossiers", response=answers({200: MyDossierList}, 401), summary="Hồ sơ của tôi")
def my_dossiers(request: HttpRequest) -> dict[str, Any]:
    dossiers = dossiers_of_citizen(person(request))
    return {
        "count": dossiers.count(),
        "items": [
            {
                "code": d.code,
                "procedure": d.procedure.name,
                "status": d.status,
                "status_label": citizen_status_label(d.status),
                "received_at": d.received_at,
                "due_at": d.due_at,
            }
            for d in dossiers
        ],
    }


@router.get(
    "/dossiers/{code}",
    response=answers({200: MyDossier}, 401, 404, 422),
    summary="Một hồ sơ của tôi",
)
def my_dossier(request: HttpRequest, code: Code) -> dict[str, Any]:
    return _view(request, _own(request, code))


class WithdrawalIn(Schema):
    reason: Note


@router.post(
    "/dossiers/{code}/withdrawal",
    response=answers({200: MyDossier}, 401, 403, 404, 409, 422),
    summary="Đề nghị rút hồ sơ",
)
def request_withdrawal(request: HttpRequest, code: Code, body: WithdrawalIn) -> dict[str, Any]:
    dossier = _own(request, code)
    try:
        dossier_transition(
            code=dossier.code,
            action=Action.REQUEST_WITHDRAWAL,
            actor=person(request),
            note=body.reason,
            request=request,
        )
    except DossierError as exc:
        raise DossierHttpError(exc) from exc
    return _view(request, _own(request, code))


class RatingIn(Schema):
    satisfaction: Annotated[str, TextRule(32)]
    scores: dict[Code, Annotated[int, Field(ge=0, le=2)]] = Field({}, max_length=50)
    comment: Note = ""


@router.post(
    "/dossiers/{code}/rating",
    response=answers({201: RatingOut}, 401, 403, 404, 409, 422),
    summary="Đánh giá hài lòng",
)
def rate(request: HttpRequest, code: Code, body: RatingIn) -> Reply[dict[str, Any]]:
    dossier = _own(request, code)
    try:
        rating = rating_submit(
            dossier=dossier,
            citizen=person(request),
            satisfaction=body.satisfaction,
            scores=body.scores,
            comment=body.comment,
            request=request,
        )
    except DossierError as exc:
        raise DossierHttpError(exc) from exc
    return Reply(201, {"satisfaction": rating.satisfaction, "scores": rating.scores})


@router.get(
    "/dossiers/{code}/result",
    summary="Tải kết quả điện tử",
    response=answers({200: None}, 401, 404, 422),
    openapi_extra=files(PDF, "application/octet-stream"),
)
def result(request: HttpRequest, code: Code) -> HttpResponseBase:
    dossier = _own(request, code)
    file_id = dossier.applicant_result_file_id
    if file_id is None:
        raise Http404("Hồ sơ chưa có kết quả điện tử.")
    return file_response(StoredFile.objects.get(pk=file_id))
