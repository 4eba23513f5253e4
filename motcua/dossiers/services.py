"""Writes to dossiers: intake (`dossier_receive`) and every later move (`dossier_transition`).

Every move goes through one function: lock the dossier, check the move against the workflow
table for this person, apply it, record a history event, audit it and queue its side effects in
the outbox, all in one transaction. Two people acting at once: the second waits for the lock,
then finds the state changed and gets a Conflict.
"""

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.constants import Role, UnitKind
from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import (
    Perm,
    has_perm,
    holds_role,
    is_administrator,
    roles_preload,
    units_by_id,
    units_where_role,
)
from motcua.audit.services import audit_record
from motcua.catalog.applicability import (
    ApplicabilityError,
    components_missing,
    components_needed,
    conditions_checked,
)
from motcua.catalog.intake import procedure_for_intake
from motcua.catalog.models import Component, Procedure, ProcedureCase, ProcessStep
from motcua.catalog.selectors import procedures_in_force
from motcua.core.folding import fold, nfc
from motcua.core.inputs import InputError, check_day, check_moment
from motcua.core.localtime import at as local_at
from motcua.core.localtime import format_datetime, to_local
from motcua.core.reference import generation
from motcua.documents.models import StoredFile
from motcua.dossiers.access import is_active, units_seeing
from motcua.dossiers.constants import (
    Action,
    ApplicantKind,
    Channel,
    CounterOutcome,
    ResultChannel,
    Stage,
    Timeliness,
)
from motcua.dossiers.exceptions import Conflict, InvalidInput, NotPermitted
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierAccess,
    DossierComponent,
    DossierEvent,
    SupplementRequest,
)
from motcua.dossiers.numbering import dossier_code, next_register_number, next_sequence
from motcua.dossiers.result_channels import result_channels_offered
from motcua.dossiers.timeliness import verdict
from motcua.dossiers.workflow import Who, allowed_actions, may_act, status_for, why_not
from motcua.outbox.services import outbox_enqueue
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.constants import SupplementPolicy
from motcua.workdays.deadlines import Duration
from motcua.workdays.models import Deadline
from motcua.workdays.reference import calendar_for
from motcua.workdays.selectors import load_calendar, rules_in_force
from motcua.workdays.services import (
    deadline_build,
    deadline_close,
    deadline_create,
    deadline_extend,
    deadline_pause,
    deadline_restart,
)

CCCD = re.compile(r"^\d{12}$")  # căn cước / số định danh cá nhân
TAX_CODE = re.compile(r"^\d{10}(-?\d{3})?$")
PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
# A receptionist's clock may be a little ahead of the server's; older times are history imports.
PAST_TOLERANCE = timedelta(minutes=10)


@dataclass
class Applicant:
    full_name: str
    id_number: str
    kind: str = ApplicantKind.INDIVIDUAL
    phone: str = ""
    email: str = ""
    address: str = ""
    commune: str = ""
    province: str = ""

    @classmethod
    def parse(cls, data: dict[str, Any]) -> "Applicant":
        """Normalise and check an applicant; errors name the field, in Vietnamese."""
        clean = {
            k: nfc(str(v))
            for k, v in data.items()
            if v is not None
            and k
            in {
                "full_name",
                "id_number",
                "kind",
                "phone",
                "email",
                "address",
                "commune",
                "province",
            }
        }
        applicant = cls(**{"full_name": "", "id_number": "", **clean})
        applicant.id_number = applicant.id_number.replace(" ", "")
        applicant.phone = applicant.phone.replace(" ", "").replace(".", "")
        if not applicant.full_name:
            raise InvalidInput("Thiếu họ tên người nộp.", field="applicant.full_name")
        if applicant.kind not in ApplicantKind.values:
            raise InvalidInput("Loại người nộp không hợp lệ.", field="applicant.kind")
        pattern = CCCD if applicant.kind == ApplicantKind.INDIVIDUAL else TAX_CODE
        if not pattern.match(applicant.id_number):
            raise InvalidInput(
                "Số định danh cá nhân phải gồm 12 chữ số."
                if pattern is CCCD
                else "Mã số thuế phải gồm 10 hoặc 13 chữ số.",
                field="applicant.id_number",
            )
        if applicant.phone and not PHONE.match(applicant.phone):
            raise InvalidInput(
                "Số điện thoại không hợp lệ (ví dụ 0912345678).", field="applicant.phone"
            )
        if applicant.email:
            try:
                validate_email(applicant.email)
            except ValidationError as exc:
                raise InvalidInput("Địa chỉ email không hợp lệ.", field="applicant.email") from exc
        return applicant


@dataclass
class ReceivedComponent:
    name: str
    copy_type: str = ""
    quantity: int = 1
    shown_only: bool = False
    component_id: int | None = None
    file_id: int | None = None


@dataclass
class Change:
    """What a move did, for the history event."""

    to_stage: Stage
    note: str = ""
    from_unit: Unit | None = None
    to_unit: Unit | None = None
    to_user: User | None = None
    step_order: int | None = None
    to_step_order: int | None = None
    step_due_at: datetime | None = None
    timeliness: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _check_time(at: datetime | None, actor: User) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    try:  # historical imports stop at MOTCUA_EARLIEST_DATE; no offset means Vietnam time
        at = check_moment(at)
    except InputError as exc:
        raise InvalidInput(str(exc), field="at") from exc
    if at > now + PAST_TOLERANCE:
        raise InvalidInput("Thời điểm không được ở tương lai.", field="at")
    if at < now - PAST_TOLERANCE and not is_administrator(actor):
        raise NotPermitted(
            "Chỉ quản trị hệ thống được ghi thời điểm trong quá khứ (nhập dữ liệu lịch sử).",
            field="at",
        )
    return at


