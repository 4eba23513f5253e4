from datetime import date, datetime
from typing import Any

from ninja import Schema


class FieldError(Schema):
    field: str
    message: str


class DurationOut(Schema):
    value: float | None
    unit: str | None
    label: str


class ProcedureItem(Schema):
    code: str
    national_code: bool
    name: str
    field: str | None
    level: str
    level_label: str
    online_level: str | None
    online_level_label: str
    processing_time: DurationOut
    demo_fields: list[str]
    url: str


class ProcedurePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProcedureItem]


class FeeOut(Schema):
    kind: str
    name: str
    amount_vnd: int
    note: str
    demo: bool


class ComponentOut(Schema):
    id: int  # what `applies` and `components` of POST /api/v1/dossiers name
    name: str
    need: str  # required, conditional (see condition) or optional
    need_label: str
    condition: str  # in words, for a conditional component
    copy_type: str | None
    copy_type_label: str
    copy_type_note: str
    quantity: int | None
    shown_only: bool
    from_vault: bool
    case: str | None
    demo: bool


class StepOut(Schema):
    case: str
    order: int
    name: str
    unit: str | None
    unit_name: str | None
    role: str | None
    role_label: str
    duration: DurationOut
    demo: bool


class CaseOut(Schema):
    code: str
    name: str
    default: bool
    processing_time: DurationOut
    steps_total_hours: float | None
    reduction_percent: float | None
    process_problem: str
    demo: bool


class PublicationOut(Schema):
    decision_number: str
    decision_date: date | None
    status: str
    effective_from: date | None
    effective_to: date | None


class ProcedureDetail(ProcedureItem):
    implementing_unit: str | None
    submission_places: str
    legal_bases: list[str] | None
    result: str | None
    result_paper: bool
    result_electronic: bool
    fully_online_eligible: bool
    postal_allowed: bool
    publication: PublicationOut
    fees: list[FeeOut] | None
    components: list[ComponentOut] | None
    cases: list[CaseOut]
    steps: list[StepOut]
    sequence: list[dict[str, Any]] | None
    sources: list[dict[str, Any]]
    notes: str
    unknown_fields: list[str]
    revision: int | None


class WorkdayOut(Schema):
    date: date
    is_working_day: bool
    reason: str
    legal_basis: str


class ExplanationLine(Schema):
    date: date | None
    kind: str
    text: str


class DeadlineOut(Schema):
    received_at: datetime
    effective_start: datetime
    due_at: datetime
    duration: DurationOut
    explanation: list[ExplanationLine]
