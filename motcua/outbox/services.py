"""Enqueue side effects inside the business transaction; deliver them after, with retries.

Handlers register per topic (`@handles("dossier.event")`); a handler raises to ask for a retry.
Claiming uses a conditional UPDATE, so two dispatchers never deliver one message twice.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from motcua.audit.services import audit_record
from motcua.outbox.models import OutboxMessage

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], None]
HANDLERS: dict[str, list[Handler]] = {}
MAX_ATTEMPTS = 8
CLAIM_SECONDS = 120


def handles(topic: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS.setdefault(topic, []).append(handler)
        return handler

    return register


def outbox_enqueue(*, topic: str, key: str, payload: dict[str, Any]) -> OutboxMessage:
    """Write a message in the caller's transaction: it exists only if the change commits."""
    return OutboxMessage.objects.create(
        topic=topic, key=key, payload=payload, available_at=timezone.now()
    )


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 30 * 2**attempts))


def outbox_dispatch(*, limit: int = 100, now: datetime | None = None) -> tuple[int, int]:
    """Deliver due messages; returns (sent, failed)."""
    now = now or timezone.now()
    pending = (
        OutboxMessage.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            sent_at__isnull=True,
            available_at__lte=now,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("available_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for pk in list(pending):
        claimed = OutboxMessage.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=pk, sent_at__isnull=True
        ).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        if not claimed:
            continue  # another dispatcher took it
        message = OutboxMessage.objects.get(pk=pk)
        try:
            for handler in HANDLERS.get(message.topic, []):
                handler(message.payload)
        except Exception as exc:  # any failure is retried later
            log.warning("outbox %s failed: %s", message.pk, exc)
            OutboxMessage.objects.filter(pk=pk).update(
                attempts=message.attempts + 1,
                last_error=str(exc)[:2000],
                claimed_until=None,
                available_at=now + _backoff(message.attempts),
            )
            failed += 1
        else:
            OutboxMessage.objects.filter(pk=pk).update(
                sent_at=timezone.now(), attempts=message.attempts + 1, claimed_until=None
            )
            sent += 1
    return sent, failed


def outbox_retry(*, ids: list[int], actor: Any) -> int:
    """Give unsent messages (typically ones past the retry limit) a fresh set of attempts."""
    count = OutboxMessage.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        attempts=0, available_at=timezone.now(), claimed_until=None
    )
    audit_record(
        action="outbox.retry",
        object_type="outbox.OutboxMessage",
        actor=actor,
        data={"ids": ids, "count": count},
    )
    return count