def receiving_unit_for(
    actor: User, procedure: Procedure, channel: int, current: int | None = None
) -> Unit:
    """The one-stop desk that takes the dossier: the receptionist's own desk at the counter;
    for online and postal dossiers, the desk of the agency that implements the procedure.
    Units come from the reference cache as of generation `current`."""
    units = units_by_id(generation() if current is None else current)
    if channel == Channel.COUNTER:
        desks = units_where_role(actor, Role.RECEPTIONIST)
        if desks:
            return units[desks[0]]
    desk_units = sorted(
        (u for u in units.values() if u.kind == UnitKind.ONE_STOP_DESK), key=lambda u: u.pk
    )
    if procedure.implementing_unit_id is not None:
        agency = units[procedure.implementing_unit_id]
        own = sorted((u for u in desk_units if u.parent_id == agency.pk), key=lambda u: u.code)
        return own[0] if own else agency
    if not desk_units:
        raise InvalidInput("Chưa cấu hình Bộ phận Một cửa cho thủ tục này.", field="procedure_code")
    return desk_units[0]


def _steps(case: ProcedureCase) -> list[ProcessStep]:
    return list(case.steps.select_related("unit").order_by("order"))


def _enter_step(
    dossier: Dossier,
    step: ProcessStep,
    at: datetime,
    holder: User | None = None,
    calendar: WorkCalendar | None = None,
    unsaved: list[Deadline] | None = None,
) -> None:
    """Put the dossier at `step` from `at`, with the step's own deadline (left unsaved in
    `unsaved` when given, for the caller to insert with others)."""
    if dossier.step_deadline is not None:
        deadline_close(deadline=dossier.step_deadline)
    dossier.current_step = step
    dossier.current_unit = step.unit
    dossier.current_holder = holder
    dossier.step_entered_at = at
    dossier.step_deadline = (deadline_create if unsaved is None else deadline_build)(
        owner_type="dossier_step",
        owner_id=f"{dossier.code}#{step.order}",
        label=f"{dossier.code} – bước {step.order}: {step.name}"[:255],
        received_at=at,
        duration=step.duration,
        apply_cutoff=False,
        calendar=calendar,
    )
    if unsaved is not None:
        unsaved.append(dossier.step_deadline)


def _leave_step(dossier: Dossier, at: datetime) -> tuple[datetime | None, str]:
    """Close the current step's deadline; return its due time and how the hand-over compares."""
    step_deadline = dossier.step_deadline
    if step_deadline is None:
        return None, ""
    deadline_close(deadline=step_deadline)
    return step_deadline.due_at, verdict(at, step_deadline.due_at)


def _start_processing(
    dossier: Dossier,
    at: datetime,
    actor: User | None,
    calendar: WorkCalendar | None = None,
    steps: Sequence[ProcessStep] | None = None,
    unsaved: list[Deadline] | None = None,
) -> None:
    """The dossier is complete and accepted: start the legal clock and the first step (their
    deadlines left unsaved in `unsaved` when given)."""
    duration = dossier.case.processing_time
    if duration is None:
        raise InvalidInput(
            "Thủ tục chưa có thời hạn giải quyết; không thể tính ngày hẹn trả.",
            field="procedure_code",
        )
    dossier.accepted_at = at
    # Entered in the receiving unit's register of the year it is accepted (Mẫu 01 prints both).
    dossier.register_book = to_local(at).year
    dossier.register_number = next_register_number(dossier.receiving_unit, dossier.register_book)
    dossier.deadline = (deadline_create if unsaved is None else deadline_build)(
        owner_type="dossier",
        owner_id=dossier.code,
        label=f"Hồ sơ {dossier.code}",
        received_at=at,
        duration=duration,
        calendar=calendar,
    )
    if unsaved is not None:
        unsaved.append(dossier.deadline)
    dossier.original_due_at = dossier.deadline.due_at
    first = (steps or _steps(dossier.case))[0]
    holder = (
        actor
        if actor is not None
        and first.role == Role.RECEPTIONIST
        and holds_role(actor, {Role.RECEPTIONIST}, dossier.receiving_unit)
        else None
    )
    _enter_step(dossier, first, at, holder, calendar, unsaved)


def dossier_search_text(dossier: Dossier) -> str:
    """The folded text staff search dossiers by (code, names, ID number, phone)."""
    return fold(
        f"{dossier.code} {dossier.applicant_name} {dossier.applicant_id_number} "
        f"{dossier.applicant_phone} {dossier.representative_name}"
    )


