from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from motcua.core import checks as core_checks
        from motcua.core.reference import install

        post_migrate.connect(install, sender=self, dispatch_uid="motcua.core.reference")

        checks.register(core_checks.trusted_proxies_parse)
        checks.register(core_checks.shared_limits_in_production, checks.Tags.security, deploy=True)
