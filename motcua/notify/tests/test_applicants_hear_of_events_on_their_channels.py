"""Applicants hear of the events that concern them by e-mail, SMS or Zalo, each channel once."""

import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.integrations.sms.simulator import simulated_messages_to
from motcua.integrations.zalo.models import SimulatedZaloMessage
from motcua.notify.constants import DeliveryStatus, NotifyChannel
from motcua.notify.models import Notification
from motcua.notify.services import notification_preference_set
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch

PHONE = "+84912345678"  # APPLICANT's 0912345678, as gateways want it
pytestmark = pytest.mark.usefixtures("time_at_monday_morning")


@pytest.fixture
def time_at_monday_morning():
    with time_machine.travel(vn(2026, 10, 5, 9), tick=False):
        yield


@pytest.fixture
def citizen_with_contacts(citizen):
    citizen.email = "binh@example.vn"
    citizen.phone = "0987654321"
    citizen.save()
    return citizen


def receive(demo, **kwargs):
    return dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=1,
        applicant=APPLICANT,
        actor=demo["tiepnhan"],
        **kwargs,
    ).code


def move(demo, code, user, action, **kwargs):
    return dossier_transition(code=code, action=action, actor=demo[user], **kwargs)


def test_counter_applicant_gets_email_and_sms_on_receipt(demo):
    code = receive(demo)
    assert outbox_dispatch() == (1, 0)

    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert mail.outbox[0].subject == f"[Một cửa] Hồ sơ {code}"
    expected = (
        f"Hồ sơ {code} đã được tiếp nhận. Hạn trả kết quả: 17:00 12/10/2026. "
        f"Tra cứu: {settings.MOTCUA_PUBLIC_URL}/tra-cuu/{code}"
    )
    assert mail.outbox[0].body == expected
    assert simulated_messages_to(PHONE) == [expected]
    rows = Notification.objects.filter(dossier_code=code).order_by("channel")
    assert [(n.channel, n.destination, n.status, n.attempts) for n in rows] == [
        (NotifyChannel.EMAIL, "an@example.vn", DeliveryStatus.SENT, 1),
        (NotifyChannel.SMS, PHONE, DeliveryStatus.SENT, 1),
    ]
    assert rows[0].provider_message_id == mail.outbox[0].extra_headers["Message-ID"]
    assert rows[0].recipient is None and rows[0].sent_at is not None


def test_supplement_request_lists_every_missing_item(demo):
    code = receive(demo)
    move(
        demo,
        code,
        "tiepnhan",
        "request_supplement",
        note="Bản sao phải có chứng thực.",
        params={"items": ["Bản sao giấy khai sinh", "Đơn đề nghị có xác nhận của trường"]},
    )
    outbox_dispatch()
    text = mail.outbox[-1].body
    assert text == (
        f"Hồ sơ {code} cần bổ sung: Bản sao giấy khai sinh; Đơn đề nghị có xác nhận của "
        "trường. Bản sao phải có chứng thực. "
        f"Tra cứu: {settings.MOTCUA_PUBLIC_URL}/tra-cuu/{code}"
    )
    assert simulated_messages_to(PHONE)[0] == text


def test_apology_names_the_new_date(demo):
    code = receive(demo)
    move(demo, code, "tiepnhan", "forward")
    with time_machine.travel(vn(2026, 10, 9, 10), tick=False):
        move(
            demo,
            code,
            "truongphong",
            "apologize",
            note="Chờ xác minh hồ sơ gốc",
            params={"new_due_at": "2026-10-16"},
        )
        outbox_dispatch()
    text = mail.outbox[-1].body
    assert text == (
        f"Cơ quan xin lỗi vì hồ sơ {code} chậm giải quyết (Chờ xác minh hồ sơ gốc). "
        "Hẹn trả: 17:00 16/10/2026. "
        f"Tra cứu: {settings.MOTCUA_PUBLIC_URL}/tra-cuu/{code}"
    )
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)


def test_internal_hand_overs_tell_the_applicant_nothing(demo):
    code = receive(demo)
    outbox_dispatch()
    forward = move(demo, code, "tiepnhan", "forward", params={"to_user": "chuyenvien"})
    assert outbox_dispatch() == (1, 0)  # the outbox message is handled: nothing to send
    event_id = forward.events.get(action="forward").pk
    assert not Notification.objects.filter(event_id=event_id).exists()
    assert len(mail.outbox) == 1 and len(simulated_messages_to(PHONE)) == 1


def test_citizen_who_turned_sms_off_gets_only_email(demo, citizen_with_contacts):
    notification_preference_set(user=citizen_with_contacts, email=True, sms=False, zalo=False)
    code = receive(demo, citizen=citizen_with_contacts)
    outbox_dispatch()
    # The account's contacts, not the ones typed on the dossier.
    assert [m.to for m in mail.outbox] == [["binh@example.vn"]]
    assert simulated_messages_to("+84987654321") == simulated_messages_to(PHONE) == []
    row = Notification.objects.get(dossier_code=code)
    assert (row.channel, row.recipient) == (NotifyChannel.EMAIL, citizen_with_contacts)


def test_citizen_without_saved_preferences_gets_email_and_sms(demo, citizen_with_contacts):
    receive(demo, citizen=citizen_with_contacts)
    outbox_dispatch()
    assert len(mail.outbox) == 1
    assert len(simulated_messages_to("+84987654321")) == 1
    assert not SimulatedZaloMessage.objects.exists()


def test_a_zalo_failure_is_recorded_and_retried_without_resending_email(
    demo, citizen_with_contacts, settings
):
    notification_preference_set(user=citizen_with_contacts, email=True, sms=False, zalo=True)
    settings.MOTCUA_ZALO_SIMULATE_ERROR = -124
    code = receive(demo, citizen=citizen_with_contacts)
    assert outbox_dispatch() == (0, 1)

    zalo = Notification.objects.get(dossier_code=code, channel=NotifyChannel.ZALO)
    assert zalo.status == DeliveryStatus.FAILED and zalo.attempts == 1
    assert zalo.last_error == "Zalo error -124: Access token invalid"
    assert Notification.objects.get(channel=NotifyChannel.EMAIL).status == DeliveryStatus.SENT
    outbox = OutboxMessage.objects.get(topic="dossier.event")
    assert "zalo: Zalo error -124" in outbox.last_error
    assert len(mail.outbox) == 1 and not SimulatedZaloMessage.objects.exists()

    settings.MOTCUA_ZALO_SIMULATE_ERROR = 0
    with time_machine.travel(vn(2026, 10, 5, 9, 5), tick=False):  # after the outbox back-off
        assert outbox_dispatch() == (1, 0)
    zalo.refresh_from_db()
    assert zalo.status == DeliveryStatus.SENT and zalo.attempts == 2 and zalo.last_error == ""
    sent = SimulatedZaloMessage.objects.get()
    assert zalo.provider_message_id == sent.msg_id
    assert (sent.phone, sent.tracking_id) == ("84987654321", code)
    assert sent.data == {"ma_ho_so": code, "noi_dung": zalo.text}
    assert len(mail.outbox) == 1  # e-mail went out once, on the first try
    assert Notification.objects.filter(dossier_code=code).count() == 2


def test_applicant_with_neither_email_nor_phone_is_not_contacted(demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=1,
        applicant={**APPLICANT, "email": "", "phone": ""},
        actor=demo["tiepnhan"],
    ).code
    assert outbox_dispatch() == (1, 0)
    assert not Notification.objects.filter(dossier_code=code).exists() and not mail.outbox
