"""Bearer tokens for other systems (`POST /api/v1/auth/token`); browser sessions work too."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from motcua.accounts.models import User
from motcua.api.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(user: User) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        expires_at=timezone.now() + timedelta(seconds=settings.MOTCUA_API_TOKEN_TTL),
    )
    return token, record


# Every API request asks this: one statement written once, not an ORM query compiled each time
# (that compilation cost more CPU than the query itself). `raw` still converts each column.
_TOKEN_USER = (
    "SELECT "  # noqa: S608
    + ", ".join(f'u."{f.column}"' for f in User._meta.concrete_fields)
    + f' FROM "{User._meta.db_table}" u JOIN "{ApiToken._meta.db_table}" t ON t."user_id" = u."id"'
    ' WHERE t."digest" = %s AND t."expires_at" > %s'
)


def token_user(token: str) -> User | None:
    """The active user a valid, unexpired bearer token belongs to."""
    found = list(User.objects.raw(_TOKEN_USER, [_digest(token), timezone.now()]))
    if not found or not found[0].is_active:
        return None
    return found[0]


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        return user


# Session auth checks CSRF for unsafe methods, as a browser client must.
AUTH = [BearerAuth(), SessionAuth()]
