from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.services import catalog_import
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import DEMO_PASSWORD, STAFF, load_demo_organisation


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu minh họa: đơn vị, người dùng cán bộ, danh mục thủ tục. "
        "Chạy lại nhiều lần không thay đổi gì thêm."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_organisation()
        report = catalog_import(records=demo_records(), note="Nạp dữ liệu minh họa")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
        users = ", ".join(username for username, *_ in STAFF)
        self.stdout.write(f"Người dùng minh họa: {users} (mật khẩu {DEMO_PASSWORD}).")
