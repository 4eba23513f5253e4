"""Messages to applicants and officers, delivered from the outbox after the change commits.

Applicants hear of every event that concerns them (one call in four to government is someone
asking for an update) by e-mail, SMS or Zalo, as `motcua.notify` decides and records; officers are
warned by e-mail before a step or a dossier falls due, and when it did.
"""

from typing import Any

from motcua.core.localtime import format_datetime
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tracking import citizen_status_label, tracking_url
from motcua.notify.selectors import Recipient, person_recipients
from motcua.notify.services import alert_ref, dossier_event_notify, staff_alert_send
from motcua.outbox.services import handles

CITIZEN_MESSAGES = {
    Action.RECEIVE: "Hồ sơ {code} đã được tiếp nhận. Hạn trả kết quả: {due}.",
    Action.ACCEPT: "Hồ sơ {code} đã được tiếp nhận. Hạn trả kết quả: {due}.",
    Action.REFUSE: "Hồ sơ {code} không được tiếp nhận. Lý do: {note}",
    Action.REQUEST_SUPPLEMENT: "Hồ sơ {code} cần bổ sung: {missing}. {note}",
    Action.RECEIVE_SUPPLEMENT: "Đã nhận đủ hồ sơ bổ sung của hồ sơ {code}. Hạn trả mới: {due}.",
    Action.REQUEST_PAYMENT: "Hồ sơ {code}: đề nghị nộp phí, lệ phí {amount}.",
    Action.APOLOGIZE: "Cơ quan xin lỗi vì hồ sơ {code} chậm giải quyết ({note}). Hẹn trả: {due}.",
    Action.EXTEND: "Hồ sơ {code} được gia hạn giải quyết đến {due}. Lý do: {note}",
    Action.FINISH: "Hồ sơ {code} đã có kết quả; mời ông/bà nhận kết quả.",
    Action.RETURN_RESULT: "Đã trả kết quả hồ sơ {code}. Cảm ơn ông/bà.",
    Action.WITHDRAW: "Hồ sơ {code} đã dừng giải quyết theo đề nghị của ông/bà.",
}


# An online or postal submission is only waiting to be checked: it is not received yet.
SUBMITTED_MESSAGE = (
    "Hồ sơ {code}: {status}. Ông/bà sẽ được báo khi hồ sơ được tiếp nhận hoặc cần bổ sung."
)


def citizen_message(dossier: Dossier, event: DossierEvent) -> str:
    """The text an applicant receives for `event` ('' when the event is internal)."""
    template = CITIZEN_MESSAGES.get(Action(event.action))
    if event.action == Action.RECEIVE and event.to_status == Status.NEW:
        template = SUBMITTED_MESSAGE
    if template is None:
        return ""
    text = template.format(
        code=dossier.code,
        note=event.note,
        due=format_datetime(event.due_at) if event.due_at else "chưa xác định",
        missing="; ".join(event.data.get("missing_items", [])),
        amount=f"{event.data.get('amount_vnd', dossier.fees_due_vnd):,} đồng".replace(",", "."),
        status=citizen_status_label(event.to_status).lower(),
    )
    # The tracking link lets the applicant check the dossier without calling the desk.
    return f"{text.strip()} Tra cứu: {tracking_url(dossier.code)}"


def applicant_recipients(dossier: Dossier) -> list[Recipient]:
    """The applicant on the channels notify picks: the account's choice, else the contacts given."""
    return person_recipients(
        account=dossier.citizen, email=dossier.applicant_email, phone=dossier.applicant_phone
    )


@handles("dossier.event")
def notify_applicant(payload: dict[str, Any]) -> None:
    """Raises when a channel failed, so the outbox retries it (sent channels are not repeated)."""
    event = (
        DossierEvent.objects.select_related("dossier", "dossier__citizen")
        .filter(pk=payload["event_id"])
        .first()
    )
    if event is None:
        return
    text = citizen_message(event.dossier, event)
    if text:
        dossier_event_notify(
            event_id=event.pk,
            dossier_code=event.dossier.code,
            recipients=applicant_recipients(event.dossier),
            subject=f"[Một cửa] Hồ sơ {event.dossier.code}",
            text=text,
        )


@handles("dossier.warning")
def warn_officers(payload: dict[str, Any]) -> None:
    """Raises when an officer's e-mail failed, so the outbox retries it (not the sent ones)."""
    subject, text = payload["subject"], payload["text"]
    staff_alert_send(
        ref=payload.get("ref") or alert_ref(subject, text),
        addresses=[address for address in payload.get("to", []) if address],
        dossier_code=payload.get("code", ""),
        subject=subject,
        text=text,
    )
