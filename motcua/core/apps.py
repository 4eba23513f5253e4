from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from motcua.core import checks as core_checks

        checks.register(core_checks.trusted_proxies_parse)
        checks.register(core_checks.shared_limits_in_production, checks.Tags.security, deploy=True)
