"""Sign-in and registration codes are sent at once through notify and logged with the code
masked: the delivery log shows that a code went out, never the code."""

import re

import pytest
from django.core.cache import cache

from motcua.accounts.citizens import AccountError, one_time_code_issue
from motcua.accounts.models import CodePurpose, OneTimeCode
from motcua.integrations.sms.simulator import simulated_messages_to
from motcua.notify.constants import DeliveryStatus, MessageKind, NotifyChannel
from motcua.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.MOTCUA_SMS_PROVIDER = "simulator"
    cache.clear()
    yield
    cache.clear()


def test_a_code_by_sms_is_sent_and_logged_masked():
    one_time_code_issue(destination="0912 345 678", purpose=CodePurpose.REGISTER)
    [text] = simulated_messages_to("+84912345678")
    code = re.findall(r"\b\d{6}\b", text)[0]
    row = Notification.objects.get()
    assert (row.kind, row.channel, row.destination, row.status, row.attempts) == (
        MessageKind.ONE_TIME_CODE,
        NotifyChannel.SMS,
        "+84912345678",
        DeliveryStatus.SENT,
        1,
    )
    assert code not in row.text and row.text == text.replace(code, "••••••")
    assert (row.key, row.dossier_code, row.event_id) == ("", "", None)


def test_a_code_by_email_keeps_its_subject(mailoutbox, settings):
    one_time_code_issue(destination="Hoa@Example.vn", purpose=CodePurpose.SIGN_IN)
    [message] = mailoutbox
    assert message.to == ["hoa@example.vn"]
    assert message.subject == f"Mã xác thực đăng nhập – {settings.MOTCUA_AGENCY_NAME}"
    row = Notification.objects.get()
    assert (row.channel, row.subject) == (NotifyChannel.EMAIL, message.subject)
    assert row.provider_message_id == message.extra_headers["Message-ID"]
    code = re.findall(r"\b\d{6}\b", message.body)[0]
    assert code not in row.text


def test_a_gateway_failure_is_logged_and_the_code_is_dead(settings):
    settings.MOTCUA_SMS_PROVIDER = "http"
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:9/unreachable"
    with pytest.raises(AccountError, match="Không gửi được mã xác thực"):
        one_time_code_issue(destination="0912345678", purpose=CodePurpose.REGISTER)
    row = Notification.objects.get()
    assert row.status == DeliveryStatus.FAILED and "unreachable" in row.last_error
    assert OneTimeCode.objects.get().attempts == 5
