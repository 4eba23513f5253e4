from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "motcua.scheduler"
    verbose_name = "Lịch chạy định kỳ"
