from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.dossiers.simulation import SimulationError, Summary, simulate_year


class Command(BaseCommand):
    help = (
        "Mô phỏng một năm hồ sơ (thủ tục, kênh nộp, thời gian từng bước, bổ sung, trễ hạn, "
        "xin lỗi, rút hồ sơ) qua đúng các dịch vụ nghiệp vụ, với thời điểm trong quá khứ do tài "
        "khoản quantri ghi lại. Cần chạy load_demo trước. Phù hợp đến vài nghìn hồ sơ "
        "(khoảng 0,1–0,3 s mỗi hồ sơ trên SQLite). Với hàng triệu hồ sơ: --bulk (xem "
        "docs/operations.md, mục «Simulated year»: ghi thẳng các dòng cuối bằng COPY/bulk_create, "
        "bỏ qua dịch vụ từng sự kiện; chưa cài đặt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=500, help="số hồ sơ cần tạo")
        parser.add_argument(
            "--year",
            type=int,
            default=timezone.localdate().year - 1,
            help="năm mô phỏng (mặc định năm trước; năm nay thì dừng ở thời điểm hiện tại)",
        )
        parser.add_argument("--seed", type=int, default=2025, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--every", type=int, default=100, help="in tiến độ sau mỗi chừng ấy hồ sơ"
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help=(
                "đường ghi hàng loạt cho hàng triệu hồ sơ (COPY/bulk_create các dòng cuối, "
                "không qua dịch vụ từng sự kiện); chưa cài đặt, xem docs/operations.md"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bulk"]:
            raise CommandError(
                "Đường ghi hàng loạt (--bulk) chưa được cài đặt; xem docs/operations.md, "
                "mục «Simulated year». Bỏ --bulk để mô phỏng qua các dịch vụ."
            )
        if options["dossiers"] < 1:
            raise CommandError("--dossiers phải là số nguyên dương.")

        def progress(summary: Summary) -> None:
            self.stdout.write(f"… {summary.dossiers} hồ sơ ({summary.seconds:.1f} s)")

        try:
            summary = simulate_year(
                dossiers=options["dossiers"],
                year=options["year"],
                seed=options["seed"],
                progress=progress,
                every=max(1, options["every"]),
            )
        except SimulationError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
