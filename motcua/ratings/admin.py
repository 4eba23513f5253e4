from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from motcua.accounts.admin import PermissionAdmin
from motcua.accounts.permissions import Perm
from motcua.ratings.evaluation import SchemeError, rules_of
from motcua.ratings.models import EvaluationScheme, SelfAssessment


class SchemeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EvaluationScheme
        fields = [
            "code",
            "name",
            "legal_basis",
            "effective_from",
            "effective_to",
            "enabled",
            "config",
            "note",
        ]

    def clean_config(self) -> Any:
        config = self.cleaned_data["config"]
        try:
            rules_of(config if isinstance(config, dict) else {})
        except SchemeError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return config


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(PermissionAdmin[EvaluationScheme]):
    """Evaluation criteria are legal rules like the calendar: administrators change them; after a
    change, run `rollup_refresh --all`."""

    form = SchemeForm
    view_perm = Perm.REPORTS_VIEW
    edit_perm = Perm.CALENDAR_EDIT
    list_display = ["name", "code", "effective_from", "effective_to", "enabled"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(PermissionAdmin[SelfAssessment]):
    """Entered from the summary page (audited there); read-only here."""

    view_perm = Perm.REPORTS_VIEW
    list_display = ["unit", "year", "quarter", "indicator", "points", "entered_by", "entered_at"]
    list_filter = ["year", "quarter", "indicator"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
