"""Settings checks for Zalo ZNS (run by `manage.py check` through the registry)."""

from django.conf import settings
from django.core import checks

from motcua.integrations.zalo.client import MODES


def zalo_settings_check() -> list[checks.CheckMessage]:
    """A mode that does not exist, or ZNS chosen without token and template, fails every send."""
    mode = settings.MOTCUA_ZALO_PROVIDER
    if mode not in MODES:
        return [
            checks.Error(
                f"MOTCUA_ZALO_PROVIDER={mode!r} is neither 'simulator' nor 'http'.",
                id="motcua.zalo.E001",
            )
        ]
    missing = [
        name
        for name in ("MOTCUA_ZALO_TOKEN", "MOTCUA_ZALO_TEMPLATE_ID")
        if mode == "http" and not getattr(settings, name)
    ]
    if missing:
        return [
            checks.Error(
                f"MOTCUA_ZALO_PROVIDER=http needs {' and '.join(missing)}.",
                hint="The Official Account's access token and its approved ZNS template's id.",
                id="motcua.zalo.E002",
            )
        ]
    return []


def zalo_deploy_check() -> list[checks.CheckMessage]:
    """`check --deploy` warns when Zalo messages would only be recorded, never sent."""
    if settings.MOTCUA_ZALO_PROVIDER == "simulator":
        return [
            checks.Warning(
                "MOTCUA_ZALO_PROVIDER=simulator: Zalo messages are recorded, not sent.",
                hint="Set MOTCUA_ZALO_PROVIDER=http, MOTCUA_ZALO_TOKEN, MOTCUA_ZALO_TEMPLATE_ID.",
                id="motcua.zalo.W001",
            )
        ]
    return []
