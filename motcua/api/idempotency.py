"""Idempotency-Key handling for write endpoints a client may retry.

The key row is inserted in the same transaction as the write: a concurrent retry with the same key
waits on the unique index, then finds the stored answer instead of writing twice.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja.errors import HttpError

from motcua.accounts.permissions import person
from motcua.api.models import IdempotencyKey
from motcua.api.rendering import VietnamJSONEncoder

Result = tuple[int, dict[str, Any]]


def _hash(body: Any) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def idempotent(
    request: HttpRequest, scope: str, body: Any, produce: Callable[[], Result]
) -> Result:
    """Run `produce` once per (user, scope, Idempotency-Key); replay its answer for retries."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return produce()
    if len(key) > 128:
        raise HttpError(422, "Idempotency-Key dài quá 128 ký tự.")
    digest = _hash(body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=person(request), scope=scope, key=key, body_hash=digest
                )
        except IntegrityError:
            stored = IdempotencyKey.objects.get(user=person(request), scope=scope, key=key)
            if stored.body_hash != digest:
                raise HttpError(
                    409, "Idempotency-Key này đã được dùng cho một yêu cầu khác."
                ) from None
            return stored.status_code, stored.response
        status, response = produce()
        record.status_code = status
        record.response = json.loads(json.dumps(response, cls=VietnamJSONEncoder))
        record.save(update_fields=["status_code", "response"])
        return status, response
