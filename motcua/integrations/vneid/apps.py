from django.apps import AppConfig


class VneidConfig(AppConfig):
    """No models: installed so that `manage.py vneid_simulator` is found."""

    name = "motcua.integrations.vneid"
    label = "vneid"
    verbose_name = "Đăng nhập VNeID"
