"""What each slip says, read from the dossier and its history (nothing is typed twice).

One builder per slip; each checks that the slip makes sense for the dossier's state and raises
SlipUnavailable, in Vietnamese, when it does not.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.models import Unit, User
from motcua.accounts.selectors import (
    unit_agency,
    unit_head,
    unit_place_name,
    unit_signed_for,
)
from motcua.catalog.constants import CopyType
from motcua.catalog.models import Field
from motcua.core.links import public_url_for
from motcua.core.localtime import VN_TZ, format_date, format_datetime, to_local
from motcua.core.money import format_vnd
from motcua.dossiers.constants import Action, ApplicantKind, ResultChannel, Stage, Timeliness
from motcua.dossiers.exceptions import Conflict
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.slips import forms
from motcua.dossiers.slips.document import (
    Paragraph,
    Run,
    Signature,
    Signatures,
    SlipDocument,
    Table,
    clock_long,
    clock_short,
    day_of,
    long_date,
)
from motcua.dossiers.slips.forms import FormSet
from motcua.dossiers.timeliness import judge
from motcua.dossiers.tracking import tracking_url


class SlipUnavailable(Conflict):
    """The slip makes no sense for this dossier now (or in this form set)."""


# Moves that hand the dossier (or its result) from one party to another: the control slip's rows.
HAND_OVERS = (
    Action.RECEIVE,
    Action.ACCEPT,
    Action.FORWARD,
    Action.SEND_BACK,
    Action.APPROVE,
    Action.FINISH,
    Action.RETURN_RESULT,
    Action.FORWARD_EXTERNAL,
    Action.RECEIVE_EXTERNAL,
    Action.REQUEST_SUPPLEMENT,
    Action.RECEIVE_SUPPLEMENT,
)
# In these the person recording the event is the one who receives the dossier.
RECEIVED_BY_ACTOR = (
    Action.RECEIVE,
    Action.ACCEPT,
    Action.RECEIVE_SUPPLEMENT,
    Action.RECEIVE_EXTERNAL,
)
APPLICANT_PARTY = "Tổ chức, cá nhân"
DOTS = "……"


def _unit_lines(unit: Unit) -> tuple[str, str]:
    """(body above, issuing unit) for the header's left column, upper case; the unit's name
    loses the parent's name it repeats ("Bộ phận Một cửa Sở GDĐT" under "Sở GDĐT")."""
    parent = unit.parent
    name = unit.name
    if parent is not None and name.endswith(f" {parent.name}"):
        name = name.removesuffix(f" {parent.name}")
    return (parent.name.upper() if parent else "", name.upper())


def _place_date(unit: Unit, day: date) -> str:
    # The place name (địa danh) is the issuing unit's configuration; none leaves it to the pen.
    return f"{unit_place_name(unit) or DOTS}, {long_date(day)}"


def _signer_unit(dossier: Dossier, signer: User | None, *acted_at: Unit | None) -> Unit:
    """The unit the signer signs for (their own, not the receiving unit's when they work
    elsewhere); the receiving unit when the signer holds no role."""
    unit = unit_signed_for(signer, *acted_at, dossier.receiving_unit)
    return unit or dossier.receiving_unit


def form_of(form_set: FormSet, slip: str) -> forms.Form:
    """The form for `slip` in `form_set`, or SlipUnavailable when that set has none."""
    form = form_set.form(slip)
    if form is None:
        title = forms.FORM_SETS[forms.CURRENT_FORM_SET].forms[slip].title
        raise SlipUnavailable(
            f"Bộ biểu mẫu theo {form_set.name}, áp dụng cho hồ sơ này, không có mẫu «{title}»."
        )
    return form


def _start(form_set: FormSet, slip: str, unit: Unit, number: str, day: date) -> SlipDocument:
    form = form_of(form_set, slip)
    agency, unit_name = _unit_lines(unit)
    return SlipDocument(
        form_set=form_set,
        form=form,
        agency=agency,
        unit=unit_name,
        number=f"Số: {number}/{form.symbol}",
        place_date=_place_date(unit, day),
    )


