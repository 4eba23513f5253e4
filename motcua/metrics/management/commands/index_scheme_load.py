import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics.services import index_scheme_load

SHIPPED = Path(__file__).resolve().parents[2] / "schemes"


class Command(BaseCommand):
    help = (
        "Nạp một phiên bản bộ chỉ số 766 từ tệp JSON (xem motcua/metrics/schemes/). "
        "Không ghi đè phiên bản cùng mã hoặc cùng ngày áp dụng, trừ khi có --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp JSON, hoặc tên một tệp có sẵn trong schemes/")
        parser.add_argument("--replace", action="store_true", help="thay phiên bản đang có")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            path = SHIPPED / options["path"]
        try:
            definition = json.loads(path.read_text(encoding="utf-8"))
            scheme = index_scheme_load(definition=definition, replace=options["replace"])
        except (OSError, ValueError) as exc:  # SchemeError and JSON errors are ValueErrors
            raise CommandError(f"Không nạp được {path}: {exc}") from exc
        if scheme.definition != definition:
            self.stdout.write(
                f"Đã có phiên bản {scheme.code} cùng mã hoặc cùng ngày áp dụng; "
                "dùng --replace để thay."
            )
            return
        self.stdout.write(f"Đã nạp {scheme} ({scheme.code}).")
