"""What the public and the applicant see of a dossier: a plain-language status, the appointment
and how it was computed, and the history without officers' names or internal notes."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache

from motcua.accounts.constants import Role
from motcua.core.localtime import format_datetime as _format_datetime
from motcua.core.money import format_vnd
from motcua.dossiers.constants import Action, ResultChannel, Stage, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import APPLICANT_SLIPS, slips_for

# What each role does at its step, in the words a citizen reads.
ROLE_VERBS = {
    Role.RECEPTIONIST: "kiểm tra, tiếp nhận",
    Role.SPECIALIST: "thẩm định",
    Role.UNIT_HEAD: "xem xét",
    Role.DIRECTOR: "ký duyệt",
    Role.CLERK: "vào sổ, đóng dấu",
}
# Events whose note is addressed to the applicant (reasons they must know).
PUBLIC_NOTES = {
    Action.REFUSE,
    Action.REQUEST_SUPPLEMENT,
    Action.APOLOGIZE,
    Action.EXTEND,
    Action.WITHDRAW,
    Action.REQUEST_WITHDRAWAL,
}
LOOKUP_LIMIT = 10  # failed look-ups per client address …
LOOKUP_WINDOW = 600  # … per this many seconds


def format_datetime(moment: datetime | None) -> str:
    return _format_datetime(moment) if moment else "—"


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V*** A***': enough to recognise, not to learn."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0]}***" for w in words[1:])])


def verify_matches(dossier: Dossier, verify: str) -> bool:
    """The second factor: the last 4 digits of the CCCD (or tax code) or of the phone."""
    verify = verify.strip()
    if len(verify) != 4 or not verify.isdigit():
        return False
    return verify in (dossier.applicant_id_number[-4:], dossier.applicant_phone[-4:])


def lookup_blocked(client: str) -> bool:
    return int(cache.get(f"track-fail:{client}", 0)) >= LOOKUP_LIMIT


def lookup_failed(client: str) -> None:
    key = f"track-fail:{client}"
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW)


def status_sentence(dossier: Dossier) -> str:
    """Who holds the dossier, since when, and until when, in one sentence."""
    stage = dossier.stage
    step = dossier.current_step
    if stage == Stage.AWAITING_RECEPTION:
        return (
            f"Hồ sơ đã nộp lúc {format_datetime(dossier.received_at)}, đang chờ "
            f"{dossier.receiving_unit} kiểm tra và tiếp nhận."
        )
    if stage == Stage.AT_STEP and step is not None:
        verb = ROLE_VERBS.get(Role(step.role), "xử lý") if step.role else "xử lý"
        since = f" từ {format_datetime(dossier.step_entered_at)}" if dossier.step_entered_at else ""
        until = (
            f", hạn bước này {format_datetime(dossier.step_deadline.due_at)}"
            if dossier.step_deadline
            else ""
        )
        return f"Hồ sơ đang được {dossier.current_unit} {verb}{since}{until}."
    if stage == Stage.AWAITING_SUPPLEMENT:
        latest = dossier.supplements.order_by("-number").first()
        items = "; ".join(latest.items) if latest else ""
        if dossier.accepted_at is None:
            return (
                f"Hồ sơ chưa được tiếp nhận: cần bổ sung, hoàn thiện {items}. Khi ông/bà bổ sung "
                "đủ (trực tuyến hoặc tại Bộ phận Một cửa), hồ sơ sẽ được kiểm tra để tiếp nhận."
            )
        return (
            f"Cơ quan yêu cầu bổ sung: {items}. Hồ sơ tạm dừng, chờ ông/bà bổ sung "
            "(nộp trực tuyến hoặc tại Bộ phận Một cửa)."
        )
    if stage == Stage.AWAITING_EXTERNAL:
        return "Hồ sơ đang được lấy ý kiến cơ quan phối hợp (liên thông)."
    if stage == Stage.AWAITING_PAYMENT:
        return f"Đề nghị ông/bà nộp phí, lệ phí {format_vnd(dossier.fees_due_vnd)}."
    if stage == Stage.WITHDRAWAL_REQUESTED:
        return "Đã nhận đề nghị rút hồ sơ; Bộ phận Một cửa đang xem xét để dừng giải quyết."
    if stage == Stage.RESULT_READY:
        where = {
            ResultChannel.COUNTER: f"mời ông/bà nhận tại {dossier.receiving_unit}",
            ResultChannel.POSTAL: "kết quả sẽ được gửi qua bưu chính công ích",
            ResultChannel.ONLINE: "ông/bà có thể tải kết quả điện tử",
        }[ResultChannel(dossier.result_channel)]
        return f"Đã có kết quả từ {format_datetime(dossier.finished_at)}; {where}."
    if stage == Stage.RETURNED:
        return f"Đã trả kết quả lúc {format_datetime(dossier.returned_at)}."
    if stage == Stage.REFUSED:
        return "Hồ sơ không được tiếp nhận giải quyết (xem lý do bên dưới)."
    if stage == Stage.STOPPED:
        return (
            f"Đã dừng giải quyết theo đề nghị rút hồ sơ lúc {format_datetime(dossier.stopped_at)}."
        )
    return Status(dossier.status).label


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    unit: str
    note: str
    items: list[str]


def public_history(dossier: Dossier) -> list[PublicEvent]:
    """The history without officers' names; only notes meant for the applicant."""
    events = dossier.events.select_related("to_unit").order_by("at", "id")
    return [
        PublicEvent(
            at=event.at,
            label=Action(event.action).label,
            unit=str(event.to_unit) if event.to_unit else "",
            note=event.note if event.action in PUBLIC_NOTES else "",
            items=list(event.data.get("missing_items", [])),
        )
        for event in events
    ]


def public_view(dossier: Dossier, *, masked: bool) -> dict[str, Any]:
    """Everything the tracking page and API show (masked name for anonymous look-ups)."""
    deadline = dossier.deadline
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "applicant": mask_name(dossier.applicant_name) if masked else dossier.applicant_name,
        "status": dossier.status,
        "status_label": Status(dossier.status).label,
        "summary": status_sentence(dossier),
        "received_at": dossier.received_at,
        "due_at": deadline.due_at if deadline else None,
        "original_due_at": dossier.original_due_at,
        "due_explanation": [line["text"] for line in deadline.explanation] if deadline else [],
        "history": [e.__dict__ for e in public_history(dossier)],
        # The slips the applicant was given: a refused dossier has only its Mẫu 03.
        "slips": [label for _, label in slips_for(dossier, APPLICANT_SLIPS)],
    }
