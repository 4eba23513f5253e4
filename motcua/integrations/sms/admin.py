from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.integrations.sms.models import SimulatedSms


@admin.register(SimulatedSms)
class SimulatedSmsAdmin(PermissionAdmin[SimulatedSms]):
    """Read-only: what the simulator would have sent (it holds sign-in codes, so administrators
    only)."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["sent_at", "to", "text"]
    search_fields = ["to"]
    readonly_fields = ["sent_at", "to", "text"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
