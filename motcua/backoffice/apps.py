from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "motcua.backoffice"
    verbose_name = "Nghiệp vụ cán bộ"