def _dossier_slip(
    dossier: Dossier, form_set: FormSet, slip: str, day: datetime, unit: Unit | None = None
) -> SlipDocument:
    return _start(
        form_set, slip, unit or dossier.receiving_unit, dossier.code, to_local(day).date()
    )


def _address(dossier: Dossier) -> str:
    parts = (dossier.applicant_address, dossier.applicant_commune, dossier.applicant_province)
    return ", ".join(part for part in parts if part)


def _honorific(dossier: Dossier) -> str:
    return "Tổ chức" if dossier.applicant_kind == ApplicantKind.ORGANISATION else "Ông (Bà)"


def _id_label(dossier: Dossier) -> str:
    if dossier.applicant_kind == ApplicantKind.ORGANISATION:
        return "Số định danh tổ chức (mã số thuế)"
    return "Số định danh cá nhân"


def _applicant(doc: SlipDocument, dossier: Dossier, lead: str) -> None:
    """The applicant block shared by the receipt, the supplement request and the refusal."""
    doc.line(f"{lead} {_honorific(dossier)}", dossier.applicant_name, bold_value=True)
    doc.line(_id_label(dossier), dossier.applicant_id_number)
    doc.line("Địa chỉ", _address(dossier) or DOTS)
    doc.line(
        "Số điện thoại",
        f"{dossier.applicant_phone or DOTS}; Email: {dossier.applicant_email or DOTS}",
    )
    if dossier.representative_name:
        details = [
            ("số định danh cá nhân", dossier.representative_id_number),
            ("số điện thoại", dossier.representative_phone),
            ("văn bản ủy quyền", dossier.representative_document),
        ]
        doc.add(
            Paragraph(
                [
                    Run("Người được ủy quyền nộp hồ sơ: "),
                    Run(dossier.representative_name, bold=True),
                    *(Run(f"; {label}: {value}") for label, value in details if value),
                ]
            )
        )


def _procedure_line(doc: SlipDocument, dossier: Dossier) -> None:
    doc.line("Nội dung yêu cầu giải quyết", dossier.procedure.name)


def _person(user: object, fallback: str = "") -> str:
    return str(user) if user is not None else fallback


def _last_event(dossier: Dossier, *actions: Action) -> DossierEvent | None:
    return dossier.events.filter(action__in=actions).order_by("-at", "-id").first()


def _copy_type(value: str) -> str:
    return CopyType(value).label if value in CopyType.values else value


# --- Mẫu 01 ----------------------------------------------------------------------------------


def _register_entry(dossier: Dossier) -> str:
    if dossier.register_number is None:  # accepted before registers were numbered
        return f"{DOTS}, Số thứ tự: {DOTS}"
    return f"{dossier.register_book}, Số thứ tự: {dossier.register_number:02d}"


