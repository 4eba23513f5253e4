from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.alerts import deadline_alerts_sweep


class Command(BaseCommand):
    help = "Cảnh báo hồ sơ và bước xử lý sắp đến hạn hoặc đã quá hạn (chạy định kỳ)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = deadline_alerts_sweep()
        self.stdout.write(
            f"Bước sắp đến hạn: {result.steps_due_soon}; hồ sơ sắp đến hạn: "
            f"{result.dossiers_due_soon}; hồ sơ quá hạn: {result.dossiers_late}."
        )
