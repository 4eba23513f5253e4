from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.integrations.zalo.models import SimulatedZaloMessage


@admin.register(SimulatedZaloMessage)
class SimulatedZaloMessageAdmin(PermissionAdmin[SimulatedZaloMessage]):
    """Read-only: what the Zalo simulator accepted (applicants' phones: administrators only)."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["sent_at", "phone", "tracking_id", "data"]
    search_fields = ["phone", "tracking_id"]
    readonly_fields = ["sent_at", "phone", "template_id", "data", "tracking_id", "msg_id"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
