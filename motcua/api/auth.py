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


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user")
            .filter(digest=_digest(token), expires_at__gt=timezone.now())
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        request.user = record.user
        return record.user


# Session auth checks CSRF for unsafe methods, as a browser client must.
AUTH = [BearerAuth(), SessionAuth()]
