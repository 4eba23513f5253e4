import os
from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.core.numbers import vn_number
from motcua.demo.simulation import SimulationError, Summary, simulate_year
from motcua.demo.simulation_bulk import BATCH, simulate_year_bulk

# The rollup rebuilt after a bulk import, when the app that owns it is installed.
REFRESHES: tuple[tuple[str, dict[str, Any]], ...] = (("rollup_refresh", {"all": True}),)


class Command(BaseCommand):
    help = (
        "Mô phỏng một năm hồ sơ (thủ tục, kênh nộp, thời gian từng bước, bổ sung, trễ hạn, "
        "xin lỗi, rút hồ sơ). Mặc định qua đúng các dịch vụ nghiệp vụ, với thời điểm trong quá "
        "khứ do tài khoản quantri ghi lại: phù hợp đến vài nghìn hồ sơ (khoảng 0,1–0,3 s mỗi hồ "
        "sơ trên SQLite). Với hàng triệu hồ sơ: --bulk ghi thẳng các dòng cuối cùng (cùng kế "
        "hoạch, cùng kết quả; xem docs/operations.md, mục «Simulated year»). Cần chạy load_demo "
        "trước."
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
                "ghi hàng loạt cho hàng triệu hồ sơ: cùng kế hoạch và diễn biến, ghi thẳng các "
                "dòng cuối cùng theo lô (không nhật ký từng sự kiện, không thông báo)"
            ),
        )
        parser.add_argument(
            "--batch", type=int, default=BATCH, help="--bulk: số hồ sơ mỗi giao dịch"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="--bulk: số tiến trình ghi song song (1: trong tiến trình này)",
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="--bulk: không tính lại số liệu thống kê, báo cáo sau khi ghi",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] < 1:
            raise CommandError("--dossiers phải là số nguyên dương.")
        if options["batch"] < 1 or options["workers"] < 1:
            raise CommandError("--batch và --workers phải là số nguyên dương.")
        try:
            if options["bulk"]:
                summary = self.bulk(options)
            else:
                summary = simulate_year(
                    dossiers=options["dossiers"],
                    year=options["year"],
                    seed=options["seed"],
                    progress=self.progress,
                    every=max(1, options["every"]),
                )
        except SimulationError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
        if options["bulk"]:
            self.refresh(options["no_refresh"])

    def progress(self, summary: Summary) -> None:
        self.stdout.write(f"… {summary.dossiers} hồ sơ ({summary.seconds:.1f} s)")

    def bulk(self, options: dict[str, Any]) -> Summary:
        total = options["dossiers"]

        def progress(summary: Summary) -> None:
            rate = summary.dossiers / summary.seconds if summary.seconds else 0.0
            left = (total - summary.dossiers) / rate if rate else 0.0
            self.stdout.write(
                f"… {vn_number(summary.dossiers)}/{vn_number(total)} hồ sơ, "
                f"{vn_number(rate)} hồ sơ/s, còn khoảng {vn_number(left)} s"
            )

        return simulate_year_bulk(
            dossiers=total,
            year=options["year"],
            seed=options["seed"],
            batch=options["batch"],
            workers=options["workers"],
            progress=progress,
        )

    def refresh(self, skip: bool) -> None:
        known = get_commands()
        for name, kwargs in REFRESHES:
            if name not in known:
                continue
            flags = " --all" if kwargs.get("all") else ""
            if skip:
                self.stdout.write(f"Chưa tính lại: hãy chạy «python manage.py {name}{flags}».")
                continue
            self.stdout.write(f"Đang chạy {name}{flags} …")
            call_command(name, stdout=self.stdout, **kwargs)
