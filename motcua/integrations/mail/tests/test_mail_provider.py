"""E-mail goes through Django's mail backend with our own Message-ID, matched to the log row."""

from django.core import mail

from motcua.integrations.channels import OutgoingMessage
from motcua.integrations.mail.client import DEFAULT_SUBJECT, DjangoMailProvider


def test_the_receipt_carries_the_message_id_we_set(settings):
    settings.DEFAULT_FROM_EMAIL = "motcua@sgddt.example.gov.vn"
    receipt = DjangoMailProvider().send(
        OutgoingMessage("an@example.vn", "Hồ sơ đã được tiếp nhận.", subject="[Một cửa] Hồ sơ H99")
    )
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["an@example.vn"],
        "[Một cửa] Hồ sơ H99",
        "Hồ sơ đã được tiếp nhận.",
    )
    assert message.from_email == "motcua@sgddt.example.gov.vn"
    assert receipt.message_id == message.extra_headers["Message-ID"]
    assert receipt.message_id.endswith("@sgddt.example.gov.vn>") and not receipt.delivered


def test_a_message_without_subject_gets_the_general_one():
    DjangoMailProvider().send(OutgoingMessage("an@example.vn", "Thông báo."))
    assert mail.outbox[0].subject == DEFAULT_SUBJECT
