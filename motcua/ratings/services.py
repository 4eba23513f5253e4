"""Recording a citizen's satisfaction with a dossier."""

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.audit.services import audit_record
from motcua.core.folding import nfc
from motcua.dossiers.constants import Stage
from motcua.dossiers.exceptions import Conflict, InvalidInput, NotPermitted
from motcua.dossiers.models import Dossier
from motcua.ratings.constants import CITIZEN_INDICATORS, Satisfaction
from motcua.ratings.models import Rating

RATEABLE = (Stage.RESULT_READY, Stage.RETURNED)


@transaction.atomic
def rating_submit(
    *,
    dossier: Dossier,
    citizen: User,
    satisfaction: str,
    scores: dict[str, Any],
    comment: str = "",
    request: HttpRequest | None = None,
) -> Rating:
    """Record the applicant's rating once, after the result is ready or returned."""
    if dossier.citizen_id != citizen.pk:
        raise NotPermitted("Chỉ người nộp hồ sơ được đánh giá.")
    if dossier.stage not in RATEABLE:
        raise Conflict("Có thể đánh giá khi hồ sơ đã có kết quả.")
    if satisfaction not in Satisfaction.values:
        raise InvalidInput("Hãy chọn mức độ hài lòng.", field="satisfaction")
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if key not in CITIZEN_INDICATORS or str(value) not in ("0", "1", "2"):
            raise InvalidInput("Điểm tiêu chí không hợp lệ.", field=f"scores.{key}")
        clean[key] = int(value)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                citizen=citizen,
                satisfaction=satisfaction,
                scores=clean,
                comment=nfc(comment),
            )
    except IntegrityError as exc:
        raise Conflict("Hồ sơ này đã được đánh giá.") from exc
    audit_record(
        action="rating.submitted",
        obj=rating,
        actor=citizen,
        request=request,
        data={"dossier": dossier.code, "satisfaction": satisfaction},
    )
    return rating
