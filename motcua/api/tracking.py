from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from motcua.core.inputs import Code, TextRule
from motcua.dossiers.models import Dossier
from motcua.dossiers.tracking import lookup_blocked, lookup_failed, public_view, verify_matches

router = Router(tags=["Tra cứu hồ sơ"])
NOT_FOUND = "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập."


@router.get("/{code}", response=dict, summary="Tra cứu tiến độ hồ sơ (công khai)")
def track(
    request: HttpRequest, code: Code, verify: Annotated[str, TextRule(32)] = ""
) -> dict[str, Any]:
    """Public timeline of a dossier, given its code and the last 4 digits of the applicant's CCCD
    or phone. A wrong pair and an unknown code get the same 404; too many failures from one
    address get 429, so codes cannot be enumerated."""
    client = str(request.META.get("REMOTE_ADDR", ""))
    if lookup_blocked(client):
        raise HttpError(429, "Tra cứu sai quá nhiều lần; vui lòng thử lại sau 10 phút.")
    dossier = (
        Dossier.objects.select_related(
            "procedure",
            "deadline",
            "current_unit",
            "current_step",
            "step_deadline",
            "receiving_unit",
        )
        .filter(code=code.strip())
        .first()
    )
    if dossier is None or not verify_matches(dossier, verify):
        lookup_failed(client)
        raise HttpError(404, NOT_FOUND)
    return public_view(dossier, masked=True)
