from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.reports.services import ledger_refresh, reports_refresh


class Command(BaseCommand):
    help = (
        "Tổng hợp lại số liệu ngày cho báo cáo định kỳ Biểu II.06a (chạy hằng giờ, sau "
        "stats_refresh; chạy hai lần vẫn an toàn). Mặc định: 2 ngày gần nhất và mọi ngày kể từ "
        "thay đổi sớm nhất của hồ sơ từ lần chạy trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=2, help="số ngày gần nhất cần tính lại (kể cả hôm nay)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="tính lại từ hồ sơ đầu tiên (sau khi đổi lịch làm việc, kỳ báo cáo hoặc sửa dữ "
            "liệu trực tiếp)",
        )
        parser.add_argument(
            "--since", type=date.fromisoformat, help="tính lại từ ngày này (YYYY-MM-DD) đến nay"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["since"] is not None:
            today = timezone.localdate()
            if options["since"] > today:
                raise CommandError("--since phải là một ngày đã qua.")
            run = ledger_refresh(first_day=options["since"], last_day=today)
        else:
            found = reports_refresh(days=options["days"], everything=options["all"])
            if found is None:
                self.stdout.write("Chưa có hồ sơ nào: không có gì để tổng hợp.")
                return
            run = found
        assert run.first_day is not None
        assert run.last_day is not None
        self.stdout.write(
            f"Đã tính lại {run.days} ngày ({run.first_day:%d/%m/%Y}–{run.last_day:%d/%m/%Y}): "
            f"{run.rows} dòng số liệu."
        )
