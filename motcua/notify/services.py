"""The one way MotCua reaches a person: every message is a `Notification` row handed to the
provider of its channel (`integrations.registry`), with the outcome recorded on the row.

Three kinds of message, one service each:
- `dossier_event_notify`: an applicant hears of a dossier event, on the channels they chose;
- `staff_alert_send`: officers are warned of a deadline, by e-mail;
- `one_time_code_send`: a sign-in or registration code, sent at once, stored masked.
The first two run from the outbox: rows already sent are skipped, failed ones are tried again,
and a failure raises `DeliveryIncomplete` so the outbox retries later. The outbox claims its
message, so one worker at a time handles a given one.
"""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from motcua.integrations.channels import OutgoingMessage
from motcua.integrations.registry import channel_provider
from motcua.notify.constants import DeliveryStatus, MessageKind, NotifyChannel
from motcua.notify.models import Notification, NotificationPreference
from motcua.notify.selectors import Person, Recipient

log = logging.getLogger(__name__)


class DeliveryIncomplete(Exception):
    """At least one channel failed; the others are recorded as sent and will not be repeated."""


class DeliveryFailed(Exception):
    """A message sent at once was not accepted by its provider (recorded as failed)."""


def dossier_event_notify(
    *, event_id: int, dossier_code: str, recipients: list[Recipient], subject: str, text: str
) -> list[Notification]:
    """Send `text` on each recipient's channel unless it was sent already for this event."""
    notifications = [
        Notification.objects.get_or_create(
            key=f"dossier.event:{event_id}",
            channel=r.channel,
            defaults={
                "kind": MessageKind.DOSSIER_EVENT,
                "recipient_id": r.user.pk if r.user else None,
                "destination": r.destination,
                "dossier_code": dossier_code,
                "event_id": event_id,
                "subject": subject,
                "text": text,
            },
        )[0]
        for r in recipients
    ]
    _deliver_pending(notifications)
    return notifications


def staff_alert_send(
    *, ref: str, addresses: list[str], dossier_code: str, subject: str, text: str
) -> list[Notification]:
    """E-mail one deadline warning (`ref` names it) to each officer, once each."""
    notifications = [
        Notification.objects.get_or_create(
            key=f"staff.alert:{ref}:{address}",
            channel=NotifyChannel.EMAIL,
            defaults={
                "kind": MessageKind.STAFF_ALERT,
                "destination": address,
                "dossier_code": dossier_code,
                "subject": subject,
                "text": text,
            },
        )[0]
        for address in sorted(set(addresses))
    ]
    _deliver_pending(notifications)
    return notifications


def alert_ref(subject: str, text: str) -> str:
    """A name for a warning queued without one (before warnings carried a `ref`)."""
    return hashlib.sha256(f"{subject}\n{text}".encode()).hexdigest()[:32]


def one_time_code_send(*, recipient: Recipient, subject: str, text: str, code: str) -> Notification:
    """Send a code now (the person waits on the page); the row keeps the text with the code masked.

    Not through the outbox: a retry minutes later could arrive after the code expired, and the
    outbox would store the code in clear text. Raises `DeliveryFailed`; the person asks again.
    """
    notification = Notification.objects.create(
        kind=MessageKind.ONE_TIME_CODE,
        channel=recipient.channel,
        destination=recipient.destination,
        subject=subject,
        text=text.replace(code, "•" * len(code)),
    )
    message = OutgoingMessage(destination=recipient.destination, text=text, subject=subject)
    if not _deliver(notification, message):
        raise DeliveryFailed(notification.last_error)
    return notification


def _deliver_pending(notifications: list[Notification]) -> None:
    failures = [
        f"{n.channel}: {n.last_error}"
        for n in notifications
        if not n.is_done and not _deliver(n, _message_of(n))
    ]
    if failures:
        raise DeliveryIncomplete("; ".join(failures))


def _message_of(notification: Notification) -> OutgoingMessage:
    n = notification
    return OutgoingMessage(
        destination=n.destination, text=n.text, subject=n.subject, reference=n.dossier_code
    )


def _deliver(notification: Notification, message: OutgoingMessage) -> bool:
    """Hand one message to its channel's provider and record the outcome on its row."""
    n = notification
    n.attempts += 1
    n.last_attempt_at = timezone.now()
    try:
        receipt = channel_provider(n.channel).send(message)
    except Exception as exc:  # any provider failure is recorded (and retried by the outbox)
        log.warning("notification %s (%s) failed: %s", n.pk, n.channel, exc)
        n.status = DeliveryStatus.FAILED
        n.last_error = str(exc)[:2000] or exc.__class__.__name__
    else:
        n.status = DeliveryStatus.DELIVERED if receipt.delivered else DeliveryStatus.SENT
        n.provider_message_id = receipt.message_id
        n.last_error = ""
        n.sent_at = timezone.now()
        if receipt.delivered:
            n.delivered_at = n.sent_at
    n.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "status",
            "provider_message_id",
            "last_error",
            "sent_at",
            "delivered_at",
        ]
    )
    return n.is_done


@transaction.atomic
def notification_preference_set(
    *, user: Person, email: bool, sms: bool, zalo: bool
) -> NotificationPreference:
    """Save the channels a citizen wants to hear on."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user_id=user.pk, defaults={"email": email, "sms": sms, "zalo": zalo}
    )
    return preference
