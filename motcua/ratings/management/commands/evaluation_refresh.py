from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.ratings.services import evaluation_refresh


class Command(BaseCommand):
    help = (
        "Tính điểm đánh giá việc giải quyết TTHC (TT 01/2018) cho các hồ sơ có thay đổi hoặc có "
        "đánh giá mới từ lần chạy trước (chạy hằng giờ; chạy hai lần vẫn an toàn)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="tính lại mọi hồ sơ (sau khi đổi bộ tiêu chí, lịch làm việc hoặc cách tính)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = evaluation_refresh(everything=options["all"])
        self.stdout.write(f"Đã tính điểm đánh giá cho {run.dossiers} hồ sơ.")
