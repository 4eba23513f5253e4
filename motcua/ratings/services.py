"""Recording a citizen's satisfaction with a dossier; keeping the evaluation scores."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import Perm, has_perm
from motcua.audit.services import audit_record
from motcua.core.folding import nfc
from motcua.core.localtime import to_local
from motcua.dossiers.constants import RESULT_STAGES, Satisfaction
from motcua.dossiers.exceptions import Conflict, InvalidInput, NotPermitted
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.timeliness import due_basis
from motcua.ratings.constants import CITIZEN_INDICATORS
from motcua.ratings.evaluation import SchemeRules, ScoredDossier, rules_of, score_dossier
from motcua.ratings.models import (
    DossierScore,
    EvaluationScheme,
    OfficerScore,
    Rating,
    SelfAssessment,
    UnitStepScore,
)
from motcua.workdays.selectors import CalendarsByDay


def rating_open(dossier: Dossier) -> bool:
    """The applicant may still rate: the dossier has its result and no rating yet."""
    return dossier.stage in RESULT_STAGES and not Rating.objects.filter(dossier=dossier).exists()


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
    if dossier.stage not in RESULT_STAGES:
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


# ---------------------------------------------------------------------------------------------
# The one-stop evaluation (evaluation.py): per-dossier scores kept up to date, self-assessment.

CHUNK = 500
SCORE_FIELDS = [
    f.name for f in DossierScore._meta.concrete_fields if f.name not in ("id", "dossier")
]


def _scheme_on(schemes: list[EvaluationScheme], day: date) -> EvaluationScheme | None:
    """The enabled scheme in force on `day` (`schemes` newest first)."""
    for scheme in schemes:
        if scheme.effective_from <= day and (
            scheme.effective_to is None or day < scheme.effective_to
        ):
            return scheme
    return None


def _score_chunk(
    ids: list[int],
    schemes: list[EvaluationScheme],
    rules: dict[int, SchemeRules],
    calendars: CalendarsByDay,
    basis: str,
) -> int:
    dossiers = (
        Dossier.objects.filter(pk__in=ids, accepted_at__isnull=False)
        .select_related("deadline", "receiving_unit", "rating")
        .prefetch_related(
            "supplements",
            "apologies",
            Prefetch("events", DossierEvent.objects.select_related("actor").order_by("at", "id")),
        )
    )
    now = timezone.now()
    built: list[tuple[DossierScore, ScoredDossier]] = []
    for dossier in dossiers:
        assert dossier.accepted_at is not None
        accepted_on = to_local(dossier.accepted_at).date()
        calendar = calendars[accepted_on]
        if not schemes:
            continue
        scored = score_dossier(dossier, rules[schemes[0].pk], calendar, basis)
        scheme = _scheme_on(schemes, scored.fields["ended_on"] or accepted_on)
        if scheme is None:
            continue
        if scheme != schemes[0]:
            scored = score_dossier(dossier, rules[scheme.pk], calendar, basis)
        row = DossierScore(dossier=dossier, scheme=scheme, computed_at=now, **scored.fields)
        built.append((row, scored))
    with transaction.atomic():
        # Replace, never patch: what the dossier says now is the whole truth. Upserts let two
        # runs at once converge on the same rows.
        DossierScore.objects.filter(dossier_id__in=ids).exclude(
            dossier_id__in=[row.dossier_id for row, _ in built]
        ).delete()
        DossierScore.objects.bulk_create(
            [row for row, _ in built],
            update_conflicts=True,
            unique_fields=["dossier"],
            update_fields=SCORE_FIELDS,
        )
        stored = dict(
            DossierScore.objects.filter(
                dossier_id__in=[r.dossier_id for r, _ in built]
            ).values_list("dossier_id", "pk")
        )
        UnitStepScore.objects.filter(score_id__in=stored.values()).delete()
        OfficerScore.objects.filter(score_id__in=stored.values()).delete()
        steps, officers = [], []
        for row, scored in built:
            score_id, ended_on = stored[row.dossier_id], row.ended_on
            steps += [
                UnitStepScore(score_id=score_id, unit_id=u, ended_on=ended_on, i2=i2, steps=n)
                for u, (i2, n) in scored.unit_steps.items()
            ]
            officers += [
                OfficerScore(score_id=score_id, officer_id=o, unit_id=u, ended_on=ended_on, i2=i2)
                for o, (u, i2) in scored.officers.items()
            ]
        UnitStepScore.objects.bulk_create(steps, ignore_conflicts=True)
        OfficerScore.objects.bulk_create(officers, ignore_conflicts=True)
    return len(built)


def evaluation_rescore(changed: list[int] | None) -> int:
    """Bring the evaluation scores of the `changed` dossiers (None: every accepted dossier) up to
    date: a per-dossier rollup of the one refresh (metrics.services.rollup_refresh), which
    registers it (apps.py) and keeps the watermark. Idempotent, safe to run twice."""
    accepted = Dossier.objects.filter(accepted_at__isnull=False)
    ids = list(accepted.order_by("pk").values_list("pk", flat=True)) if changed is None else changed
    schemes = list(EvaluationScheme.objects.filter(enabled=True).order_by("-effective_from"))
    rules = {scheme.pk: rules_of(scheme.config) for scheme in schemes}
    calendars = CalendarsByDay()
    basis = due_basis()
    return sum(
        _score_chunk(ids[start : start + CHUNK], schemes, rules, calendars, basis)
        for start in range(0, len(ids), CHUNK)
    )


@transaction.atomic
def self_assessment_record(
    *,
    scheme: EvaluationScheme,
    unit: Unit,
    year: int,
    quarter: int | None,
    indicator: int,
    points: str,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SelfAssessment:
    """Store a unit's own score for a per-unit indicator the system cannot measure in full."""
    if not has_perm(actor, Perm.REPORTS_VIEW, unit):
        raise NotPermitted("Bạn không có quyền chấm điểm cho đơn vị này.")
    definition = rules_of(scheme.config).indicator(indicator)
    if definition is None or not definition.self_assessable:
        raise InvalidInput("Chỉ số này không cho phép đơn vị tự chấm.", field="indicator")
    try:
        value = Decimal(str(points).replace(",", "."))
    except ArithmeticError as exc:
        raise InvalidInput("Điểm tự chấm phải là một số.", field="points") from exc
    if not value.is_finite() or not 0 <= value <= definition.max_points or value % 1:
        raise InvalidInput(
            f"Điểm tự chấm là 0, 1 hoặc {definition.max_points} điểm.", field="points"
        )
    reason = nfc(note).strip()
    if not reason:
        raise InvalidInput("Cần ghi căn cứ tự chấm.", field="note")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise InvalidInput("Quý không hợp lệ.", field="quarter")
    entry = SelfAssessment.objects.create(
        scheme=scheme,
        unit=unit,
        year=year,
        quarter=quarter,
        indicator=indicator,
        points=value,
        note=reason,
        entered_by=actor,
        entered_at=timezone.now(),
    )
    audit_record(
        action="evaluation.self_assessed",
        obj=entry,
        actor=actor,
        request=request,
        data={
            "unit": unit.code,
            "year": year,
            "quarter": quarter,
            "indicator": indicator,
            "points": str(value),
            "note": reason,
        },
    )
    return entry
