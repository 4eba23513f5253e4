"""E-mail through Django's mail backend (EMAIL_BACKEND): SMTP in production; in `make run` the
console backend prints each message and in tests the locmem backend keeps them (`mail.outbox`),
so Django's own backends are this channel's simulators.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from motcua.integrations.channels import OutgoingMessage, Receipt

DEFAULT_SUBJECT = "[Một cửa] Thông báo"


class DjangoMailProvider:
    """The e-mail channel's provider; SMTP errors (OSError) propagate to the caller."""

    def send(self, message: OutgoingMessage) -> Receipt:
        sender = settings.DEFAULT_FROM_EMAIL
        # Our own Message-ID, so a bounce can be matched to the row (and no DNS lookup is made).
        message_id = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
        EmailMessage(
            message.subject or DEFAULT_SUBJECT,
            message.text,
            sender,
            [message.destination],
            headers={"Message-ID": message_id},
        ).send()
        return Receipt(message_id=message_id)


def mail_provider() -> DjangoMailProvider:
    return DjangoMailProvider()
