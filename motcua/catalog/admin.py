"""The catalog back office: procedures with their cases, steps, components and fees, version
history, and import/export of the whole catalog as JSON or XLSX."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from motcua.accounts.admin import PermissionAdmin, PermissionInline
from motcua.accounts.permissions import Perm, has_perm
from motcua.audit.services import audit_record
from motcua.catalog import services
from motcua.catalog.constants import KNOWABLE_FACTS
from motcua.catalog.fields import field_key
from motcua.catalog.importing import CatalogFileError
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    FieldSynonym,
    Procedure,
    ProcedureCase,
    ProcedureRevision,
    ProcessStep,
)
from motcua.catalog.spreadsheet import (
    export_filename,
    export_records,
    read_catalog_file,
    write_json,
    write_xlsx,
)
from motcua.catalog.timing import hours_label, process_timing
from motcua.core.folding import fold, nfc
from motcua.workdays.deadlines import Duration

ADMIN_NOTE = "Sửa trên trang quản trị"
MAX_UPLOAD_MB = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def timing_summary(case: ProcedureCase) -> str:
    """Steps' total time against the legal time, with the share saved, for staff to read."""
    if case.pk is None:
        return ""
    steps = [step.duration for step in case.steps.all()]
    if not steps:
        return "Chưa có quy trình nội bộ."
    timing = process_timing(case.processing_time, steps)
    if timing.steps_hours is None:
        return "Không tính được tổng thời gian (có bước tính theo ngày lịch)."
    parts = [f"Tổng thời gian các bước: {hours_label(timing.steps_hours)}"]
    if timing.legal_hours is not None:
        parts.append(f"thời hạn giải quyết: {hours_label(timing.legal_hours)}")
    if timing.reduction_percent is not None:
        parts.append(f"rút ngắn {str(timing.reduction_percent).replace('.', ',')} %")
    return "; ".join(parts) + "." + (f" {timing.problem}" if timing.problem else "")