def _record(
    dossier: Dossier,
    action: Action,
    actor: User | None,
    at: datetime,
    change: Change,
    from_status: int | None,
    from_stage: str,
    request: HttpRequest | None,
) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        at=at,
        actor=actor,
        actor_label=str(actor) if actor else "Hệ thống",
        from_status=from_status,
        to_status=dossier.status,
        from_stage=from_stage,
        to_stage=dossier.stage,
        from_unit=change.from_unit,
        to_unit=change.to_unit,
        to_user=change.to_user,
        step_order=change.step_order,
        to_step_order=change.to_step_order,
        step_due_at=change.step_due_at,
        timeliness=change.timeliness,
        due_at=dossier.deadline.due_at if dossier.deadline else None,
        note=change.note,
        data=change.data,
    )
    outbox_enqueue(
        topic="dossier.event",
        key=dossier.code,
        payload={
            "code": dossier.code,
            "event_id": event.pk,
            "action": action,
            "status": dossier.status,
            "at": at.isoformat(),
        },
    )
    # Last: the audit chain's lock is one for the whole system, held until COMMIT.
    audit_record(
        action=f"dossier.{action}",
        obj=dossier,
        object_id=dossier.code,
        actor=actor,
        request=request,
        data={
            "from_status": from_status,
            "to_status": dossier.status,
            "at": at,
            "note": change.note,
            **change.data,
        },
    )
    return event


def _counter_outcome_check(
    outcome: str, channel: int, supplement_items: Sequence[str] | None, note: str
) -> tuple[list[str], str]:
    """The supplement items and the reason, checked against the counter outcome."""
    if outcome not in CounterOutcome.values:
        raise InvalidInput(
            "Kết quả kiểm tra hồ sơ phải là receive (tiếp nhận), request_supplement (yêu cầu "
            "bổ sung, hoàn thiện) hoặc refuse (từ chối tiếp nhận).",
            field="counter_outcome",
        )
    if outcome != CounterOutcome.RECEIVE and channel != Channel.COUNTER:
        raise InvalidInput(
            "Chỉ hồ sơ nộp trực tiếp được yêu cầu bổ sung hoặc từ chối ngay khi nhận; hồ sơ "
            "trực tuyến, bưu chính được kiểm tra sau khi nộp.",
            field="counter_outcome",
        )
    items = [nfc(str(item)).strip() for item in supplement_items or [] if str(item).strip()]
    reason = nfc(note).strip()
    if outcome == CounterOutcome.REQUEST_SUPPLEMENT and not items:
        raise InvalidInput("Cần liệt kê từng nội dung cần bổ sung, hoàn thiện.", field="items")
    if outcome == CounterOutcome.REFUSE and not reason:
        raise InvalidInput("Cần nhập lý do từ chối tiếp nhận.", field="note")
    return items, reason


def _received(
    catalog: Sequence[Component],
    applies: Collection[int],
    given: Sequence[ReceivedComponent] | None,
) -> list[ReceivedComponent]:
    """What was received: as given (a catalog component named by id alone takes its name and
    copy type from the catalog), or by default every component this applicant needs."""
    by_id = {c.pk: c for c in catalog}
    if given is None:
        given = [
            ReceivedComponent(name="", component_id=c.pk)
            for c in components_needed(catalog, applies)
        ]
    received = []
    for item in given:
        if item.component_id is not None:
            component = by_id.get(item.component_id)
            if component is None:
                raise InvalidInput(
                    f"Giấy tờ mã {item.component_id} không thuộc thành phần hồ sơ của thủ tục "
                    "(trường hợp) này.",
                    field="components",
                )
            if not item.name:
                item = replace(
                    item,
                    name=component.name,
                    copy_type=item.copy_type or component.copy_type,
                    quantity=component.quantity or 1,
                    shown_only=component.shown_only,
                )
        received.append(item)
    return received


