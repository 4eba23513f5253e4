from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(PermissionAdmin[Notification]):
    """Read-only delivery log: every message MotCua sent (notices to applicants, warnings to
    officers, one-time codes, masked), on which channel, and whether it went out
    (administrators and directors, who also read the audit log)."""

    view_perm = Perm.AUDIT_READ
    list_display = [
        "created_at",
        "kind",
        "dossier_code",
        "channel",
        "destination",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["dossier_code", "destination"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
