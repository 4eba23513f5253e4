"""Writes to the catalog: import, revision history, search text."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from motcua.accounts.models import Unit
from motcua.audit.services import audit_record
from motcua.catalog.constants import ComponentNeed
from motcua.catalog.fields import field_key
from motcua.catalog.importing import Located, RowError, validate
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureRevision,
    ProcessStep,
)
from motcua.catalog.records import to_record, unknown_facts
from motcua.catalog.selectors import field_named, procedure_with_children
from motcua.core.folding import fold, nfc


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return (
                f"Không nhập được: {len(self.errors)} lỗi. Chưa có thay đổi nào được lưu; "
                "hãy sửa tệp và nhập lại."
            )
        return (
            f"Đã nhập: {len(self.created)} thủ tục mới, {len(self.updated)} cập nhật, "
            f"{len(self.unchanged)} không thay đổi."
        )


def field_for_name(*, name: str) -> Field:
    """The field `name` means (same spelling or a recorded synonym), created if none does."""
    found = field_named(name)
    if found is not None:
        return found
    name = nfc(name)
    return Field.objects.create(name=name, key=field_key(name))


@transaction.atomic
def field_save(*, field: Field, actor: Any = None, request: HttpRequest | None = None) -> Field:
    """Store a field edited by an officer: its key from its name, its procedures' search text
    (which holds the name), an audit row."""
    field.name = nfc(field.name)
    field.key = field_key(field.name)
    field.save()
    for procedure in field.procedures.select_related("field"):
        Procedure.objects.filter(pk=procedure.pk).update(search_text=_search_text(procedure))
    audit_record(
        action="catalog.field_changed",
        obj=field,
        actor=actor,
        request=request,
        data={"name": field.name, "code": field.code},
    )
    return field


def _with_field_as_stored(record: dict[str, Any]) -> dict[str, Any]:
    """`record` naming its field as the catalog does, so that a file spelling a field another
    way ("Giáo dục - Đào tạo") is not taken for a change."""
    found = field_named(record["field"]) if record.get("field") else None
    return {**record, "field": found.name} if found is not None else record


def _search_text(procedure: Procedure) -> str:
    field_name = procedure.field.name if procedure.field else ""
    return fold(f"{procedure.code} {procedure.name} {field_name}")


def _optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _write(procedure: Procedure, record: dict[str, Any], units: dict[str, Unit]) -> None:
    """Overwrite `procedure` and its children with the content of a valid record."""
    publication = record.get("publication") or {}
    procedure.has_national_code = record.get("national_code", True)
    procedure.name = nfc(record["name"])
    procedure.field = field_for_name(name=record["field"]) if record.get("field") else None
    procedure.level = record["level"]
    procedure.implementing_unit = units.get(record.get("implementing_unit") or "")
    procedure.submission_places = record.get("submission_places") or ""
    procedure.legal_bases = record.get("legal_bases") or []
    procedure.result = record.get("result") or ""
    procedure.result_paper = record.get("result_paper", True)
    procedure.result_electronic = record.get("result_electronic", False)
    procedure.online_level = record.get("online_level") or ""
    procedure.fully_online_eligible = record.get("fully_online_eligible", False)
    procedure.postal_allowed = record.get("postal_allowed", True)
    procedure.decision_number = publication.get("decision_number") or ""
    procedure.decision_date = _optional_date(publication.get("decision_date"))
    procedure.publication_status = publication.get("status") or "new"
    procedure.effective_from = _optional_date(publication.get("effective_from"))
    procedure.effective_to = _optional_date(publication.get("effective_to"))
    procedure.sequence = record.get("sequence") or []
    procedure.sources = record.get("sources") or []
    procedure.notes = record.get("notes") or ""
    procedure.unknown_fields = unknown_facts(record)
    procedure.demo_fields = list(record.get("demo_fields") or [])
    procedure.search_text = _search_text(procedure)
    procedure.save()

    procedure.cases.all().delete()
    procedure.fees.all().delete()
    procedure.components.all().delete()
    cases: dict[str, ProcedureCase] = {}
    for order, case in enumerate(record["cases"], 1):
        time = case.get("processing_time") or {}
        cases[case["code"]] = ProcedureCase.objects.create(
            procedure=procedure,
            code=case["code"],
            name=nfc(case["name"]),
            order=order,
            is_default=bool(case.get("default")),
            is_demo=bool(case.get("demo")),
            processing_time_unit=time.get("unit") or "",
            processing_time_value=(
                Decimal(str(time["value"])) if time.get("value") is not None else None
            ),
        )
        ProcessStep.objects.bulk_create(
            ProcessStep(
                case=cases[case["code"]],
                order=step["order"],
                name=nfc(step["name"]),
                unit=units.get(step.get("unit") or ""),
                role=step.get("role") or "",
                duration_value=Decimal(str(step["duration"].get("value") or 0)),
                duration_unit=step["duration"]["unit"],
                is_demo=bool(step.get("demo")),
            )
            for step in case.get("steps") or []
        )
    Fee.objects.bulk_create(
        Fee(
            procedure=procedure,
            kind=fee.get("kind") or "phi",
            name=nfc(fee["name"]),
            amount_vnd=fee["amount_vnd"],
            note=fee.get("note") or "",
            is_demo=bool(fee.get("demo")),
        )
        for fee in record.get("fees") or []
    )
    Component.objects.bulk_create(
        Component(
            procedure=procedure,
            case=cases.get(comp.get("case") or ""),
            order=order,
            name=nfc(comp["name"]),
            need=comp.get("need") or ComponentNeed.REQUIRED,
            condition=nfc(comp.get("condition") or ""),
            copy_type=comp.get("copy_type") or "",
            copy_type_note=comp.get("copy_type_note") or "",
            quantity=comp.get("quantity"),
            shown_only=bool(comp.get("shown_only")),
            from_vault=bool(comp.get("from_vault")),
            is_demo=bool(comp.get("demo")),
        )
        for order, comp in enumerate(record.get("components") or [], 1)
    )


def procedure_record_revision(
    *, procedure: Procedure, actor: Any = None, note: str = "", request: HttpRequest | None = None
) -> ProcedureRevision | None:
    """Snapshot `procedure` as a new revision if it differs from the last one; audit it."""
    procedure = procedure_with_children(procedure.pk)
    procedure.search_text = _search_text(procedure)
    Procedure.objects.filter(pk=procedure.pk).update(search_text=procedure.search_text)
    snapshot = to_record(procedure)
    last = procedure.revisions.order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        return None
    revision = ProcedureRevision.objects.create(
        procedure=procedure,
        number=(last.number + 1) if last else 1,
        snapshot=snapshot,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        action="catalog.procedure_changed",
        obj=procedure,
        actor=actor,
        request=request,
        data={"code": procedure.code, "revision": revision.number, "note": note},
    )
    return revision


@transaction.atomic
def catalog_import(
    *,
    records: list[Located],
    actor: Any = None,
    note: str = "Nhập danh mục",
    request: HttpRequest | None = None,
    read_errors: list[RowError] | None = None,
) -> ImportReport:
    """Validate every record, then store all of them, or none if any is invalid (or if reading
    the file already found `read_errors`)."""
    report = ImportReport(errors=list(read_errors or []))
    units = {unit.code: unit for unit in Unit.objects.all()}
    seen: dict[str, str] = {}
    for located in records:
        for message in validate(located.record, set(units)):
            report.errors.append(RowError(located.where, message))
        code = located.record.get("code") or ""
        if code in seen:
            report.errors.append(RowError(located.where, f"mã {code} trùng với {seen[code]}."))
        seen.setdefault(code, located.where)
    if report.errors:
        return report
    for located in records:
        record = located.record
        procedure = Procedure.objects.filter(code=record["code"]).first()
        is_new = procedure is None
        if procedure is not None and to_record(
            procedure_with_children(procedure.pk)
        ) == _with_field_as_stored(record):
            report.unchanged.append(record["code"])
            continue
        procedure = procedure or Procedure(code=record["code"])
        _write(procedure, record, units)
        procedure_record_revision(procedure=procedure, actor=actor, note=note, request=request)
        (report.created if is_new else report.updated).append(record["code"])
    return report