def dossier_receive(
    *,
    procedure_code: str,
    channel: int,
    applicant: dict[str, Any],
    actor: User,
    case_code: str | None = None,
    representative: dict[str, Any] | None = None,
    components: list[ReceivedComponent] | None = None,
    received_at: datetime | None = None,
    result_channel: str = ResultChannel.COUNTER,
    result_address: str = "",
    citizen: User | None = None,
    outcome: str = CounterOutcome.RECEIVE,
    supplement_items: Sequence[str] | None = None,
    note: str = "",
    applies: Collection[int] = (),
    request: HttpRequest | None = None,
) -> Dossier:
    """Take a dossier in. At the counter the check ends with `outcome`: received (receipt and
    due time), asked to supplement `supplement_items` (Mẫu 02) or refused for `note` (Mẫu 03);
    only the first receives it. Online and postal dossiers wait in "Mới đăng ký" for a
    receptionist to do the same. `applies`: the conditional components whose condition the
    applicant says holds; `components` defaults to every component then needed."""
    if channel not in Channel.values:
        raise InvalidInput(
            "Kênh nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).", field="channel"
        )
    # Catalog, calendar and units from the process's reference cache, as of one generation.
    current = generation()
    found = procedure_for_intake(current, procedure_code, case_code, timezone.localdate())
    if found is None:
        raise InvalidInput(
            f"Không có thủ tục mã {procedure_code} đang có hiệu lực.", field="procedure_code"
        )
    procedure, case, steps = found.procedure, found.case, found.steps
    if case is None:
        raise InvalidInput(f"Thủ tục không có trường hợp «{case_code}».", field="case_code")
    if not steps:
        raise InvalidInput(
            "Thủ tục chưa có quy trình nội bộ; chưa thể tiếp nhận hồ sơ.", field="procedure_code"
        )
    roles_preload(actor, current)
    may_receive = has_perm(actor, Perm.DOSSIER_RECEIVE)
    if not may_receive and (channel == Channel.COUNTER or citizen is None or citizen != actor):
        raise NotPermitted("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ.")
    if result_channel not in ResultChannel.values:
        raise InvalidInput("Hình thức nhận kết quả không hợp lệ.", field="result_channel")
    person = Applicant.parse(applicant)
    rep = {k: nfc(str(v)) for k, v in (representative or {}).items() if v}
    items, reason = _counter_outcome_check(outcome, channel, supplement_items, note)
    at = _check_time(received_at, actor)
    day = to_local(at).date()
    unit = receiving_unit_for(actor, procedure, channel, current)
    receives = channel == Channel.COUNTER and outcome == CounterOutcome.RECEIVE
    if receives and case.processing_time is None:
        raise InvalidInput(
            "Thủ tục chưa có thời hạn giải quyết; không thể tính ngày hẹn trả.",
            field="procedure_code",
        )
    calendar = calendar_for(current, day)
    try:
        checked = conditions_checked(found.components, applies)
    except ApplicabilityError as exc:
        raise InvalidInput(str(exc), field="applies") from exc
    received = _received(found.components, checked, components)
    provided = {c.component_id for c in received if c.component_id is not None}
    # Papers typed by hand, naming no catalog component (historical records), are taken as
    # they are; a checklist of the catalog's components must hold every one that applies.
    if receives and (provided or not received):
        missing = components_missing(found.components, checked, provided)
        if missing:
            raise InvalidInput(
                "Còn thiếu giấy tờ: "
                + "; ".join(c.name for c in missing)
                + ". Hồ sơ chưa đầy đủ thì không tiếp nhận: hãy hướng dẫn bổ sung, hoàn thiện "
                "(Mẫu 02).",
                field="components",
            )
    dossier = Dossier(
        procedure=procedure,
        case=case,
        receiving_unit=unit,
        channel=channel,
        applicant_kind=person.kind,
        applicant_name=person.full_name,
        applicant_id_number=person.id_number,
        applicant_phone=person.phone,
        applicant_email=person.email,
        applicant_address=person.address,
        applicant_commune=person.commune,
        applicant_province=person.province,
        representative_name=rep.get("full_name", ""),
        representative_id_number=rep.get("id_number", ""),
        representative_phone=rep.get("phone", ""),
        representative_document=rep.get("document", ""),
        citizen=citizen,
        received_at=at,
        result_channel=result_channel,
        result_address=nfc(result_address),
        created_by=actor,
        fees_due_vnd=found.fees_due_vnd,
        stage=Stage.AWAITING_RECEPTION,
        status=status_for(Stage.AWAITING_RECEPTION, False),
    )
    # Every read and check is done. No savepoint when the caller has a transaction (the API's
    # idempotency key): nothing below raises a domain error, and a failed write fails both.
    with transaction.atomic(savepoint=False):
        # The daily counter's row stays locked from here to COMMIT: only writes follow.
        dossier.code = dossier_code(unit, day, next_sequence(unit, day))
        dossier.search_text = dossier_search_text(dossier)
        action = Action.RECEIVE
        data: dict[str, Any] = {"channel": channel}
        if checked:
            data["applies"] = sorted(checked)
        if receives:
            deadlines: list[Deadline] = []
            _start_processing(dossier, at, actor, calendar, steps, deadlines)
            for deadline in deadlines:  # two INSERTs cost less than bulk_create's UNNEST of JSON
                deadline.save(force_insert=True)
            dossier.stage = Stage.AT_STEP
        elif outcome == CounterOutcome.REFUSE:
            # Never received: no receipt, no due time; only the Phiếu từ chối (Mẫu 03).
            action = Action.REFUSE
            dossier.stage = Stage.REFUSED
            dossier.stopped_at = at
        elif outcome == CounterOutcome.REQUEST_SUPPLEMENT:
            # Not received either: the Phiếu yêu cầu bổ sung (Mẫu 02) names every item; once
            # supplied the dossier waits in "Mới đăng ký" to be received like an online one.
            action = Action.REQUEST_SUPPLEMENT
            dossier.stage = Stage.AWAITING_SUPPLEMENT
            dossier.supplement_count = 1
            data.update(missing_items=items, number=1, repeat_violation=False)
        dossier.status = status_for(Stage(dossier.stage), receives)
        dossier.save(force_insert=True)
        if action == Action.REQUEST_SUPPLEMENT:
            SupplementRequest.objects.create(
                dossier=dossier,
                number=1,
                items=items,
                reason=reason,
                requested_at=at,
                requested_by=actor,
                return_stage=Stage.AWAITING_RECEPTION,
            )
        DossierComponent.objects.bulk_create(
            DossierComponent(
                dossier=dossier,
                component_id=c.component_id,
                file_id=c.file_id,
                name=nfc(c.name),
                copy_type=c.copy_type,
                quantity=c.quantity,
                shown_only=c.shown_only,
            )
            for c in received
        )
        first = dossier.current_step
        event = _record(
            dossier,
            action,
            actor,
            at,
            Change(
                to_stage=Stage(dossier.stage),
                note=reason,
                to_unit=dossier.current_unit or unit,
                to_user=dossier.current_holder,
                to_step_order=first.order if first else None,
                data=data,
            ),
            None,
            "",
            request,
        )
        units = units_seeing(
            dossier.receiving_unit_id,
            dossier.current_unit_id,
            [(event.from_unit_id, event.to_unit_id)],
        )
        DossierAccess.objects.bulk_create(
            DossierAccess(dossier=dossier, unit_id=u, active=True) for u in sorted(units)
        )
    return dossier


# --- moves -----------------------------------------------------------------------------------

Params = dict[str, Any]
MoveHandler = Callable[[Dossier, User, datetime, str, Params], Change]