def receipt(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    if dossier.accepted_at is None or dossier.original_due_at is None:
        raise SlipUnavailable(
            "Hồ sơ chưa được tiếp nhận hợp lệ nên chưa có giấy tiếp nhận và hẹn trả kết quả."
        )
    accepted = _last_event(dossier, Action.ACCEPT, Action.RECEIVE)
    receptionist = accepted.actor if accepted is not None else dossier.created_by
    unit = _signer_unit(dossier, receptionist)
    doc = _dossier_slip(dossier, form_set, forms.RECEIPT, dossier.accepted_at, unit)
    doc.subtitle.append(f"Mã hồ sơ: {dossier.code}")
    doc.qr_url = tracking_url(dossier.code)
    doc.line("Bộ phận tiếp nhận và trả kết quả", unit.name)
    _applicant(doc, dossier, "Tiếp nhận hồ sơ của")
    _procedure_line(doc, dossier)
    doc.text("1. Thành phần hồ sơ nộp gồm:")
    rows = [
        [
            str(n),
            item.name + (" (xuất trình)" if item.shown_only else ""),
            _copy_type(item.copy_type),
            f"{item.quantity:02d}",
        ]
        for n, item in enumerate(dossier.components.all(), 1)
    ]
    doc.add(Table(["STT", "Tên giấy tờ", "Loại bản", "Số lượng"], rows, [8, 60, 20, 12]))
    doc.line("2. Số lượng hồ sơ", "01 bộ")
    duration = dossier.case.processing_time
    doc.line(
        "3. Thời gian giải quyết hồ sơ theo quy định là", duration.label() if duration else DOTS
    )
    doc.line("4. Thời gian nhận hồ sơ", clock_long(dossier.accepted_at))
    doc.line(
        "5. Thời gian trả kết quả giải quyết hồ sơ",
        clock_long(dossier.original_due_at),
        bold_value=True,
    )
    doc.line("6. Đăng ký nhận kết quả", ResultChannel(dossier.result_channel).label)
    doc.line("7. Phí, lệ phí", format_vnd(dossier.fees_due_vnd))
    doc.line("Vào Sổ theo dõi hồ sơ, Quyển số", _register_entry(dossier))
    doc.line("Số điện thoại liên hệ", unit.phone or DOTS)
    doc.text(f"Tra cứu tình trạng hồ sơ tại: {doc.qr_url}", italic=True, align="left")
    doc.add(
        Signatures(
            [
                Signature("NGƯỜI NỘP HỒ SƠ", dossier.representative_name or dossier.applicant_name),
                Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", _person(receptionist)),
            ]
        )
    )
    return doc


# --- Mẫu 02 ----------------------------------------------------------------------------------


def supplement_request(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the latest request, every item named."""
    request = dossier.supplements.order_by("-number").select_related("requested_by").first()
    if request is None:
        raise SlipUnavailable("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào.")
    event = _last_event(dossier, Action.REQUEST_SUPPLEMENT)
    unit = _signer_unit(dossier, request.requested_by, event.from_unit if event else None)
    doc = _dossier_slip(dossier, form_set, forms.SUPPLEMENT_REQUEST, request.requested_at, unit)
    doc.subtitle.append(f"Mã hồ sơ: {dossier.code}")
    if request.number > 1:
        doc.subtitle.append(f"(Yêu cầu lần {request.number})")
    _applicant(doc, dossier, "Hồ sơ của")
    _procedure_line(doc, dossier)
    doc.text("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
    for n, item in enumerate(request.items, 1):
        doc.text(f"{n}. {item}")
    doc.line("Lý do", request.reason or DOTS)
    officer = _person(request.requested_by, DOTS)
    procedure_page = public_url_for("portal:procedure", dossier.procedure.code)
    doc.text(
        f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông (Bà) liên hệ với "
        f"{officer}, {unit.name}, số điện thoại {unit.phone or DOTS} để được hướng dẫn; "
        f"thông tin thủ tục tra cứu tại {procedure_page}.",
        italic=True,
    )
    doc.add(Signatures([Signature("NGƯỜI HƯỚNG DẪN", _person(request.requested_by))]))
    return doc


# --- Mẫu 03 ----------------------------------------------------------------------------------


def refusal(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason recorded on refusal."""
    event = _last_event(dossier, Action.REFUSE)
    if dossier.stage != Stage.REFUSED or event is None:
        raise SlipUnavailable("Hồ sơ không bị từ chối tiếp nhận nên không có phiếu từ chối.")
    unit = _signer_unit(dossier, event.actor, event.from_unit)
    doc = _dossier_slip(dossier, form_set, forms.REFUSAL, event.at, unit)
    _applicant(doc, dossier, "Tiếp nhận hồ sơ của")
    doc.line("Mã hồ sơ", dossier.code)
    _procedure_line(doc, dossier)
    doc.text(
        f"Qua xem xét, {dossier.receiving_unit.name} thông báo không tiếp nhận, giải quyết "
        "hồ sơ này với lý do cụ thể như sau:"
    )
    doc.text(event.note, bold=True)
    doc.text("Xin thông báo cho Ông (Bà) được biết và thực hiện./.")
    doc.add(
        Signatures(
            [
                Signature("NGƯỜI NỘP HỒ SƠ", dossier.representative_name or dossier.applicant_name),
                Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", event.actor_label),
            ]
        )
    )
    return doc


# --- Mẫu 04 ----------------------------------------------------------------------------------


def apology(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Văn bản xin lỗi (và đề nghị gia hạn), headed by the agency that caused the delay and signed
    by its head (addendum B.4: "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"): the Sở's director when one of its
    phòng was late."""
    letter = dossier.apologies.select_related("at_fault_unit").last()
    if letter is None:
        raise SlipUnavailable("Hồ sơ chưa có văn bản xin lỗi, hẹn lại ngày trả kết quả.")
    body = unit_agency(letter.at_fault_unit or dossier.receiving_unit)
    doc = _dossier_slip(dossier, form_set, forms.APOLOGY, letter.sent_at, unit=body)
    doc.text(f"Kính gửi: {_honorific(dossier)} {dossier.applicant_name}", align="center")
    doc.line("Địa chỉ", _address(dossier) or DOTS)
    doc.line("Số điện thoại", dossier.applicant_phone or DOTS)
    accepted = dossier.accepted_at or dossier.received_at
    doc.text(
        f"Ngày {day_of(accepted)}, {dossier.receiving_unit.name} tiếp nhận giải quyết hồ "
        f"sơ “{dossier.procedure.name}” của {_honorific(dossier)} {dossier.applicant_name}; "
        f"{_id_label(dossier).lower()}: {dossier.applicant_id_number}; mã số hồ sơ: "
        f"{dossier.code}."
    )
    original = dossier.original_due_at or letter.previous_due_at
    doc.line(
        "Thời gian hẹn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        clock_short(original),
    )
    if letter.previous_due_at != original:
        doc.line("Hạn giải quyết đã được tính lại đến", clock_short(letter.previous_due_at))
    doc.text(
        f"Tuy nhiên đến nay, {body.name} chưa trả kết quả giải quyết hồ sơ của "
        f"{_honorific(dossier)} đúng thời hạn nêu trên."
    )
    doc.line("Lý do", letter.reason)
    doc.text(
        f"Sự chậm trễ này đã gây phiền hà cho {_honorific(dossier)}. {body.name} xin lỗi "
        f"{_honorific(dossier)} và sẽ trả kết quả giải quyết hồ sơ vào "
        f"{clock_short(letter.new_due_at)}."
    )
    doc.add(
        Signatures(
            [
                Signature(
                    body.head_title.upper() or "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
                    _person(unit_head(body)),
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                )
            ]
        )
    )
    return doc


# --- Mẫu 05 (TT 03/2025 only) ----------------------------------------------------------------


def stop_notice(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Thông báo dừng giải quyết hồ sơ (TT 03/2025 Điều 7; NĐ 118/2025 Điều 21 khoản 1)."""
    event = _last_event(dossier, Action.WITHDRAW)
    if dossier.stage != Stage.STOPPED or event is None:
        raise SlipUnavailable(
            "Hồ sơ không dừng giải quyết theo đề nghị của người nộp nên "
            "không có thông báo dừng giải quyết."
        )
    # The workflow refuses a withdrawal once a result is signed; the notice states exactly that.
    if dossier.approved_at is not None:
        raise SlipUnavailable("Hồ sơ đã có kết quả giải quyết; không thể thông báo dừng.")
    unit = _signer_unit(dossier, event.actor, event.from_unit)
    doc = _dossier_slip(dossier, form_set, forms.STOP_NOTICE, event.at, unit)
    doc.text(f"Kính gửi: {_honorific(dossier)} {dossier.applicant_name}", align="center")
    doc.line(_id_label(dossier), dossier.applicant_id_number)
    doc.line("Địa chỉ", _address(dossier) or DOTS)
    doc.line("Mã hồ sơ", dossier.code)
    _procedure_line(doc, dossier)
    doc.text(
        f"Ngày {day_of(event.at)}, {dossier.receiving_unit.name} nhận được đề nghị dừng "
        f"giải quyết hồ sơ nêu trên của {_honorific(dossier)}. Nội dung đề nghị: {event.note}"
    )
    doc.text(
        f"Đến thời điểm nhận được đề nghị, cơ quan có thẩm quyền chưa ban hành quyết định "
        f"giải quyết hoặc văn bản thông báo kết quả giải quyết hồ sơ. "
        f"{dossier.receiving_unit.name} thông báo dừng giải quyết hồ sơ kể từ "
        f"{clock_short(event.at)}."
    )
    doc.text(f"Xin thông báo để {_honorific(dossier)} được biết./.")
    doc.add(Signatures([Signature("NGƯỜI THÔNG BÁO", event.actor_label)]))
    return doc


# --- Mẫu 06 (TT 03/2025) / Mẫu 05 (TT 01/2018) -----------------------------------------------


def _parties(dossier: Dossier, event: DossierEvent) -> tuple[str, str, str, str]:
    """(giving body, giving person, receiving body, receiving person) of a hand-over."""
    giver = event.from_unit.name if event.from_unit else APPLICANT_PARTY
    taker = event.to_unit.name if event.to_unit else APPLICANT_PARTY
    applicant = dossier.applicant_name
    if event.action in RECEIVED_BY_ACTOR:
        giver_person = applicant if event.from_unit is None else giver
        return giver, giver_person, taker, event.actor_label
    if event.to_user is not None:
        taker_person = str(event.to_user)
    else:
        taker_person = applicant if event.to_unit is None else taker
    return giver, event.actor_label, taker, taker_person


def control_slip(dossier: Dossier, form_set: FormSet) -> SlipDocument:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, from the history."""
    events = list(
        dossier.events.filter(action__in=HAND_OVERS)
        .select_related("from_unit", "to_unit", "to_user")
        .order_by("at", "id")
    )
    if dossier.accepted_at is None or not events:
        raise SlipUnavailable("Hồ sơ chưa được tiếp nhận hợp lệ nên chưa có phiếu kiểm soát.")
    doc = _dossier_slip(dossier, form_set, forms.CONTROL_SLIP, dossier.accepted_at)
    doc.subtitle.append(f"Mã số hồ sơ: {dossier.code}")
    doc.line(
        "Kèm theo hồ sơ của",
        f"{dossier.applicant_name} – số điện thoại: {dossier.applicant_phone or DOTS}",
        bold_value=True,
    )
    doc.line("Thủ tục", dossier.procedure.name)
    main_body = dossier.procedure.implementing_unit or dossier.receiving_unit
    doc.line("Cơ quan (bộ phận) giải quyết hồ sơ", main_body.name)
    partners = sorted(
        {e.to_unit.name for e in events if e.action == Action.FORWARD_EXTERNAL and e.to_unit}
    )
    doc.line("Cơ quan phối hợp giải quyết hồ sơ", ", ".join(partners) or "Không")
    doc.line("Ngày nhận", clock_short(dossier.accepted_at))
    if dossier.due_at is not None:
        doc.line("Hẹn trả kết quả vào", clock_short(dossier.due_at), bold_value=True)
    judgement = judge(dossier)
    if judgement.settled and judgement.timeliness:
        # The dossier's verdict (dossiers.timeliness); the rows below judge each step.
        verdict = judgement.label + (f" ({judgement.basis})" if judgement.basis else "")
        doc.line("Kết quả giải quyết hồ sơ so với hạn", verdict, bold_value=True)
    rows = []
    for event in events:
        giver, giver_person, taker, taker_person = _parties(dossier, event)
        when = clock_short(event.at)
        rows.append(
            [
                f"{Action(event.action).label}:\n{giver} → {taker}",
                f"1. Giao: {when}\nNgười giao: {giver_person}\n"
                f"2. Nhận: {when}\nNgười nhận: {taker_person}",
                Timeliness(event.timeliness).label if event.timeliness else "",
                event.note,
            ]
        )
    doc.add(
        Table(
            [
                "TÊN CƠ QUAN",
                "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/Đúng hạn/Quá hạn)",
                "GHI CHÚ",
            ],
            rows,
            [30, 34, 14, 22],
            centered=(2,),
        )
    )
    doc.text(
        "Việc lưu vết được thực hiện tự động theo chức năng của hệ thống thông tin giải "
        "quyết thủ tục hành chính.",
        italic=True,
    )
    return doc


# --- Mẫu 07 (TT 03/2025) / Mẫu 06 (TT 01/2018) -----------------------------------------------


def dossiers_for_register(
    unit: Unit, date_from: date, date_to: date, field: Field | None = None
) -> QuerySet[Dossier]:
    """The dossiers `unit` accepted between the two days (inclusive), optionally of one field."""
    start = datetime.combine(date_from, datetime.min.time(), tzinfo=VN_TZ)
    end = datetime.combine(date_to, datetime.max.time(), tzinfo=VN_TZ)
    dossiers = Dossier.objects.filter(receiving_unit=unit, accepted_at__range=(start, end))
    if field is not None:
        dossiers = dossiers.filter(procedure__field=field)
    return dossiers.select_related(
        "procedure__implementing_unit", "receiving_unit", "deadline"
    ).order_by("accepted_at", "id")


def _outcome_cell(dossier: Dossier) -> str:
    if dossier.returned_at is not None:
        return format_datetime(dossier.returned_at)
    if dossier.stage == Stage.STOPPED and dossier.stopped_at is not None:
        return f"Dừng giải quyết\n{format_datetime(dossier.stopped_at)}"
    return ""


def _due_cell(dossier: Dossier) -> str:
    if dossier.original_due_at is None:
        return ""
    cell = format_datetime(dossier.original_due_at)
    if dossier.due_at is not None and dossier.due_at != dossier.original_due_at:
        cell += f"\n(hạn mới: {format_datetime(dossier.due_at)})"
    return cell


def register(
    dossiers: Iterable[Dossier],
    date_from: date,
    date_to: date,
    unit: Unit,
    field: Field | None = None,
) -> SlipDocument:
    """Sổ theo dõi hồ sơ for a period (kept per lĩnh vực, addendum B.4)."""
    if date_from > date_to:
        raise SlipUnavailable("Ngày bắt đầu phải trước ngày kết thúc của sổ theo dõi.")
    doc = _start(
        forms.form_set_on(date_to), forms.REGISTER, unit, DOTS, to_local(timezone.now()).date()
    )
    doc.subtitle.append(f"Từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}")
    if field is not None:
        doc.subtitle.append(f"Lĩnh vực: {field.name}")
    rows = []
    for n, dossier in enumerate(dossiers, 1):
        # STT is the dossier's entry in the year's book, with the book when the period spans two.
        entry = str(dossier.register_number or n)
        if dossier.register_number and date_from.year != date_to.year:
            entry = f"{entry}/{dossier.register_book}"
        contact = "; ".join(part for part in (_address(dossier), dossier.applicant_phone) if part)
        main_body = dossier.procedure.implementing_unit or dossier.receiving_unit
        received = dossier.accepted_at or dossier.received_at
        rows.append(
            [
                entry,
                dossier.code,
                dossier.procedure.name,
                dossier.applicant_name,
                contact,
                main_body.name,
                format_datetime(received),
                _due_cell(dossier),
                _outcome_cell(dossier),
                ResultChannel(dossier.result_channel).label,
                "",
            ]
        )
    if not rows:
        doc.text(
            "Không có hồ sơ nào được tiếp nhận trong thời gian này.", italic=True, align="center"
        )
        return doc
    doc.add(
        Table(
            [
                "STT",
                "Mã hồ sơ",
                "Tên TTHC",
                "Tên tổ chức, cá nhân",
                "Địa chỉ/SĐT",
                "Cơ quan chủ trì giải quyết",
                "Nhận hồ sơ",
                "Hẹn trả kết quả",
                "Trả kết quả",
                "Phương thức nhận kết quả",
                "Ký nhận",
            ],
            rows,
            [4, 12, 17, 10, 12, 10, 8, 8, 8, 8, 7],
            centered=(0, 6, 7, 8),
        )
    )
    return doc


BUILDERS: dict[str, Callable[[Dossier, FormSet], SlipDocument]] = {
    forms.RECEIPT: receipt,
    forms.SUPPLEMENT_REQUEST: supplement_request,
    forms.REFUSAL: refusal,
    forms.APOLOGY: apology,
    forms.STOP_NOTICE: stop_notice,
    forms.CONTROL_SLIP: control_slip,
}
