from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.workdays.models import CalendarOverride, Deadline, DeadlineChange, DeadlineRules
from motcua.workdays.services import calendar_override_delete, calendar_override_save


def _report(request: HttpRequest, moved: list[Deadline]) -> None:
    if moved:
        messages.warning(
            request, f"Đã tính lại {len(moved)} thời hạn bị ảnh hưởng bởi thay đổi này."
        )
    else:
        messages.info(request, "Không có thời hạn nào đang theo dõi bị ảnh hưởng.")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(PermissionAdmin[CalendarOverride]):
    edit_perm = Perm.CALENDAR_EDIT
    list_display = ["day", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    fields = ["day", "kind", "name", "legal_basis"]

    # Every change goes through the service so affected deadlines are recomputed and audited.
    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarOverride,
        form: ModelForm[CalendarOverride],
        change: bool,
    ) -> None:
        if change and "day" in form.changed_data:
            old = CalendarOverride.objects.get(pk=obj.pk)
            _report(request, calendar_override_delete(override=old, request=request))
        saved, moved = calendar_override_save(
            day=obj.day,
            kind=obj.kind,
            name=obj.name,
            legal_basis=obj.legal_basis,
            actor=request.user,
            request=request,
        )
        obj.pk = saved.pk
        _report(request, moved)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        _report(
            request, calendar_override_delete(override=obj, actor=request.user, request=request)
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(DeadlineRules)
class DeadlineRulesAdmin(PermissionAdmin[DeadlineRules]):
    edit_perm = Perm.CALENDAR_EDIT
    list_display = [
        "effective_from",
        "legal_basis",
        "cutoff",
        "supplement_policy",
        "due_basis",
        "form_set",
    ]


class DeadlineChangeInline(admin.TabularInline[DeadlineChange, Deadline]):
    model = DeadlineChange
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "previous_due_at", "new_due_at", "cause"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Deadline)
class DeadlineAdmin(PermissionAdmin[Deadline]):
    edit_perm = "nobody"  # deadlines change only through services
    list_display = ["label", "received_at", "due_at", "duration_value", "duration_unit", "is_open"]
    list_filter = ["is_open", "duration_unit", "owner_type"]
    search_fields = ["label", "owner_id"]
    inlines = [DeadlineChangeInline]
    readonly_fields = [f.name for f in Deadline._meta.fields]