def _require(note: str, what: str) -> str:
    if not note.strip():
        raise InvalidInput(f"Cần nhập {what}.", field="note")
    return note.strip()


def _step(dossier: Dossier, order: int) -> ProcessStep | None:
    return next((s for s in _steps(dossier.case) if s.order == order), None)


def _named_officer(params: Params, step: ProcessStep) -> User | None:
    who = params.get("to_user")
    if not who:
        return None
    user = User.objects.filter(username=str(who)).first() or (
        User.objects.filter(pk=who).first() if str(who).isdigit() else None
    )
    if user is None or step.unit is None or not holds_role(user, {step.role}, step.unit):
        raise InvalidInput(
            f"«{who}» không phải cán bộ có vai trò thực hiện bước «{step.name}».", field="to_user"
        )
    return user


def _hand_over(
    dossier: Dossier, at: datetime, to_step: ProcessStep, params: Params, note: str
) -> Change:
    from_step = dossier.current_step
    from_unit = dossier.current_unit
    step_due, on_time = _leave_step(dossier, at)
    holder = _named_officer(params, to_step)
    _enter_step(dossier, to_step, at, holder)
    return Change(
        to_stage=Stage.AT_STEP,
        note=note,
        from_unit=from_unit,
        to_unit=to_step.unit,
        to_user=holder,
        step_order=from_step.order if from_step else None,
        to_step_order=to_step.order,
        step_due_at=step_due,
        timeliness=on_time,
    )


