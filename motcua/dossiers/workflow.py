"""The dossier's allowed moves, as one table to read top to bottom.

Each move names the stages it starts from and who may make it:
- RECEPTION: a receptionist of the receiving one-stop desk;
- STEP: whoever holds the current process step (the named officer, or anyone with the step's role
  in its unit), or a head above that unit;
- SIGNER: a unit head or director above the unit holding the dossier (the head of the agency at
  fault signs the apology, Điều 19 k9);
- APPLICANT: the citizen whose online account submitted the dossier.
Administrators may make any move (replaying history). Conditions that depend on more than the
stage (is there a next step? has the date been moved already?) are in `_blocked`.
"""

from dataclasses import dataclass
from enum import StrEnum

from motcua.accounts.constants import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import holds_role, is_administrator
from motcua.dossiers.constants import Action, Stage, Status
from motcua.dossiers.models import Dossier


class Who(StrEnum):
    APPLICANT = "applicant"  # the citizen who submitted online (Dossier.citizen)
    RECEPTION = "reception"
    STEP = "step"
    SIGNER = "signer"


@dataclass(frozen=True)
class Move:
    action: Action
    from_stages: tuple[Stage, ...]
    who: tuple[Who, ...]


S = Stage
OPEN_WORK = (S.AT_STEP, S.AWAITING_EXTERNAL, S.AWAITING_PAYMENT)

MOVES: tuple[Move, ...] = (
    Move(Action.ACCEPT, (S.AWAITING_RECEPTION,), (Who.RECEPTION,)),
    Move(Action.REFUSE, (S.AWAITING_RECEPTION, S.AT_STEP), (Who.RECEPTION,)),
    Move(Action.FORWARD, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.SEND_BACK, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.REQUEST_SUPPLEMENT, (S.AWAITING_RECEPTION, S.AT_STEP), (Who.RECEPTION, Who.STEP)),
    Move(
        Action.RECEIVE_SUPPLEMENT,
        (S.AWAITING_SUPPLEMENT,),
        (Who.RECEPTION, Who.STEP, Who.APPLICANT),
    ),
    Move(Action.FORWARD_EXTERNAL, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.RECEIVE_EXTERNAL, (S.AWAITING_EXTERNAL,), (Who.STEP,)),
    Move(Action.REQUEST_PAYMENT, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.CONFIRM_PAYMENT, (S.AWAITING_PAYMENT,), (Who.RECEPTION, Who.STEP)),
    Move(Action.APPROVE, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.FINISH, (S.AT_STEP,), (Who.STEP,)),
    Move(Action.RETURN_RESULT, (S.RESULT_READY,), (Who.RECEPTION,)),
    Move(
        Action.REQUEST_WITHDRAWAL,
        (S.AWAITING_RECEPTION, S.AWAITING_SUPPLEMENT, *OPEN_WORK),
        (Who.APPLICANT,),
    ),
    Move(
        Action.WITHDRAW,
        (S.AWAITING_RECEPTION, S.AWAITING_SUPPLEMENT, S.WITHDRAWAL_REQUESTED, *OPEN_WORK),
        (Who.RECEPTION,),
    ),
    Move(Action.APOLOGIZE, (S.AWAITING_SUPPLEMENT, *OPEN_WORK), (Who.SIGNER,)),
    Move(Action.EXTEND, (S.AWAITING_SUPPLEMENT, *OPEN_WORK), (Who.SIGNER,)),
)
MOVES_BY_ACTION = {move.action: move for move in MOVES}
MANAGERS: set[str] = {Role.UNIT_HEAD, Role.DIRECTOR}


