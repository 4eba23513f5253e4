from django.apps import AppConfig
from django.core import checks


class IntegrationsConfig(AppConfig):
    """Installed so that every outside system's settings are checked (`manage.py check`)."""

    name = "motcua.integrations"
    label = "integrations"
    verbose_name = "Hệ thống bên ngoài"

    def ready(self) -> None:
        from motcua.integrations.registry import integrations_check, integrations_deploy_check

        checks.register(integrations_check)
        checks.register(integrations_deploy_check, checks.Tags.security, deploy=True)
