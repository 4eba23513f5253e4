from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "motcua.metrics"
    verbose_name = "Số liệu thống kê giải quyết hồ sơ"