def _accept(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    _start_processing(d, at, actor)
    return Change(
        to_stage=Stage.AT_STEP,
        note=note,
        to_unit=d.current_unit,
        to_user=d.current_holder,
        to_step_order=d.current_step.order if d.current_step else None,
    )


def _refuse(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    _require(note, "lý do từ chối")
    step_due, on_time = _leave_step(d, at)
    if d.deadline is not None:
        deadline_close(deadline=d.deadline)
    d.stopped_at = at
    return Change(
        to_stage=Stage.REFUSED,
        note=note,
        from_unit=d.current_unit,
        step_due_at=step_due,
        timeliness=on_time,
    )


def _step_order(d: Dossier) -> int:
    """The order of the step `d` is at: the move table allows the moves that ask only there."""
    assert d.current_step is not None, d.code
    return d.current_step.order


def _forward(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    current = _step_order(d)
    nxt = _step(d, current + 1)
    if nxt is None:
        nxt = next(s for s in _steps(d.case) if s.order > current)
    return _hand_over(d, at, nxt, p, note)


def _send_back(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    _require(note, "lý do trả lại")
    current = _step_order(d)
    earlier = [s for s in _steps(d.case) if s.order < current]
    wanted = p.get("to_step")
    target = next((s for s in earlier if s.order == wanted), None) if wanted else earlier[-1]
    if target is None:
        raise InvalidInput(f"Không có bước {wanted} trước bước hiện tại.", field="to_step")
    return _hand_over(d, at, target, p, note)


def _request_supplement(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    items = [nfc(str(item)) for item in p.get("items") or [] if str(item).strip()]
    if not items:
        raise InvalidInput("Cần liệt kê từng nội dung cần bổ sung.", field="items")
    d.supplement_count += 1
    repeat = d.supplement_count > 1
    SupplementRequest.objects.create(
        dossier=d,
        number=d.supplement_count,
        items=items,
        reason=note,
        requested_at=at,
        requested_by=actor,
        return_stage=d.stage,
        is_repeat=repeat,
    )
    return Change(
        to_stage=Stage.AWAITING_SUPPLEMENT,
        note=note,
        from_unit=d.current_unit,
        to_unit=d.receiving_unit,
        step_order=d.current_step.order if d.current_step else None,
        data={"missing_items": items, "number": d.supplement_count, "repeat_violation": repeat},
    )


def _receive_supplement(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    request = d.supplements.filter(received_at__isnull=True).order_by("-number").first()
    if request is None:
        raise Conflict("Không có yêu cầu bổ sung nào đang chờ.")
    uploads = p.get("files") or []
    if may_act(d, actor, Who.APPLICANT) and not uploads:
        raise InvalidInput("Cần tải lên giấy tờ bổ sung.", field="files")
    owned = {
        f.pk: f
        for f in StoredFile.objects.filter(pk__in=[u["file_id"] for u in uploads], owner=actor)
    }
    for upload in uploads:
        if upload["file_id"] not in owned:
            raise InvalidInput("Tệp bổ sung không hợp lệ.", field="files")
        DossierComponent.objects.create(
            dossier=d,
            name=nfc(str(upload.get("item") or owned[upload["file_id"]])),
            file=owned[upload["file_id"]],
            supplement_number=request.number,
        )
    request.received_at = at
    request.save(update_fields=["received_at"])
    data: dict[str, Any] = {"number": request.number, "files": len(uploads)}
    if d.deadline is not None:
        before = d.deadline.due_at
        rules = rules_in_force(to_local(d.received_at).date())
        policy = rules.supplement_policy if rules else SupplementPolicy.RESTART
        if policy == SupplementPolicy.PAUSE:
            deadline_pause(
                deadline=d.deadline,
                start=request.requested_at,
                end=at,
                cause=f"Chờ bổ sung lần {request.number}",
            )
        else:
            deadline_restart(
                deadline=d.deadline,
                restarted_at=at,
                cause=f"Nhận đủ hồ sơ bổ sung lần {request.number}",
            )
        data.update(
            policy=policy, due_before=before.isoformat(), due_after=d.deadline.due_at.isoformat()
        )
    if request.return_stage == Stage.AT_STEP and d.current_step is not None:
        _enter_step(d, d.current_step, at, d.current_holder)
    return Change(
        to_stage=Stage(request.return_stage), note=note, to_unit=d.current_unit, data=data
    )


def _forward_external(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    unit = Unit.objects.filter(code=p.get("to_unit") or "", kind=UnitKind.EXTERNAL_AGENCY).first()
    if unit is None:
        raise InvalidInput("Cần chọn cơ quan phối hợp (mã đơn vị liên thông).", field="to_unit")
    days = p.get("days") or 5
    external = deadline_create(
        owner_type="dossier_external",
        owner_id=d.code,
        label=f"{d.code} – liên thông {unit}",
        received_at=at,
        duration=Duration.of(days, "working_days"),
        apply_cutoff=False,
    )
    return Change(
        to_stage=Stage.AWAITING_EXTERNAL,
        note=note,
        from_unit=d.current_unit,
        to_unit=unit,
        step_order=d.current_step.order if d.current_step else None,
        data={
            "external_unit": unit.code,
            "external_due_at": external.due_at.isoformat(),
            "external_deadline": external.pk,
        },
    )


def _receive_external(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    sent = d.events.filter(action=Action.FORWARD_EXTERNAL).order_by("-at", "-id").first()
    data: dict[str, Any] = {}
    step_due = None
    on_time = ""
    if sent is not None:
        external = Deadline.objects.filter(pk=sent.data.get("external_deadline")).first()
        if external is not None:
            deadline_close(deadline=external)
            step_due, on_time = external.due_at, verdict(at, external.due_at)
        data["external_unit"] = sent.data.get("external_unit")
    return Change(
        to_stage=Stage.AT_STEP,
        note=note,
        from_unit=sent.to_unit if sent else None,
        to_unit=d.current_unit,
        step_due_at=step_due,
        timeliness=on_time,
        data=data,
    )


def _request_payment(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    amount = p.get("amount_vnd", d.fees_due_vnd)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidInput("Số tiền phải là số đồng nguyên không âm.", field="amount_vnd")
    d.fees_due_vnd = amount
    return Change(to_stage=Stage.AWAITING_PAYMENT, note=note, data={"amount_vnd": amount})


def _confirm_payment(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    d.paid_at = at
    d.paid_online = bool(p.get("paid_online"))
    return Change(
        to_stage=Stage.AT_STEP,
        note=note,
        data={"amount_vnd": d.fees_due_vnd, "paid_online": d.paid_online},
    )


def _approve(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    d.approved_at = at
    current = _step_order(d)
    nxt = next((s for s in _steps(d.case) if s.order > current), None)
    if nxt is None:
        return _finish(d, actor, at, note, p)
    return _hand_over(d, at, nxt, p, note)


def _finish(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    from_unit, from_step = d.current_unit, d.current_step
    step_due, on_time = _leave_step(d, at)
    d.finished_at = at
    data: dict[str, Any] = {}
    if p.get("result_file_id"):
        d.result_file = StoredFile.objects.get(pk=p["result_file_id"])
        data["result_file"] = d.result_file.original_name
    if d.deadline is not None:
        # No verdict is stored here: the dossier's is judged by dossiers.timeliness when asked.
        deadline_close(deadline=d.deadline)
    d.current_step, d.current_holder, d.step_deadline = None, None, None
    d.current_unit = d.receiving_unit
    return Change(
        to_stage=Stage.RESULT_READY,
        note=note,
        from_unit=from_unit,
        to_unit=d.receiving_unit,
        step_order=from_step.order if from_step else None,
        step_due_at=step_due,
        timeliness=on_time,
        data=data,
    )


def _return_result(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    channel = p.get("result_channel") or d.result_channel
    if channel not in ResultChannel.values:
        raise InvalidInput("Hình thức trả kết quả không hợp lệ.", field="result_channel")
    d.result_channel = channel
    d.returned_at = at
    d.current_unit = None
    return Change(
        to_stage=Stage.RETURNED,
        note=note,
        from_unit=d.receiving_unit,
        data={"result_channel": channel},
    )


def _request_withdrawal(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    _require(note, "lý do rút hồ sơ")
    return Change(
        to_stage=Stage.WITHDRAWAL_REQUESTED,
        note=note,
        to_unit=d.receiving_unit,
        data={"return_stage": d.stage},
    )


def _withdraw(d: Dossier, actor: User, at: datetime, note: str, p: Params) -> Change:
    _require(note, "nội dung đề nghị rút hồ sơ của người nộp")
    from_unit = d.current_unit
    step_due, on_time = _leave_step(d, at)
    if d.deadline is not None:
        deadline_close(deadline=d.deadline)
    d.stopped_at = at
    d.current_step, d.current_holder, d.current_unit = None, None, None
    return Change(
        to_stage=Stage.STOPPED,
        note=note,
        from_unit=from_unit,
        step_due_at=step_due,
        timeliness=on_time,
    )


def _new_due(p: Params) -> datetime:
    value = p.get("new_due_at")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput("Ngày hẹn mới không đúng định dạng.", field="new_due_at") from exc
    try:
        if isinstance(value, datetime):
            return to_local(check_moment(value))
        if value is not None and hasattr(value, "year"):  # a date: the close of that working day
            return local_at(check_day(value), load_calendar(value).hours.closes)
    except InputError as exc:
        raise InvalidInput(str(exc), field="new_due_at") from exc
    raise InvalidInput("Cần ngày hẹn trả kết quả mới.", field="new_due_at")


def _unit_at_fault(d: Dossier, at: datetime) -> Unit:
    """The unit whose delay the apology answers for, read from the steps: the cooperating agency
    or the holder of a step already past its own due time; else the last unit that handed a step
    over late; else the unit holding the dossier now (it asks for the time)."""
    if d.stage == Stage.AWAITING_EXTERNAL:
        sent = d.events.filter(action=Action.FORWARD_EXTERNAL).order_by("-at", "-id").first()
        if sent is not None and sent.to_unit is not None:
            external = Deadline.objects.filter(pk=sent.data.get("external_deadline")).first()
            if external is not None and verdict(at, external.due_at) == Timeliness.LATE:
                return sent.to_unit
    step_deadline = d.step_deadline
    step_late = step_deadline is not None and verdict(at, step_deadline.due_at) == Timeliness.LATE
    if d.current_unit is not None and step_late:
        return d.current_unit
    late = (
        d.events.filter(timeliness=Timeliness.LATE, from_unit__isnull=False)
        .select_related("from_unit")
        .order_by("-at", "-id")
        .first()
    )
    if late is not None and late.from_unit is not None:
        return late.from_unit
    return d.current_unit or d.receiving_unit


def _move_due_date(
    d: Dossier, actor: User, at: datetime, note: str, p: Params, kind: Action
) -> Change:
    reason = _require(note, "lý do chậm trả kết quả")
    deadline = d.deadline
    assert deadline is not None  # guaranteed by the workflow's conditions
    new_due = _new_due(p)
    previous = deadline.due_at
    if new_due <= previous:
        raise InvalidInput(
            f"Ngày hẹn mới phải sau hạn hiện tại {format_datetime(previous)}.", field="new_due_at"
        )
    calendar = load_calendar(to_local(at).date())
    if not calendar.is_working(to_local(new_due).date()):
        raise InvalidInput("Ngày hẹn mới phải là ngày làm việc.", field="new_due_at")
    # Điều 19 k9: at the latest one working day before the due time.
    latest = local_at(to_local(previous).date(), time(0))
    day = latest.date() - timedelta(days=1)
    while not calendar.is_working(day):
        day -= timedelta(days=1)
    in_time = at <= local_at(day, calendar.hours.closes)
    unit = Unit.objects.filter(code=p.get("at_fault_unit") or "").first() or _unit_at_fault(d, at)
    Apology.objects.create(
        dossier=d,
        kind=kind,
        reason=reason,
        at_fault_unit=unit,
        previous_due_at=previous,
        new_due_at=new_due,
        signed_by=actor,
        sent_at=at,
        sent_in_time=in_time,
    )
    deadline_extend(deadline=deadline, new_due_at=new_due, reason=f"{Action(kind).label}: {reason}")
    d.extension_count += 1
    return Change(
        to_stage=Stage(d.stage),
        note=reason,
        data={
            "previous_due_at": previous.isoformat(),
            "new_due_at": new_due.isoformat(),
            "original_due_at": d.original_due_at.isoformat() if d.original_due_at else None,
            "sent_in_time": in_time,
            "extension_count": d.extension_count,
        },
    )


HANDLERS: dict[Action, MoveHandler] = {
    Action.ACCEPT: _accept,
    Action.REFUSE: _refuse,
    Action.FORWARD: _forward,
    Action.SEND_BACK: _send_back,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.RECEIVE_SUPPLEMENT: _receive_supplement,
    Action.FORWARD_EXTERNAL: _forward_external,
    Action.RECEIVE_EXTERNAL: _receive_external,
    Action.REQUEST_PAYMENT: _request_payment,
    Action.CONFIRM_PAYMENT: _confirm_payment,
    Action.APPROVE: _approve,
    Action.FINISH: _finish,
    Action.RETURN_RESULT: _return_result,
    Action.REQUEST_WITHDRAWAL: _request_withdrawal,
    Action.WITHDRAW: _withdraw,
    Action.APOLOGIZE: lambda d, a, t, n, p: _move_due_date(d, a, t, n, p, Action.APOLOGIZE),
    Action.EXTEND: lambda d, a, t, n, p: _move_due_date(d, a, t, n, p, Action.EXTEND),
}


@transaction.atomic
def dossier_view_record(*, dossier: Dossier, request: HttpRequest, via: str) -> None:
    """Audit an officer's reading of a dossier, with the applicant's personal data in it
    (`via`: the surface that showed it, "backoffice" or "api")."""
    audit_record(
        action="dossier.viewed",
        obj=dossier,
        object_id=dossier.code,
        request=request,
        data={"via": via},
    )


def dossier_for_update(code: str) -> Dossier:
    """Lock the dossier row, then read it and its relations afresh.

    Locking and reading in two statements matters: when a `SELECT … FOR UPDATE` with joins waits
    for another transaction, PostgreSQL re-reads only the locked row, so the joined current step
    would be stale and a refusal could follow a forward."""
    locked = list(
        Dossier.objects.select_for_update().filter(code=code).values_list("pk", flat=True)
    )
    if not locked:
        raise InvalidInput(f"Không có hồ sơ mã {code}.", field="code")
    return Dossier.objects.select_related(
        "case",
        "procedure",
        "receiving_unit",
        "current_step__unit",
        "current_unit",
        "current_holder",
        "deadline",
        "step_deadline",
    ).get(pk=locked[0])


@transaction.atomic
def dossier_transition(
    *,
    code: str,
    action: str,
    actor: User,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
    params: Params | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """Make one move on a dossier (the only way a dossier changes after intake)."""
    if action not in Action.values or action == Action.RECEIVE:
        raise InvalidInput(f"Hành động «{action}» không tồn tại.", field="action")
    move = Action(action)
    # The version this move is judged on: the caller's (the page it showed) or, without one, the
    # dossier as it stood before the lock. A move committed while this one waited for the lock
    # changes it: the loser is told so (409), never judged afresh on a state it did not see (a 403
    # because the winner forwarded the dossier out of the loser's hands).
    seen = expected_version
    if seen is None:
        seen = Dossier.objects.filter(code=code).values_list("version", flat=True).first()
    dossier = dossier_for_update(code)
    if seen is not None and seen != dossier.version:
        raise Conflict(
            "Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.",
            allowed=allowed_actions(dossier, actor),
        )
    status, reason = why_not(dossier, actor, move)
    if status == 409:
        raise Conflict(reason, allowed=allowed_actions(dossier, actor))
    if status == 403:
        raise NotPermitted(reason, allowed=allowed_actions(dossier, actor))
    when = _check_time(at, actor)
    from_status, from_stage = dossier.status, dossier.stage
    change = HANDLERS[move](dossier, actor, when, nfc(note), params or {})
    dossier.stage = change.to_stage
    first_order = min(s.order for s in _steps(dossier.case))
    dossier.status = status_for(
        change.to_stage, bool(dossier.current_step and dossier.current_step.order == first_order)
    )
    dossier.version += 1
    dossier.save()
    _record(dossier, move, actor, when, change, from_status, from_stage, request)
    dossier_access_sync(dossier)
    return dossier


def dossier_access_sync(dossier: Dossier) -> None:
    """Make the dossier's `DossierAccess` rows say who may see it now (dossiers/access.py);
    called inside the transaction that changed it, under its row lock."""
    events = DossierEvent.objects.filter(dossier=dossier).values_list("from_unit_id", "to_unit_id")
    units = units_seeing(dossier.receiving_unit_id, dossier.current_unit_id, events)
    active = is_active(dossier.stage)
    held = dict(DossierAccess.objects.filter(dossier=dossier).values_list("unit_id", "active"))
    gone = held.keys() - units
    if gone:
        DossierAccess.objects.filter(dossier=dossier, unit_id__in=gone).delete()
    if any(held[u] != active for u in held.keys() & units):
        DossierAccess.objects.filter(dossier=dossier).update(active=active)
    DossierAccess.objects.bulk_create(
        DossierAccess(dossier=dossier, unit_id=u, active=active)
        for u in sorted(units - held.keys())
    )


@transaction.atomic
def dossier_submit_online(
    *,
    citizen: User,
    procedure_code: str,
    applicant: dict[str, Any],
    files: dict[int, StoredFile],
    case_code: str | None = None,
    representative: dict[str, Any] | None = None,
    result_channel: str = ResultChannel.ONLINE,
    result_address: str = "",
    applies: Collection[int] = (),
    request: HttpRequest | None = None,
) -> Dossier:
    """A citizen's online submission: every component that applies to them uploaded (see
    catalog.applicability), then the same intake as any other front (status 1, waiting for a
    receptionist to accept or refuse it)."""
    procedure = procedures_in_force().filter(code=procedure_code).first()
    if procedure is None or not procedure.takes_online_submissions:
        raise InvalidInput(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", field="procedure_code"
        )
    if result_channel not in result_channels_offered(procedure):
        raise InvalidInput(
            "Thủ tục này không trả kết quả theo hình thức đã chọn; "
            "mời chọn hình thức khác trong danh sách.",
            field="result_channel",
        )
    if result_channel == ResultChannel.POSTAL and not result_address.strip():
        raise InvalidInput("Cần địa chỉ nhận kết quả qua bưu chính.", field="result_address")
    found = procedure_for_intake(generation(), procedure_code, case_code, timezone.localdate())
    components = list(found.components) if found is not None else []
    try:
        checked = conditions_checked(components, applies)
    except ApplicabilityError as exc:
        raise InvalidInput(str(exc), field="applies") from exc
    missing = components_missing(components, checked, files.keys(), shown_too=False)
    if missing:
        raise InvalidInput("Còn thiếu tệp: " + "; ".join(c.name for c in missing), field="files")
    if any(f.owner_id != citizen.pk for f in files.values()):
        raise NotPermitted("Tệp không thuộc tài khoản của bạn.")
    needed = {c.pk for c in components_needed(components, checked)}
    # What applies, and an optional paper the citizen chose to upload; a file left from a
    # condition they then unticked is not sent.
    received = [
        ReceivedComponent(
            name=c.name,
            copy_type=c.copy_type,
            quantity=c.quantity or 1,
            shown_only=c.shown_only,
            component_id=c.pk,
            file_id=files[c.pk].pk if c.pk in files else None,
        )
        for c in components
        if c.pk in needed or (c.pk in files and not c.is_conditional)
    ]
    return dossier_receive(
        procedure_code=procedure_code,
        channel=Channel.ONLINE,
        applicant=applicant,
        actor=citizen,
        citizen=citizen,
        case_code=case_code,
        representative=representative,
        components=received,
        result_channel=result_channel,
        result_address=result_address,
        applies=checked,
        request=request,
    )
