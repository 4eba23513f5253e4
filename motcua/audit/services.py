"""Writing and checking the audit chain."""

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.core.addresses import client_address

GENESIS = "0" * 64
AUDIT_CHAIN_LOCK = 0x4D4F54435541  # "MOTCUA": the advisory lock key of the chain
_TAIL = f'SELECT "hash" FROM "{AuditEvent._meta.db_table}" ORDER BY "id" DESC LIMIT 1'  # noqa: S608


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _content(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "ip_address": event.ip_address,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
    }


def _lock_chain() -> None:
    """Serialise appends to the chain until the transaction ends, so each row links to the one
    before it. Locking the tail row is not enough: a writer that waited on it would still read
    the old tail. SQLite needs nothing: its write transactions are already serial (IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


# Not a savepoint when the caller has a transaction: a failed append must fail the caller too.
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    actor: Any = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (inside the caller's transaction, so both land or neither).
    The chain is locked from here to COMMIT: call it last."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=str(actor) if actor is not None else "hệ thống",
        ip_address=client_address(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        data=json.loads(json.dumps(data or {}, default=str)),
    )
    _lock_chain()
    with connection.cursor() as cursor:
        cursor.execute(_TAIL)
        last = cursor.fetchone()
    event.prev_hash = last[0] if last else GENESIS
    event.hash = _digest(event.prev_hash, _content(event))
    event.save(force_insert=True)
    return event


def audit_problems() -> Iterator[str]:
    """Yield a Vietnamese description of every break in the chain (none when intact)."""
    expected_prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.prev_hash != expected_prev:
            yield f"Bản ghi #{event.pk}: mắt xích trước không khớp (có bản ghi bị xóa hoặc chèn)."
        if _digest(event.prev_hash, _content(event)) != event.hash:
            yield f"Bản ghi #{event.pk}: nội dung đã bị sửa sau khi ghi."
        expected_prev = event.hash
