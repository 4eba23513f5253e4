"""System checks for the settings this app reads: proxies, shared limits (`check --deploy`)."""

import ipaddress
from typing import Any

from django.conf import settings
from django.core import checks


def trusted_proxies_parse(**kwargs: Any) -> list[checks.CheckMessage]:
    """A mistyped proxy address would fail every request that asks for the client's address."""
    problems: list[checks.CheckMessage] = []
    for entry in settings.MOTCUA_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            problems.append(
                checks.Error(
                    f"MOTCUA_TRUSTED_PROXIES: {entry!r} is not an IP address or network.",
                    hint="Comma-separated addresses or networks, e.g. 127.0.0.1,10.0.0.0/8.",
                    id="motcua.core.E001",
                )
            )
    return problems


def shared_limits_in_production(**kwargs: Any) -> list[checks.CheckMessage]:
    """Rate limits must be shared by every app process and server: Redis in production."""
    problems: list[checks.CheckMessage] = []
    backend = settings.CACHES.get("limits", {}).get("BACKEND", "")
    if not backend.endswith("RedisCache"):
        problems.append(
            checks.Warning(
                "Rate limits and sign-in lock-outs are not in Redis (REDIS_URL is unset).",
                hint="Set REDIS_URL (docs/operations.md, 'Sign-in throttling and rate limits').",
                id="motcua.core.W001",
            )
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.MOTCUA_TRUSTED_PROXIES:
        problems.append(
            checks.Warning(
                "Behind a TLS proxy (SECURE_PROXY_SSL_HEADER) but MOTCUA_TRUSTED_PROXIES is "
                "empty: every request seems to come from the proxy, so all clients share one "
                "rate limit and the audit log records the proxy's address.",
                hint="Set MOTCUA_TRUSTED_PROXIES to the proxy's address or network.",
                id="motcua.core.W002",
            )
        )
    return problems
