from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.catalog.spreadsheet import export_filename, export_records, write_json, write_xlsx


class Command(BaseCommand):
    help = "Xuất toàn bộ danh mục thủ tục ra tệp JSON hoặc XLSX (nhập lại được)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["json", "xlsx"],
            help="Định dạng; mặc định theo đuôi tệp ra, nếu không thì JSON.",
        )
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="Tệp ra; mặc định danh-muc-thu-tuc-YYYYMMDD.<định dạng>.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        kind = options["format"] or ("xlsx" if output and output.suffix == ".xlsx" else "json")
        output = output or Path(export_filename(kind, timezone.localdate()))
        records = export_records()
        if kind == "xlsx":
            output.write_bytes(write_xlsx(records))
        else:
            output.write_bytes(write_json(records, timezone.localtime()))
        self.stdout.write(f"Đã xuất {len(records)} thủ tục vào {output}.")
