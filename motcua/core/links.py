"""Absolute links the system prints or sends (slip QR codes, messages, e-mails), all built from
one setting, MOTCUA_PUBLIC_URL: the address people reach the site at, never the request's Host
header (a proxy or an attacker may change it) nor the port a worker happens to know."""

from django.conf import settings
from django.urls import reverse


def public_url(path: str = "/") -> str:
    """`path` (starting with "/") on the site's public address."""
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def public_url_for(name: str, *args: object) -> str:
    """The public address of the named URL pattern."""
    return public_url(reverse(name, args=args))
