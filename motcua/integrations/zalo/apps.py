from django.apps import AppConfig


class ZaloConfig(AppConfig):
    """Installed for the simulator's table and its admin page."""

    name = "motcua.integrations.zalo"
    label = "zalo"
    verbose_name = "Tin Zalo (ZNS)"
