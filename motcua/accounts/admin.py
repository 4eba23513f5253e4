from typing import TypeVar

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.models import (
    CitizenProfile,
    Membership,
    Representation,
    SignInLockout,
    Unit,
    User,
)
from motcua.accounts.permissions import Perm, has_perm, person
from motcua.accounts.signin import sign_in_lockout_lift

ModelT = TypeVar("ModelT", bound=Model)
ParentT = TypeVar("ParentT", bound=Model)


class PermissionAdmin(admin.ModelAdmin[ModelT]):
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


class PermissionInline(admin.TabularInline[ModelT, ParentT]):
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
class UnitAdmin(PermissionAdmin[Unit]):
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


class MembershipInline(PermissionInline[Membership, User]):
    model = Membership
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(PermissionAdmin[User], BaseUserAdmin[User]):
    view_perm = Perm.UNITS_MANAGE
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]
    search_fields = ["username", "full_name", "email", "id_number"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Thông tin thêm", {"fields": ("full_name", "phone", "id_number")}),
    )


@admin.register(Representation)
class RepresentationAdmin(PermissionAdmin[Representation]):
    """Staff check the power of attorney and mark the representation verified."""

    view_perm = Perm.UNITS_MANAGE
    list_display = ["representative", "principal_name", "principal_id_number", "kind", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["principal_name", "principal_id_number", "representative__username"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(PermissionAdmin[CitizenProfile]):
    view_perm = Perm.UNITS_MANAGE
    edit_perm = "nobody"  # written by the sign-in services only
    list_display = ["user"]
    search_fields = ["user__username"]


class LockoutActiveFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "active"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [("yes", "Đang khóa"), ("no", "Đã hết hạn hoặc đã mở")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[SignInLockout]
    ) -> QuerySet[SignInLockout]:
        active = {"lifted_at__isnull": True, "locked_until__gt": timezone.now()}
        if self.value() == "yes":
            return queryset.filter(**active)
        if self.value() == "no":
            return queryset.exclude(**active)
        return queryset


@admin.register(SignInLockout)
class SignInLockoutAdmin(PermissionAdmin[SignInLockout]):
    """Password sign-in lock-outs; an administrator lifts one with the "Mở khóa" action."""

    view_perm = Perm.UNITS_MANAGE
    edit_perm = "nobody"  # written by the sign-in service only; lifted by the action below
    list_display = ["locked_at", "scope", "subject", "address", "locked_until", "lifted_at"]
    list_filter = [LockoutActiveFilter, "scope"]
    search_fields = ["subject", "address"]
    ordering = ["-locked_at"]
    actions = ["lift"]

    @admin.action(description="Mở khóa đăng nhập", permissions=["lift"])
    def lift(self, request: HttpRequest, queryset: QuerySet[SignInLockout]) -> None:
        count = 0
        for lockout in queryset:
            sign_in_lockout_lift(lockout=lockout, actor=person(request))
            count += 1
        messages.success(request, f"Đã mở khóa {count} khóa đăng nhập.")

    def has_lift_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, Perm.UNITS_MANAGE)
