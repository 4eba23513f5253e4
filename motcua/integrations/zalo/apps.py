from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ZaloConfig(AppConfig):
    name = "motcua.integrations.zalo"
    label = "zalo"
    verbose_name = "Tin Zalo (ZNS)"

    def ready(self) -> None:
        checks.register(simulated_zalo_in_production, checks.Tags.security, deploy=True)


def simulated_zalo_in_production(**kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy` warns when Zalo messages would only be recorded, never sent."""
    if getattr(settings, "MOTCUA_ZALO_PROVIDER", "simulator") == "simulator":
        return [
            checks.Warning(
                "MOTCUA_ZALO_PROVIDER=simulator: Zalo messages are recorded, not sent.",
                hint="Set MOTCUA_ZALO_PROVIDER=http, MOTCUA_ZALO_TOKEN, MOTCUA_ZALO_TEMPLATE_ID.",
                id="motcua.zalo.W001",
            )
        ]
    return []
