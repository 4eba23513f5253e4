import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.outbox.services import outbox_dispatch


class Command(BaseCommand):
    help = "Gửi các tin trong hàng đợi (thông báo, đồng bộ). Chạy lặp với --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="chạy liên tục")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent, failed = outbox_dispatch()
            if sent or failed or not options["loop"]:
                self.stdout.write(f"Đã gửi {sent}, lỗi {failed}.")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
