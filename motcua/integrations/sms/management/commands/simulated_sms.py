from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.localtime import format_datetime
from motcua.integrations.sms.models import SimulatedSms


class Command(BaseCommand):
    help = "In các tin nhắn SMS mô phỏng gần nhất (mã xác thực khi chạy thử)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--to", default="", help="chỉ tin gửi tới số này (dạng +84…)")

    def handle(self, *args: Any, **options: Any) -> None:
        messages = SimulatedSms.objects.all()
        if options["to"]:
            messages = messages.filter(to=options["to"])
        for sms in messages[: options["limit"]]:
            self.stdout.write(f"{format_datetime(sms.sent_at)}  {sms.to}  {sms.text}")
