import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from motcua.scheduler.services import scheduler_tick


class Command(BaseCommand):
    help = (
        "Bộ lập lịch: đưa các việc định kỳ (gửi tin, cảnh báo hạn, tổng hợp số liệu…) vào hàng "
        "đợi theo bảng Lịch chạy định kỳ; chạy nhiều bộ cùng lúc vẫn an toàn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="xét lịch một lần rồi thoát")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="số giây giữa hai lần xét lịch"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            close_old_connections()
            result = scheduler_tick()
            for name in result.enqueued:
                self.stdout.write(f"Đã đưa vào hàng đợi: {name}")
            for name in result.failed:
                self.stderr.write(f"Lịch {name}: không tìm thấy tác vụ (xem nhật ký).")
            if options["once"]:
                return
            deadline = time.monotonic() + options["interval"]
            while running and time.monotonic() < deadline:
                time.sleep(0.2)  # short naps, so Ctrl-C or SIGTERM stops it at once
        self.stdout.write("Bộ lập lịch đã dừng.")
