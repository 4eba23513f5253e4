"""Settings checks for the SMS gateway (run by `manage.py check` through the registry)."""

from django.conf import settings
from django.core import checks

from motcua.integrations.sms.client import MODES


def sms_settings_check() -> list[checks.CheckMessage]:
    """A mode that does not exist, or the gateway chosen without its address, fails every send."""
    mode = settings.MOTCUA_SMS_PROVIDER
    if mode not in MODES:
        return [
            checks.Error(
                f"MOTCUA_SMS_PROVIDER={mode!r} is neither 'simulator' nor 'http'.",
                id="motcua.sms.E001",
            )
        ]
    if mode == "http" and not settings.MOTCUA_SMS_URL.startswith(("https://", "http://")):
        return [
            checks.Error(
                "MOTCUA_SMS_PROVIDER=http needs MOTCUA_SMS_URL, the gateway's http(s) address.",
                id="motcua.sms.E002",
            )
        ]
    return []


def sms_deploy_check() -> list[checks.CheckMessage]:
    """`check --deploy` warns when text messages would only be recorded, never sent."""
    if settings.MOTCUA_SMS_PROVIDER == "simulator":
        return [
            checks.Warning(
                "MOTCUA_SMS_PROVIDER=simulator: SMS are recorded in the database, not sent.",
                hint="Set MOTCUA_SMS_PROVIDER=http, MOTCUA_SMS_URL and MOTCUA_SMS_API_KEY.",
                id="motcua.sms.W001",
            )
        ]
    return []
