from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SmsConfig(AppConfig):
    name = "motcua.integrations.sms"
    label = "sms"
    verbose_name = "Tin nhắn SMS"

    def ready(self) -> None:
        checks.register(simulated_sms_in_production, checks.Tags.security, deploy=True)


def simulated_sms_in_production(**kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy` warns when text messages would only be recorded, never sent."""
    if getattr(settings, "MOTCUA_SMS_PROVIDER", "simulator") == "simulator":
        return [
            checks.Warning(
                "MOTCUA_SMS_PROVIDER=simulator: SMS are recorded in the database, not sent.",
                hint="Set MOTCUA_SMS_PROVIDER=http, MOTCUA_SMS_URL and MOTCUA_SMS_API_KEY.",
                id="motcua.sms.W001",
            )
        ]
    return []
