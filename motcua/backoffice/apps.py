from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BackofficeConfig(AppConfig):
    name = "motcua.backoffice"
    verbose_name = "Nghiệp vụ cán bộ"
    default = True


class MotcuaAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site whose login goes through the sign-in throttle."""

    default = False
    default_site = "motcua.backoffice.sign_in.MotcuaAdminSite"
