from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.importing import CatalogFileError
from motcua.catalog.services import catalog_import
from motcua.catalog.spreadsheet import read_catalog_file


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục từ tệp JSON hoặc XLSX. Nếu tệp có lỗi, không lưu gì và in "
        "danh sách lỗi theo từng dòng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp JSON hoặc XLSX")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
        try:
            records, read_errors = read_catalog_file(raw)
        except CatalogFileError as exc:
            raise CommandError(str(exc)) from exc
        report = catalog_import(
            records=records, read_errors=read_errors, note=f"Nhập danh mục từ tệp {path.name}"[:200]
        )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
