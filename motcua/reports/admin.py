from django.contrib import admin

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.reports.models import ReportingRules


@admin.register(ReportingRules)
class ReportingRulesAdmin(PermissionAdmin[ReportingRules]):
    """Cut-off days are time rules like the calendar: administrators change them. The rollup is
    kept by day, so a change needs no refresh: the next report reads the new periods."""

    view_perm = Perm.REPORTS_VIEW
    edit_perm = Perm.CALENDAR_EDIT
    list_display = ["effective_from", "start_day", "end_day", "legal_basis"]
