from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.models import AuditEvent
from motcua.audit.services import audit_problems


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký: phát hiện bản ghi bị sửa hoặc bị xóa."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(audit_problems())
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"Nhật ký không toàn vẹn: {len(problems)} lỗi.")
        self.stdout.write(f"Nhật ký toàn vẹn: {AuditEvent.objects.count()} bản ghi.")
