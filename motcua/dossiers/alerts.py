"""The deadline sweep: warn officers before a step or a dossier falls due, and when it has.

Run it every few minutes (`manage.py deadline_alerts`); it is safe to run twice or in parallel:
each warning is claimed with a conditional UPDATE on the deadline, so it is queued only once.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import unit_and_ancestors
from motcua.core.links import public_url_for
from motcua.core.localtime import format_datetime
from motcua.dossiers.constants import CLOCK_RUNNING_STATUSES, Stage
from motcua.dossiers.models import Dossier
from motcua.dossiers.timeliness import due_soon_q, overdue_q, warning_limit
from motcua.outbox.services import outbox_enqueue
from motcua.workdays.models import Deadline


@dataclass
class SweepResult:
    steps_due_soon: int = 0
    dossiers_due_soon: int = 0
    dossiers_late: int = 0


def _claim(deadline: Deadline, field: str, now: datetime) -> str:
    """The warning's name when this sweep claimed it, '' when another one did."""
    claimed = Deadline.objects.filter(pk=deadline.pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    return f"{field}:{deadline.pk}:{now.isoformat()}" if claimed else ""


def _heads(dossier: Dossier) -> list[str]:
    """E-mail of the heads above the unit holding the dossier."""
    unit = dossier.current_unit or dossier.receiving_unit
    return list(
        User.objects.filter(
            memberships__role__in=[Role.UNIT_HEAD, Role.DIRECTOR],
            memberships__unit_id__in=unit_and_ancestors(unit),
            is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _holders(dossier: Dossier) -> list[str]:
    if dossier.current_holder and dossier.current_holder.email:
        return [dossier.current_holder.email]
    step = dossier.current_step
    if step is None or step.unit is None:
        return []
    return list(
        User.objects.filter(
            memberships__role=step.role, memberships__unit=step.unit, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _warn(dossier: Dossier, ref: str, to: list[str], subject: str, text: str) -> None:
    """Queue one warning; `ref` names it (the claimed deadline), so each officer gets it once."""
    link = public_url_for("backoffice:dossier", dossier.code)
    outbox_enqueue(
        topic="dossier.warning",
        key=dossier.code,
        payload={
            "ref": ref,
            "code": dossier.code,
            "to": sorted(set(to)),
            "subject": subject,
            "text": f"{text}\n\nXem hồ sơ: {link}",
        },
    )


@transaction.atomic
def deadline_alerts_sweep(*, now: datetime | None = None) -> SweepResult:
    """Queue the warnings due now; returns how many of each kind were queued."""
    now = now or timezone.now()
    limit = warning_limit(now)
    result = SweepResult()
    dossiers = Dossier.objects.select_related(
        "deadline",
        "step_deadline",
        "current_step__unit",
        "current_unit",
        "current_holder",
        "receiving_unit",
    )
    for dossier in dossiers.filter(
        status__in=CLOCK_RUNNING_STATUSES,
        stage=Stage.AT_STEP,
        step_deadline__due_at__lte=limit,
        step_deadline__warned_at__isnull=True,
    ):
        step_deadline = dossier.step_deadline
        if step_deadline is None or not (ref := _claim(step_deadline, "warned_at", now)):
            continue
        result.steps_due_soon += 1
        _warn(
            dossier,
            ref,
            _holders(dossier),
            f"[Một cửa] Bước xử lý hồ sơ {dossier.code} sắp đến hạn",
            f"Bước «{dossier.current_step}» của hồ sơ {dossier.code} hết hạn lúc "
            f"{format_datetime(step_deadline.due_at)}.",
        )
    # Due soon and overdue as every list counts them (dossiers.timeliness).
    soon = due_soon_q(now, limit) & Q(deadline__due_at__lte=limit, deadline__warned_at__isnull=True)
    for dossier in dossiers.filter(soon):
        deadline = dossier.deadline
        if deadline is None or not (ref := _claim(deadline, "warned_at", now)):
            continue
        result.dossiers_due_soon += 1
        _warn(
            dossier,
            ref,
            _holders(dossier) + _heads(dossier),
            f"[Một cửa] Hồ sơ {dossier.code} sắp đến hạn trả kết quả",
            f"Hồ sơ {dossier.code} phải trả kết quả trước {format_datetime(deadline.due_at)}. "
            "Nếu không kịp, cần gửi văn bản xin lỗi và hẹn lại ngày trả chậm nhất 01 ngày làm "
            "việc trước hạn.",
        )
    for dossier in dossiers.filter(overdue_q(now), deadline__breach_notified_at__isnull=True):
        deadline = dossier.deadline
        if deadline is None or not (ref := _claim(deadline, "breach_notified_at", now)):
            continue
        result.dossiers_late += 1
        missing = "" if dossier.extension_count else " và chưa có văn bản xin lỗi"
        _warn(
            dossier,
            ref,
            _holders(dossier) + _heads(dossier),
            f"[Một cửa] Hồ sơ {dossier.code} đã quá hạn",
            f"Hồ sơ {dossier.code} đã quá hạn từ {format_datetime(deadline.due_at)}{missing}.",
        )
    return result
