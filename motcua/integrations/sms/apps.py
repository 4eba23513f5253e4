from django.apps import AppConfig


class SmsConfig(AppConfig):
    """Installed for the simulator's table, its admin page and `manage.py simulated_sms`."""

    name = "motcua.integrations.sms"
    label = "sms"
    verbose_name = "Tin nhắn SMS"
