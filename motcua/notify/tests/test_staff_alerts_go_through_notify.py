"""Deadline warnings reach each officer by e-mail through notify: one row per officer, each sent
once, a failed one retried by the outbox without repeating the others."""

import smtplib

import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from motcua.dossiers.alerts import deadline_alerts_sweep
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.notify.constants import DeliveryStatus, MessageKind, NotifyChannel
from motcua.notify.models import Notification
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch, outbox_enqueue

REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    """The test mail server: refuses the addresses in REFUSED, keeps the rest in mail.outbox."""

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        for message in messages:
            refused = set(message.to) & REFUSED
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"no mailbox")))
        return super().send_messages(messages)


def dossier_at_appraisal(demo):
    """Received Mon 05/10 (due Mon 12/10 17:00); its appraisal step's warning already sent."""
    with time_machine.travel(vn(2026, 10, 5, 9), tick=False):
        code = dossier_receive(
            procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
        ).code
        dossier_transition(
            code=code, action="forward", actor=demo["tiepnhan"], params={"to_user": "chuyenvien"}
        )
        assert deadline_alerts_sweep().steps_due_soon == 1
        outbox_dispatch()  # the applicant's notice of receipt, the step's warning
    mail.outbox.clear()
    Notification.objects.all().delete()
    return code


def alerts():
    return Notification.objects.filter(kind=MessageKind.STAFF_ALERT).order_by("destination")


@time_machine.travel(vn(2026, 10, 9, 9), tick=False)  # inside the 1-day window before 12/10
def test_each_officer_gets_the_warning_once(demo):
    code = dossier_at_appraisal(demo)
    assert deadline_alerts_sweep().dossiers_due_soon == 1
    assert outbox_dispatch() == (1, 0)

    addresses = OutboxMessage.objects.filter(topic="dossier.warning").last().payload["to"]
    assert len(addresses) > 1  # the holder and the heads above the unit
    assert sorted(m.to[0] for m in mail.outbox) == addresses
    assert all(len(m.to) == 1 for m in mail.outbox)  # officers do not see each other's address
    assert mail.outbox[0].subject == f"[Một cửa] Hồ sơ {code} sắp đến hạn trả kết quả"
    assert [(n.destination, n.channel, n.status, n.dossier_code) for n in alerts()] == [
        (address, NotifyChannel.EMAIL, DeliveryStatus.SENT, code) for address in addresses
    ]
    assert outbox_dispatch() == (0, 0) and deadline_alerts_sweep().dossiers_due_soon == 0


@time_machine.travel(vn(2026, 10, 9, 9), tick=False)
def test_a_refused_address_is_retried_alone(demo, settings):
    dossier_at_appraisal(demo)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    REFUSED.add("truongphong@motcua.invalid")
    try:
        deadline_alerts_sweep()
        assert outbox_dispatch() == (0, 1)
        failed = alerts().get(status=DeliveryStatus.FAILED)
        assert failed.destination == "truongphong@motcua.invalid" and "550" in failed.last_error
        sent_first = len(mail.outbox)
        assert sent_first == alerts().count() - 1
    finally:
        REFUSED.clear()
    with time_machine.travel(vn(2026, 10, 9, 9, 5), tick=False):  # after the outbox back-off
        assert outbox_dispatch() == (1, 0)
    assert [m.to for m in mail.outbox[sent_first:]] == [["truongphong@motcua.invalid"]]
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT and failed.attempts == 2


def test_a_warning_queued_before_warnings_were_named_is_sent_once(db):
    long_address = "truong.phong." + "x" * 50 + "@" + "so-giao-duc." * 14 + "gov.vn"  # 238
    to = ["a@motcua.invalid", long_address]
    payload = {"to": to, "subject": "[Một cửa] Cảnh báo", "text": "Hết hạn."}
    outbox_enqueue(topic="dossier.warning", key="H99", payload=payload)
    outbox_enqueue(topic="dossier.warning", key="H99", payload=payload)  # queued twice
    assert outbox_dispatch() == (2, 0)
    assert [m.to for m in mail.outbox] == [[address] for address in to]
    assert [n.text for n in alerts()] == ["Hết hạn.", "Hết hạn."]
