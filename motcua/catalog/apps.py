from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self) -> None:
        from motcua.catalog.reference import install

        post_migrate.connect(install, sender=self, dispatch_uid="motcua.catalog.reference")
