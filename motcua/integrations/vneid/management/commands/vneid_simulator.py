import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.integrations.vneid.simulator import FAILURES, SimulatedIdentity, VneidSimulator


class Command(BaseCommand):
    help = (
        "Chạy máy chủ VNeID mô phỏng (OpenID Connect) để thử đăng nhập VNeID trên máy phát triển."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--client-id", default="motcua-local")
        parser.add_argument("--client-secret", default="motcua-local-secret")
        parser.add_argument("--name", default="Nguyễn Văn Thử")
        parser.add_argument("--cccd", default="001099012345")
        parser.add_argument("--phone", default="+84912345678")
        parser.add_argument("--sub", default="vneid-sim-0001")
        parser.add_argument("--failure", choices=FAILURES, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        simulator = VneidSimulator(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            identity=SimulatedIdentity(
                sub=options["sub"],
                name=options["name"],
                citizen_id=options["cccd"],
                phone_number=options["phone"],
            ),
            port=options["port"],
        )
        simulator.failure = options["failure"]
        self.stdout.write(
            f"VNeID mô phỏng: {simulator.issuer} (tự chấp thuận {options['name']}).\n"
            "Chạy MotCua với:\n"
            f"  MOTCUA_VNEID_ISSUER={simulator.issuer}\n"
            f"  MOTCUA_VNEID_CLIENT_ID={options['client_id']}\n"
            f"  MOTCUA_VNEID_CLIENT_SECRET={options['client_secret']}\n"
            "Ctrl+C để dừng."
        )
        with contextlib.suppress(KeyboardInterrupt):
            simulator.serve_forever()
