from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from motcua.api.answers import PublicDossier, answers
from motcua.core.addresses import client_address
from motcua.core.inputs import Code, TextRule
from motcua.dossiers.tracking import LookupRefused, dossier_lookup, public_view

router = Router(tags=["Tra cứu hồ sơ"])


@router.get(
    "/{code}",
    response=answers({200: PublicDossier}, 404, 422, 429),
    summary="Tra cứu tiến độ hồ sơ (công khai)",
)
def track(
    request: HttpRequest, code: Code, verify: Annotated[str, TextRule(32)] = ""
) -> dict[str, Any]:
    """Public timeline of a dossier, given its code and the last 4 digits of the applicant's CCCD
    or phone. A wrong pair and an unknown code get the same 404; too many failures from one
    address, or on one code from an address, get 429, so codes cannot be enumerated."""
    try:
        dossier = dossier_lookup(code=code, verify=verify, address=client_address(request))
    except LookupRefused as exc:
        raise HttpError(exc.status, exc.message) from exc
    return public_view(dossier, masked=True)
