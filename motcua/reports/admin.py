from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.reports.models import LedgerRefresh, ReportingRules


@admin.register(ReportingRules)
class ReportingRulesAdmin(PermissionAdmin):
    """Cut-off days are time rules like the calendar: administrators change them; after a change,
    run `reports_refresh --all`."""

    view_perm = Perm.REPORTS_VIEW
    edit_perm = Perm.CALENDAR_EDIT
    list_display = ["effective_from", "start_day", "end_day", "legal_basis"]


@admin.register(LedgerRefresh)
class LedgerRefreshAdmin(PermissionAdmin):
    view_perm = Perm.REPORTS_VIEW
    list_display = ["started_at", "finished_at", "first_day", "last_day", "days", "rows"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