class ProcedureForm(forms.ModelForm[Procedure]):
    legal_bases = forms.CharField(
        label="Căn cứ pháp lý",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một văn bản.",
    )
    unknown_fields = forms.MultipleChoiceField(
        label="Chưa có thông tin",
        required=False,
        choices=list(KNOWABLE_FACTS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Thông tin văn bản công bố không nêu; trang công khai ghi “Chưa có thông tin”.",
    )
    demo_fields = forms.MultipleChoiceField(
        label="Giá trị minh họa",
        required=False,
        choices=list(KNOWABLE_FACTS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Thông tin tự đặt để minh họa, không lấy từ văn bản công bố.",
    )

    class Meta:
        model = Procedure
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["legal_bases"] = "\n".join(self.instance.legal_bases or [])

    def clean_legal_bases(self) -> list[str]:
        text = self.cleaned_data["legal_bases"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProcedureCaseInlineForm(forms.ModelForm[ProcedureCase]):
    """Changing a case's legal time on the procedure page must still fit its stored steps."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        unit = cleaned.get("processing_time_unit")
        if self.instance.pk and unit:
            legal = Duration.of(cleaned.get("processing_time_value"), unit)
            steps = [step.duration for step in self.instance.steps.all()]
            timing = process_timing(legal, steps)
            if timing.problem:
                raise ValidationError(timing.problem)
        return cleaned


class ProcedureCaseInline(PermissionInline[ProcedureCase, Procedure]):
    model = ProcedureCase
    form = ProcedureCaseInlineForm
    edit_perm = Perm.CATALOG_EDIT
    fields = [
        "order",
        "code",
        "name",
        "is_default",
        "processing_time_value",
        "processing_time_unit",
        "is_demo",
        "process",
    ]
    readonly_fields = ["process"]
    show_change_link = True

    @admin.display(description="Quy trình nội bộ (sửa ở trang trường hợp)")
    def process(self, obj: ProcedureCase) -> str:
        return timing_summary(obj)


class ComponentInline(PermissionInline[Component, Procedure]):
    model = Component
    edit_perm = Perm.CATALOG_EDIT
    fields = [
        "order",
        "name",
        "copy_type",
        "copy_type_note",
        "quantity",
        "template",
        "shown_only",
        "from_vault",
        "case",
        "is_demo",
    ]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        case_field = formset.form.base_fields.get("case")
        if isinstance(case_field, forms.ModelChoiceField):  # only this procedure's own cases
            case_field.queryset = obj.cases.all() if obj else ProcedureCase.objects.none()
        return formset


class FeeInline(PermissionInline[Fee, Procedure]):
    model = Fee
    edit_perm = Perm.CATALOG_EDIT
    fields = ["kind", "name", "amount_vnd", "note", "is_demo"]


class ProcedureRevisionInline(PermissionInline[ProcedureRevision, Procedure]):
    """Lịch sử phiên bản: revisions are written by services only, never by hand."""

    model = ProcedureRevision
    fields = ["number", "created_at", "actor", "note"]
    readonly_fields = ["number", "created_at", "actor", "note"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh mục",
        help_text="Tệp JSON hoặc bảng tính XLSX (cùng dạng với tệp xuất).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(f"Tệp quá lớn (tối đa {MAX_UPLOAD_MB} MB).")
        return upload


@admin.register(Procedure)
class ProcedureAdmin(PermissionAdmin[Procedure]):
    view_perm = Perm.BACKOFFICE
    edit_perm = Perm.CATALOG_EDIT
    form = ProcedureForm
    change_list_template = "admin/catalog/procedure/change_list.html"
    list_display = ["code", "name", "field", "level", "online_level", "publication_status"]
    list_filter = ["level", "online_level", "publication_status", "field"]
    list_select_related = ["field"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["field", "implementing_unit", "replaces"]
    inlines = [ProcedureCaseInline, ComponentInline, FeeInline, ProcedureRevisionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "has_national_code",
                    "name",
                    "field",
                    "level",
                    "implementing_unit",
                ]
            },
        ),
        (
            "Cách thực hiện",
            {
                "fields": [
                    "submission_places",
                    "legal_bases",
                    "result",
                    "result_paper",
                    "result_electronic",
                    "online_level",
                    "fully_online_eligible",
                    "postal_allowed",
                ]
            },
        ),
        (
            "Công bố",
            {
                "fields": [
                    "decision_number",
                    "decision_date",
                    "publication_status",
                    "effective_from",
                    "effective_to",
                    "replaces",
                ]
            },
        ),
        (
            "Nguồn và mức độ tin cậy",
            {"fields": ["sequence", "sources", "notes", "unknown_fields", "demo_fields"]},
        ),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # search_text is folded, so "van bang" and "văn bằng" both find "Văn bằng".
        words = fold(search_term).split()
        if words:
            folded = queryset
            for word in words:
                folded = folded.filter(search_text__contains=word)
            found = found | folded
        return found, may_have_duplicates

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.procedure_record_revision(
            procedure=form.instance, actor=request.user, note=ADMIN_NOTE, request=request
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_import": has_perm(request.user, Perm.CATALOG_EDIT),
            "can_export": has_perm(request.user, Perm.CATALOG_EXPORT),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("nhap/", wrap(self.import_view), name="catalog_procedure_import"),
            path(
                "xuat/json/",
                wrap(self.export_view),
                {"kind": "json"},
                name="catalog_procedure_export_json",
            ),
            path(
                "xuat/xlsx/",
                wrap(self.export_view),
                {"kind": "xlsx"},
                name="catalog_procedure_export_xlsx",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not has_perm(request.user, Perm.CATALOG_EDIT):
            raise PermissionDenied
        form = CatalogUploadForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                records, read_errors = read_catalog_file(upload.read())
            except CatalogFileError as exc:
                form.add_error("file", str(exc))
            else:
                report = services.catalog_import(
                    records=records,
                    read_errors=read_errors,
                    actor=request.user,
                    note=f"Nhập danh mục từ tệp {upload.name}"[:200],
                    request=request,
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Nhập danh mục thủ tục từ tệp",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/catalog/procedure/import.html", context)

    def export_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        if not has_perm(request.user, Perm.CATALOG_EXPORT):
            raise PermissionDenied
        records = export_records()
        if kind == "xlsx":
            response = HttpResponse(write_xlsx(records), content_type=XLSX_TYPE)
        else:
            response = HttpResponse(
                write_json(records, timezone.localtime()),
                content_type="application/json; charset=utf-8",
            )
        filename = export_filename(kind, timezone.localdate())
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ProcessStepFormSet(
    BaseInlineFormSet[ProcessStep, ProcedureCase, forms.ModelForm[ProcessStep]]
):
    """The steps of a case must fit within the case's legal processing time."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        durations = [
            Duration.of(form.cleaned_data["duration_value"], form.cleaned_data["duration_unit"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        # The case form's edits are already on self.instance (the admin builds it first).
        timing = process_timing(self.instance.processing_time, durations)
        if timing.problem:
            raise ValidationError(timing.problem)


class ProcessStepInline(PermissionInline[ProcessStep, ProcedureCase]):
    model = ProcessStep
    formset = ProcessStepFormSet
    edit_perm = Perm.CATALOG_EDIT
    fields = ["order", "name", "unit", "role", "duration_value", "duration_unit", "is_demo"]
    autocomplete_fields = ["unit"]


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(PermissionAdmin[ProcedureCase]):
    view_perm = Perm.BACKOFFICE
    edit_perm = Perm.CATALOG_EDIT
    list_display = [
        "procedure",
        "name",
        "code",
        "is_default",
        "processing_time_value",
        "processing_time_unit",
    ]
    list_select_related = ["procedure"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["procedure"]
    fields = [
        "procedure",
        "code",
        "name",
        "order",
        "is_default",
        "processing_time_value",
        "processing_time_unit",
        "is_demo",
        "process",
    ]
    readonly_fields = ["process"]
    inlines = [ProcessStepInline]

    @admin.display(description="So với thời hạn giải quyết")
    def process(self, obj: ProcedureCase) -> str:
        return timing_summary(obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "procedure"] if obj else list(self.readonly_fields)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.procedure_record_revision(
            procedure=form.instance.procedure,
            actor=request.user,
            note=ADMIN_NOTE,
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        procedure = obj.procedure
        super().delete_model(request, obj)
        services.procedure_record_revision(
            procedure=procedure, actor=request.user, note=ADMIN_NOTE, request=request
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


def _taken_key(key: str, *, field_pk: int | None, synonym_pk: int | None) -> str:
    """The name that already means `key`, other than the field or synonym being edited."""
    fields, synonyms = Field.objects.filter(key=key), FieldSynonym.objects.filter(key=key)
    if field_pk is not None:
        fields = fields.exclude(pk=field_pk)
    if synonym_pk is not None:
        synonyms = synonyms.exclude(pk=synonym_pk)
    other_field = fields.first()
    if other_field is not None:
        return other_field.name
    other = synonyms.first()
    return f"{other.name} (tên khác của {other.field.name})" if other is not None else ""


class FieldForm(forms.ModelForm[Field]):
    class Meta:
        model = Field
        fields = ["name", "code"]

    def clean_name(self) -> str:
        name = nfc(self.cleaned_data["name"])
        key = field_key(name)
        if not key:
            raise ValidationError("Tên lĩnh vực phải có chữ.")
        if taken := _taken_key(key, field_pk=self.instance.pk, synonym_pk=None):
            raise ValidationError(f"Đã có lĩnh vực mang tên này: «{taken}».")
        return name


class FieldSynonymForm(forms.ModelForm[FieldSynonym]):
    class Meta:
        model = FieldSynonym
        fields = ["name"]

    def clean_name(self) -> str:
        name = nfc(self.cleaned_data["name"])
        key = field_key(name)
        if not key:
            raise ValidationError("Tên khác phải có chữ.")
        if taken := _taken_key(key, field_pk=None, synonym_pk=self.instance.pk):
            raise ValidationError(f"Tên này đã chỉ «{taken}».")
        return name


class FieldSynonymInline(PermissionInline[FieldSynonym, Field]):
    model = FieldSynonym
    form = FieldSynonymForm
    edit_perm = Perm.CATALOG_EDIT
    fields = ["name"]


@admin.register(Field)
class FieldAdmin(PermissionAdmin[Field]):
    view_perm = Perm.BACKOFFICE
    edit_perm = Perm.CATALOG_EDIT
    form = FieldForm
    inlines = [FieldSynonymInline]
    list_display = ["name", "code"]
    search_fields = ["name", "code", "synonyms__name"]

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        services.field_save(field=obj, actor=request.user, request=request)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for synonym in formset.save(commit=False):
            synonym.key = field_key(synonym.name)
            synonym.save()
        for removed in formset.deleted_objects:
            removed.delete()
        names = list(form.instance.synonyms.values_list("name", flat=True))
        audit_record(
            action="catalog.field_synonyms_changed",
            obj=form.instance,
            actor=request.user,
            request=request,
            data={"name": form.instance.name, "synonyms": names},
        )