def status_for(stage: Stage, at_first_step: bool) -> Status:
    """The national status a stage maps onto."""
    if stage == Stage.AT_STEP:
        return Status.RECEIVED if at_first_step else Status.PROCESSING
    return {
        Stage.AWAITING_RECEPTION: Status.NEW,
        Stage.AWAITING_SUPPLEMENT: Status.SUPPLEMENT_REQUESTED,
        Stage.AWAITING_EXTERNAL: Status.PROCESSING,
        Stage.AWAITING_PAYMENT: Status.PAYMENT_REQUESTED,
        Stage.WITHDRAWAL_REQUESTED: Status.WITHDRAWAL_REQUESTED,
        Stage.RESULT_READY: Status.FINISHED,
        Stage.RETURNED: Status.RETURNED,
        Stage.REFUSED: Status.REFUSED,
        Stage.STOPPED: Status.STOPPED,
    }[stage]


def _blocked(dossier: Dossier, action: Action) -> str:
    """Why `action` cannot happen now beyond the stage table ('' when it can)."""
    step = dossier.current_step
    steps = list(dossier.case.steps.all())
    orders = [s.order for s in steps]
    if action == Action.REFUSE and step is not None and step.order != min(orders):
        return "Chỉ từ chối tiếp nhận tại bước tiếp nhận; sau thẩm định hãy trả kết quả từ chối."
    if action in (Action.FORWARD, Action.APPROVE) and step is not None:
        if action == Action.APPROVE and step.role != Role.DIRECTOR:
            return "Chỉ bước ký duyệt của lãnh đạo mới được phê duyệt."
        if action == Action.FORWARD and step.role == Role.DIRECTOR and dossier.approved_at is None:
            return "Bước ký duyệt: hãy phê duyệt (ký) trước khi chuyển."
        if action == Action.FORWARD and step.order == max(orders):
            return "Đây là bước cuối của quy trình."
    if action == Action.SEND_BACK and step is not None and step.order == min(orders):
        return "Đây là bước đầu của quy trình."
    if action == Action.FINISH and step is not None and step.order != max(orders):
        return "Chỉ kết thúc xử lý ở bước cuối của quy trình."
    if action in (Action.APOLOGIZE, Action.EXTEND):
        if dossier.deadline_id is None:
            return "Hồ sơ chưa có hạn giải quyết."
        if dossier.extension_count >= 1:
            return "Ngày hẹn trả đã được hẹn lại một lần (NĐ 61/2018, Điều 19 khoản 9)."
    if action in (Action.WITHDRAW, Action.REQUEST_WITHDRAWAL) and dossier.approved_at is not None:
        return "Đã có kết quả giải quyết; không thể dừng giải quyết."
    return ""


def may_act(dossier: Dossier, user: User, who: Who) -> bool:
    if who == Who.APPLICANT:
        return dossier.citizen_id is not None and dossier.citizen_id == user.pk
    if who == Who.RECEPTION:
        return holds_role(user, {Role.RECEPTIONIST}, dossier.receiving_unit)
    if who == Who.SIGNER:
        unit = dossier.current_unit or dossier.receiving_unit
        return holds_role(user, MANAGERS, unit)
    step = dossier.current_step
    if step is None or step.unit is None:
        return False
    if holds_role(user, MANAGERS - {step.role}, step.unit):
        return True
    if dossier.current_holder_id is not None:
        return dossier.current_holder_id == user.pk
    return holds_role(user, {step.role}, step.unit)


def why_not(dossier: Dossier, user: User, action: Action) -> tuple[int, str]:
    """(0, '') when `user` may take `action` now; else (409, reason) for the state or
    (403, reason) for the person."""
    move = MOVES_BY_ACTION.get(action)
    if move is None or dossier.stage not in move.from_stages:
        return (
            409,
            f"Hồ sơ đang ở tình trạng «{Stage(dossier.stage).label}»: không thể "
            f"«{Action(action).label}».",
        )
    blocked = _blocked(dossier, action)
    if blocked:
        return 409, blocked
    if is_administrator(user) or any(may_act(dossier, user, who) for who in move.who):
        return 0, ""
    return 403, f"Bạn không có quyền «{Action(action).label}» đối với hồ sơ này."


def allowed_actions(dossier: Dossier, user: User) -> list[Action]:
    """The actions `user` may take on `dossier` now, in table order."""
    return [move.action for move in MOVES if why_not(dossier, user, move.action)[0] == 0]
