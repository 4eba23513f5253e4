"""Settings checks for VNeID sign-in (run by `manage.py check` through the registry)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def vneid_settings_check() -> list[checks.CheckMessage]:
    """Half a configuration shows the button and then fails every sign-in, or hides it silently."""
    issuer = settings.MOTCUA_VNEID_ISSUER
    client_id = settings.MOTCUA_VNEID_CLIENT_ID
    if not issuer and not client_id:
        return []  # VNeID sign-in is off
    if not issuer.startswith(("https://", "http://")) or not client_id:
        return [
            checks.Error(
                "VNeID sign-in needs both MOTCUA_VNEID_ISSUER (an http(s) address) and "
                "MOTCUA_VNEID_CLIENT_ID.",
                hint="Set both, with MOTCUA_VNEID_CLIENT_SECRET, or neither.",
                id="motcua.vneid.E001",
            )
        ]
    if not settings.MOTCUA_VNEID_CLIENT_SECRET:
        return [
            checks.Error(
                "MOTCUA_VNEID_CLIENT_SECRET is empty: VNeID would refuse every code exchange.",
                id="motcua.vneid.E002",
            )
        ]
    return []


def vneid_deploy_check() -> list[checks.CheckMessage]:
    """`check --deploy` warns when sign-in points at a provider on this machine (the simulator)."""
    host = urlsplit(settings.MOTCUA_VNEID_ISSUER).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        return [
            checks.Warning(
                f"MOTCUA_VNEID_ISSUER={settings.MOTCUA_VNEID_ISSUER} is on this machine: the "
                "VNeID simulator approves anyone.",
                hint="Point MOTCUA_VNEID_ISSUER at the real VNeID issuer, or leave it empty.",
                id="motcua.vneid.W001",
            )
        ]
    return []
