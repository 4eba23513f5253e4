"""Settings check for the ClamAV daemon (run by `manage.py check` through the registry)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def clamav_settings_check() -> list[checks.CheckMessage]:
    """A mistyped address would refuse every upload (a scan that cannot run fails closed)."""
    url = settings.MOTCUA_CLAMD_URL
    if not url:
        return []  # uploads are not scanned
    parts = urlsplit(url)
    if (parts.scheme == "tcp" and parts.hostname) or (parts.scheme == "unix" and parts.path):
        return []
    return [
        checks.Error(
            f"MOTCUA_CLAMD_URL={url!r} is neither tcp://host:port nor unix:///path.",
            hint="For example tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl.",
            id="motcua.clamav.E001",
        )
    ]
