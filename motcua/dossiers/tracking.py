"""What the public and the applicant see of a dossier: a plain-language status, the appointment
and how it was computed, and the history without officers' names or internal notes.

This is the one home of the words a citizen reads about where their dossier is: the tracking page
and API, the citizen's own pages and API, and the messages they are sent all take them from here.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, Unit
from motcua.core import throttle
from motcua.core.links import public_url_for
from motcua.core.localtime import format_datetime as _format_datetime
from motcua.core.money import format_vnd
from motcua.core.throttle import Limit
from motcua.dossiers.constants import Action, Channel, ResultChannel, Stage, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.numbering import dossier_code_normalised
from motcua.dossiers.timeliness import judge
from motcua.dossiers.workflow import MOVES_BY_ACTION, Who

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
# Where the national status name misleads a citizen. Status 1 ("Mới đăng ký") is an online or
# postal submission nobody has checked yet: it is not received, and no time limit runs.
CITIZEN_STATUS_LABELS = {Status.NEW: "Đã nộp, đang chờ cán bộ kiểm tra"}
# The applicant's own first move, by the channel it came through (the history's first line).
SUBMITTED_LABELS = {
    Channel.ONLINE: "Nộp hồ sơ trực tuyến",
    Channel.POSTAL: "Gửi hồ sơ qua bưu chính",
}
# Failed look-ups (unknown code or wrong verifier) allowed per client address, then that address
# may not look up anything for ten minutes.
ADDRESS_LIMIT = Limit("track-address", failures=10, window=600, lock=600)
# Failed look-ups of one code from all addresses together, then the code is guarded for an hour:
# an address that failed on it 3 times is refused it, even with the right pair, so a crowd of
# addresses gets only a few guesses each. Anyone else with the right pair (the applicant) is
# still answered: other people's failures never lock them out.
CODE_LIMIT = Limit("track-code", failures=20, window=3600, lock=3600)
ADDRESS_CODE_LIMIT = Limit("track-address-code", failures=3, window=3600, lock=3600)
NOT_FOUND = "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập."
TOO_MANY = "Tra cứu sai quá nhiều lần; vui lòng thử lại sau {minutes} phút."


class LookupRefused(Exception):
    """A look-up answered with `status` (404 not found, 429 too many failures) and `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def format_datetime(moment: datetime | None) -> str:
    return _format_datetime(moment) if moment else "—"


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V*** A***': enough to recognise, not to learn."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0]}***" for w in words[1:])])


def dossier_tracked(code: str) -> Dossier | None:
    """The dossier a tracking look-up names, however the code was typed (case, spaces, dashes)."""
    return (
        Dossier.objects.select_related(
            "procedure",
            "deadline",
            "current_unit",
            "current_step",
            "step_deadline",
            "receiving_unit",
        )
        .filter(code=dossier_code_normalised(code))
        .first()
    )


def verify_matches(dossier: Dossier, verify: str) -> bool:
    """The second factor: the last 4 digits of the CCCD (or tax code) or of the phone."""
    verify = verify.strip()
    if len(verify) != 4 or not verify.isdigit():
        return False
    return verify in (dossier.applicant_id_number[-4:], dossier.applicant_phone[-4:])


def dossier_lookup(*, code: str, verify: str, address: str) -> Dossier:
    """The dossier with this code whose applicant's verifier is `verify`, for anonymous
    tracking; LookupRefused when the pair is wrong or there were too many wrong pairs."""
    code = dossier_code_normalised(code)
    if throttle.locked_until(ADDRESS_LIMIT, address):
        raise LookupRefused(429, TOO_MANY.format(minutes=ADDRESS_LIMIT.lock // 60))
    pair_key = f"{address}|{code}"
    if throttle.locked_until(CODE_LIMIT, code) and throttle.locked_until(
        ADDRESS_CODE_LIMIT, pair_key
    ):
        raise LookupRefused(429, TOO_MANY.format(minutes=CODE_LIMIT.lock // 60))
    dossier = dossier_tracked(code)
    if dossier is None or not verify_matches(dossier, verify):
        throttle.failure_record(ADDRESS_LIMIT, address)
        throttle.failure_record(CODE_LIMIT, code)
        throttle.failure_record(ADDRESS_CODE_LIMIT, pair_key)
        raise LookupRefused(404, NOT_FOUND)
    return dossier


def citizen_status_label(status: int) -> str:
    """The name of a national status as a citizen reads it."""
    return CITIZEN_STATUS_LABELS.get(Status(status), Status(status).label)


def status_sentence(dossier: Dossier) -> str:
    """Who holds the dossier, since when, and until when, in one sentence."""
    stage = dossier.stage
    step = dossier.current_step
    if stage == Stage.AWAITING_RECEPTION:
        return (
            f"Ông/bà đã nộp hồ sơ lúc {format_datetime(dossier.received_at)}; hồ sơ chưa được "
            f"tiếp nhận, đang chờ cán bộ {dossier.receiving_unit} kiểm tra. Thời hạn giải quyết "
            "được tính từ khi hồ sơ được tiếp nhận."
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


def event_label(event: DossierEvent, dossier: Dossier) -> str:
    """What happened, as the applicant reads it: their own online or postal submission is not
    a reception by the agency."""
    if event.action == Action.RECEIVE and dossier.channel in SUBMITTED_LABELS:
        return SUBMITTED_LABELS[Channel(dossier.channel)]
    if event.action == Action.ACCEPT:  # the desk's "online/postal" qualifier says nothing here
        return Action.RECEIVE.label
    return Action(event.action).label


def acting_unit(event: DossierEvent, dossier: Dossier) -> Unit | None:
    """The unit that made the move (None for the applicant's own moves), not where the dossier
    went: the one-stop desk for the desk's moves (workflow's RECEPTION) and for anything done
    while the dossier waited at the desk; the unit it left for hand-overs; otherwise the unit
    the officer belongs to (the desk first)."""
    applicant = event.actor_id is not None and event.actor_id == dossier.citizen_id
    if applicant or (event.action == Action.RECEIVE and dossier.channel != Channel.COUNTER):
        return None
    move = MOVES_BY_ACTION.get(Action(event.action))
    at_desk = event.action == Action.RECEIVE or event.from_stage == Stage.AWAITING_RECEPTION
    if at_desk or (move is not None and move.who == (Who.RECEPTION,)):
        return dossier.receiving_unit
    if event.from_unit is not None or event.actor_id is None:
        return event.from_unit
    units = [
        m.unit for m in Membership.objects.filter(user_id=event.actor_id).select_related("unit")
    ]
    return next(
        (u for u in units if u.pk == dossier.receiving_unit_id), units[0] if units else None
    )


def public_history(dossier: Dossier) -> list[PublicEvent]:
    """The history without officers' names; only notes meant for the applicant."""
    events = dossier.events.select_related("from_unit").order_by("at", "id")
    history = []
    for event in events:
        unit = acting_unit(event, dossier)
        history.append(
            PublicEvent(
                at=event.at,
                label=event_label(event, dossier),
                unit=str(unit) if unit else "",
                note=event.note if event.action in PUBLIC_NOTES else "",
                items=list(event.data.get("missing_items", [])),
            )
        )
    return history


def _slips_given(dossier: Dossier) -> list[str]:
    # Imported here: the slips print the tracking link, so they import this module.
    from motcua.dossiers.slips import APPLICANT_SLIPS, slips_for

    return [label for _, label in slips_for(dossier, APPLICANT_SLIPS)]


def public_view(dossier: Dossier, *, masked: bool) -> dict[str, Any]:
    """Everything the tracking page and API show (masked name for anonymous look-ups)."""
    deadline = dossier.deadline
    judgement = judge(dossier)
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "applicant": mask_name(dossier.applicant_name) if masked else dossier.applicant_name,
        "status": dossier.status,
        "status_label": citizen_status_label(dossier.status),
        "summary": status_sentence(dossier),
        "received_at": dossier.received_at,
        "due_at": deadline.due_at if deadline else None,
        "original_due_at": dossier.original_due_at,
        # The one verdict (dossiers.timeliness), as the officer's page and the statistics say it.
        "on_time": judgement.on_time,
        "timeliness_label": judgement.label,
        "timeliness_note": judgement.sentence,
        "due_explanation": [line["text"] for line in deadline.explanation] if deadline else [],
        "history": [e.__dict__ for e in public_history(dossier)],
        # The slips the applicant was given: a refused dossier has only its Mẫu 03.
        "slips": _slips_given(dossier),
    }


def tracking_url(code: str) -> str:
    """The public tracking page of a dossier, as printed on slips and sent in messages."""
    return public_url_for("portal:track_code", code)
