"""Send applicant notifications, one row per channel, each channel at most once per event.

The outbox calls `notifications_send` for a dossier event. Rows already sent are skipped, failed
ones are tried again, and a failure raises `DeliveryIncomplete` so the outbox retries later.
The outbox claims its message, so one worker at a time handles a given event.
"""

import logging

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.notify.constants import DeliveryStatus
from motcua.notify.models import Notification, NotificationPreference
from motcua.notify.providers import provider_for
from motcua.notify.selectors import Recipient

log = logging.getLogger(__name__)


class DeliveryIncomplete(Exception):
    """At least one channel failed; the others are recorded as sent and will not be repeated."""


def notifications_send(
    *, event_id: int, dossier_code: str, recipients: list[Recipient], text: str
) -> list[Notification]:
    """Send `text` on each recipient's channel unless it was sent already for this event."""
    notifications = [
        Notification.objects.get_or_create(
            event_id=event_id,
            channel=r.channel,
            defaults={
                "recipient": r.user,
                "destination": r.destination,
                "dossier_code": dossier_code,
                "text": text,
            },
        )[0]
        for r in recipients
    ]
    failures = [
        f"{n.channel}: {n.last_error}"
        for n in notifications
        if not n.is_done and not notification_deliver(notification=n)
    ]
    if failures:
        raise DeliveryIncomplete("; ".join(failures))
    return notifications


def notification_deliver(*, notification: Notification) -> bool:
    """Hand one notification to its channel's provider and record the outcome."""
    n = notification
    n.attempts += 1
    n.last_attempt_at = timezone.now()
    try:
        result = provider_for(n.channel).send(n.destination, n.text, reference=n.dossier_code)
    except Exception as exc:  # any provider failure is recorded and retried
        log.warning("notification %s (%s) failed: %s", n.pk, n.channel, exc)
        n.status = DeliveryStatus.FAILED
        n.last_error = str(exc)[:2000] or exc.__class__.__name__
    else:
        n.status = result.status
        n.provider_message_id = result.message_id
        n.last_error = ""
        n.sent_at = timezone.now()
        if result.status == DeliveryStatus.DELIVERED:
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
    *, user: User, email: bool, sms: bool, zalo: bool
) -> NotificationPreference:
    """Save the channels a citizen wants to hear on."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "sms": sms, "zalo": zalo}
    )
    return preference
