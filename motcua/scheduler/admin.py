from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.scheduler.models import Schedule, ScheduledRun
from motcua.scheduler.services import task_for


class ScheduleForm(ModelForm[Schedule]):
    def clean_task_path(self) -> str:
        path: str = self.cleaned_data["task_path"]
        try:
            task_for(Schedule(task_path=path))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return path


@admin.register(Schedule)
class ScheduleAdmin(PermissionAdmin[Schedule]):
    """The schedule is data: an administrator changes a period or pauses a sweep here."""

    view_perm = Perm.UNITS_MANAGE
    form = ScheduleForm
    list_display = ["name", "description", "every_seconds", "offset_seconds", "enabled"]
    list_editable = ["enabled"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(PermissionAdmin[ScheduledRun]):
    """Read-only: which slots were enqueued, and which were skipped because the last run was
    still busy."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["schedule", "slot", "created_at", "outcome", "task_result_id"]
    list_filter = ["schedule", "outcome"]
    date_hierarchy = "slot"

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
