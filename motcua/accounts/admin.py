from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from motcua.accounts.models import CitizenProfile, Membership, Representation, Unit, User
from motcua.accounts.permissions import Perm, has_perm


class PermissionAdmin(admin.ModelAdmin):
    """Admin whose every right comes from `accounts.permissions`, not Django's model perms."""

    view_perm = Perm.BACKOFFICE
    edit_perm = Perm.UNITS_MANAGE

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, self.view_perm)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.view_perm)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return has_perm(request.user, self.edit_perm)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.edit_perm)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.edit_perm)


class PermissionInline(admin.TabularInline):
    edit_perm = Perm.UNITS_MANAGE
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, Perm.BACKOFFICE)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.edit_perm)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.edit_perm)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return has_perm(request.user, self.edit_perm)


@admin.register(Unit)
class UnitAdmin(PermissionAdmin):
    list_display = ["code", "name", "kind", "parent", "place_name", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "head"]
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "parent", "is_active")}),
        (
            "Thông tin in trên biểu mẫu",
            {"fields": ("place_name", "address", "phone", "head", "head_title")},
        ),
    )


class MembershipInline(PermissionInline):
    model = Membership
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(PermissionAdmin, BaseUserAdmin):
    view_perm = Perm.UNITS_MANAGE
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]
    search_fields = ["username", "full_name", "email", "id_number"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Thông tin thêm", {"fields": ("full_name", "phone", "id_number")}),
    )


@admin.register(Representation)
class RepresentationAdmin(PermissionAdmin):
    """Staff check the power of attorney and mark the representation verified."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["representative", "principal_name", "principal_id_number", "kind", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["principal_name", "principal_id_number", "representative__username"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(PermissionAdmin):
    view_perm = Perm.UNITS_MANAGE
    edit_perm = "nobody"  # written by the sign-in services only
    list_display = ["user"]
    search_fields = ["user__username"]
