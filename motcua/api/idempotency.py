"""Idempotency-Key handling for write endpoints a client may retry.

The key row is inserted in the same transaction as the write: a concurrent retry with the same key
waits on the unique index, then finds the stored answer instead of writing twice.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError

from motcua.accounts.permissions import person
from motcua.api.models import IdempotencyKey
from motcua.api.rendering import VietnamJSONEncoder

Result = tuple[int, dict[str, Any]]

_TABLE = IdempotencyKey._meta.db_table
# `DO NOTHING` instead of catching IntegrityError: no savepoint, and a retry racing the first
# request waits on the unique index until that one commits (then finds its row) or rolls back
# (then inserts its own).
_CLAIM = (
    f'INSERT INTO "{_TABLE}" ("user_id", "scope", "key", "body_hash", "status_code", '  # noqa: S608
    '"response", "created_at") VALUES (%s, %s, %s, %s, 0, \'{}\', %s) '
    'ON CONFLICT ("user_id", "scope", "key") DO NOTHING RETURNING "id"'
)

_ANSWER = f'UPDATE "{_TABLE}" SET "status_code" = %s, "response" = %s WHERE "id" = %s'  # noqa: S608


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
    user = person(request)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _CLAIM,
                [
                    user.pk,
                    scope,
                    key,
                    digest,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                ],
            )
            claimed = cursor.fetchone()
        if claimed is None:
            stored = IdempotencyKey.objects.get(user=user, scope=scope, key=key)
            if stored.body_hash != digest:
                raise HttpError(409, "Idempotency-Key này đã được dùng cho một yêu cầu khác.")
            return stored.status_code, stored.response
        status, response = produce()
        with connection.cursor() as cursor:
            cursor.execute(
                _ANSWER, [status, json.dumps(response, cls=VietnamJSONEncoder), claimed[0]]
            )
        return status, response
