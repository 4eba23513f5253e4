from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import stats_refresh


class Command(BaseCommand):
    help = (
        "Tính lại số liệu thống kê công khai theo ngày (chạy hằng giờ; chạy hai lần vẫn an toàn). "
        "Mặc định: 2 ngày gần nhất và mọi ngày có hồ sơ thay đổi từ lần chạy trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=2, help="số ngày gần nhất cần tính lại (kể cả hôm nay)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="tính lại từ hồ sơ đầu tiên (sau khi đổi lịch làm việc hoặc cách tính)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = days_to_refresh(days=options["days"], everything=options["all"])
        run = stats_refresh(days=days)
        span = f"{days[0]:%d/%m/%Y}–{days[-1]:%d/%m/%Y}" if days else "không có"
        self.stdout.write(f"Đã tính lại {len(days)} ngày ({span}): {run.rows} dòng số liệu.")
