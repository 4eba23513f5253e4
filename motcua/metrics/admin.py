from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.metrics.index766 import SchemeError, scheme_of
from motcua.metrics.models import IndexScheme, RollupRefresh


class IndexSchemeForm(forms.ModelForm[IndexScheme]):
    class Meta:
        model = IndexScheme
        fields = ["code", "name", "effective_from", "legal_basis", "definition", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        definition = data.get("definition")
        if definition is None:
            return data
        try:
            scheme = scheme_of(definition)
        except SchemeError as exc:
            raise forms.ValidationError({"definition": str(exc)}) from exc
        # The row's own fields and its definition must say the same thing.
        if data.get("effective_from") and data["effective_from"] != scheme.effective_from:
            raise forms.ValidationError(
                {"effective_from": "Khác «effective_from» trong cấu hình nhóm, chỉ số."}
            )
        if data.get("code") and data["code"] != scheme.code:
            raise forms.ValidationError({"code": "Khác «code» trong cấu hình nhóm, chỉ số."})
        return data


@admin.register(IndexScheme)
class IndexSchemeAdmin(PermissionAdmin[IndexScheme]):
    """Versions of the 766 index: legal rules, changed by administrators like the calendar. A new
    version applies to periods ending on or after its date; the rollups need no rebuild."""

    form = IndexSchemeForm
    view_perm = Perm.REPORTS_VIEW
    edit_perm = Perm.CALENDAR_EDIT
    list_display = ["name", "code", "effective_from", "updated_at"]


@admin.register(RollupRefresh)
class RollupRefreshAdmin(PermissionAdmin[RollupRefresh]):
    view_perm = Perm.REPORTS_VIEW
    list_display = [
        "started_at",
        "finished_at",
        "first_day",
        "last_day",
        "days",
        "rows",
        "dossiers",
    ]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
