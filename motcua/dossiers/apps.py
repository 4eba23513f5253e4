from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        # Registers the outbox handlers for dossier events and warnings.
        from motcua.dossiers import notifications  # noqa: F401
