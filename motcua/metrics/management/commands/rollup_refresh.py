from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp (thống kê công khai, Bộ chỉ số 766, bảng điều hành, báo cáo "
        "Biểu II.06a, điểm đánh giá) từ hồ sơ; chạy hằng giờ, chạy hai lần vẫn an toàn. Mặc định: "
        "2 ngày gần nhất và mọi ngày có hồ sơ thay đổi từ lần chạy trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=2, help="số ngày gần nhất cần tính lại (kể cả hôm nay)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="tính lại từ hồ sơ đầu tiên (sau khi đổi lịch làm việc, cách tính hoặc bộ tiêu "
            "chí đánh giá)",
        )
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            help="tính lại từ ngày này (YYYY-MM-DD) đến nay (sau khi sửa hồ sơ trực tiếp)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        since: date | None = options["since"]
        if since is not None:
            if since > today:
                raise CommandError("--since phải là một ngày đã qua.")
            days = days_to_refresh(days=(today - since).days + 1)
        else:
            days = days_to_refresh(days=options["days"], everything=options["all"])
        run = rollup_refresh(days=days, everything=options["all"])
        span = f"{days[0]:%d/%m/%Y}–{days[-1]:%d/%m/%Y}" if days else "không có"
        self.stdout.write(
            f"Đã tính lại {len(days)} ngày ({span}): {run.rows} dòng số liệu, "
            f"{run.dossiers} hồ sơ chấm điểm đánh giá."
        )
