"""What the API answers: the body of each success, and the one error body every failure shares.

Each endpoint declares `response=answers({200: Body}, 401, 404, …)`: its success body and every
error status it can give, so the OpenAPI document tells an integrator all of it. Success bodies
are validated on the way out: a new field of an answer is added here, or the request fails.
"""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from motcua.api.schemas import FieldError

# What each error status means in this API, shown beside it in the OpenAPI document.
ERROR_MEANINGS = {
    401: "Chưa đăng nhập: thiếu hoặc sai khóa truy cập (Authorization: Bearer …).",
    403: "Không có quyền (hoặc thiếu mã CSRF khi dùng phiên đăng nhập của trình duyệt).",
    404: "Không có, hoặc người gọi không được xem.",
    409: "Tình trạng hiện tại không cho phép, có người khác vừa thao tác trước (hãy tải lại), "
    "hoặc Idempotency-Key đã dùng cho một yêu cầu khác.",
    422: "Dữ liệu gửi lên không hợp lệ; `errors` nêu từng trường và lý do.",
    429: "Quá nhiều lần thử; hãy chờ rồi thử lại.",
}


def _open_to_additions(schema: dict[str, Any]) -> None:
    schema.pop("additionalProperties", None)


class Answer(Schema):
    """A success body. A key the view builds but this schema lacks fails the request (a test
    finds it at once) instead of vanishing from the answer and the document unnoticed; the
    document still lets clients expect new fields later."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_open_to_additions)


class ApiError(Schema):
    """Every refusal: `detail` in Vietnamese for people; `errors` per field when input is at
    fault (always on 422); `allowed_actions` on a refused dossier action (403, 409)."""

    detail: str
    errors: list[FieldError] | None = None
    allowed_actions: list[str] | None = None


def answers(success: dict[int, Any], *errors: int) -> dict[int, Any]:
    """`response=` for an endpoint: its success bodies and the error statuses it can give."""
    unknown = set(errors) - set(ERROR_MEANINGS)
    assert not unknown, f"no meaning written for {unknown}"
    return {**success, **dict.fromkeys(errors, ApiError)}


def files(*content_types: str) -> dict[str, Any]:
    """`openapi_extra` of an endpoint whose success is (or, with `format=`, may be) a file."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"content": dict.fromkeys(content_types, binary)}}}


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- dossiers (officers) -----------------------------------------------------------------------


class DossierCreated(Answer):
    code: str
    status: int
    status_label: str
    received_at: datetime
    due_at: datetime | None


class DossierSummary(Answer):
    code: str
    status: int
    status_label: str
    stage: str
    stage_label: str
    procedure_code: str
    procedure_name: str
    channel: int
    applicant_name: str
    received_at: datetime
    due_at: datetime | None
    current_unit: str | None
    current_holder: str | None


class DossierPage(Answer):
    count: int
    count_exact: bool = Field(
        True, description="false: more than `count` (10,000) dossiers match; narrow the filters"
    )
    page: int
    page_size: int
    items: list[DossierSummary]


class ApplicantOut(Answer):
    kind: str
    full_name: str
    id_number: str
    phone: str
    email: str
    address: str
    commune: str
    province: str


class CurrentStepOut(Answer):
    order: int
    name: str
    unit: str | None
    role: str
    holder: str | None
    entered_at: datetime | None
    due_at: datetime | None


class DossierEventOut(Answer):
    action: str
    action_label: str
    from_status: int | None
    to_status: int
    actor: str
    actor_name: str
    at: datetime
    from_unit: str | None
    to_unit: str | None
    to_user: str | None
    step_due_at: datetime | None
    timeliness: str | None = Field(description="early | on_time | late")
    timeliness_label: str
    due_at: datetime | None
    note: str
    data: dict[str, Any]


class DossierDetail(DossierSummary):
    version: int
    case_code: str
    original_due_at: datetime | None
    on_time: bool | None = Field(
        description="Đúng hạn: true / false when settled (judged as the national statistics "
        "judge it, by default against the due time before any apology or extension); false "
        "while open and already overdue; null while open and not yet due"
    )
    extension_count: int
    supplement_count: int
    applicant: ApplicantOut
    current_step: CurrentStepOut | None
    allowed_actions: list[str]
    history: list[DossierEventOut]


# --- tracking and the citizen's own dossiers ---------------------------------------------------


class PublicEventOut(Answer):
    at: datetime
    label: str
    unit: str
    note: str
    items: list[str]


class PublicDossier(Answer):
    code: str
    procedure: str
    applicant: str
    status: int
    status_label: str
    summary: str
    received_at: datetime
    due_at: datetime | None
    original_due_at: datetime | None
    on_time: bool | None = Field(
        description="true / false when settled; false while open and already overdue; null "
        "while open and not yet due (the same verdict as GET /api/v1/dossiers/{code})"
    )
    timeliness_label: str = Field(description="Trước hạn | Đúng hạn | Quá hạn, or empty")
    timeliness_note: str = Field(description="the verdict in one sentence, or empty")
    due_explanation: list[str]
    history: list[PublicEventOut]
    slips: list[str]  # the slips given to the applicant (a refused dossier: only Mẫu 03)


class MyDossier(PublicDossier):
    allowed_actions: list[str]
    has_result_file: bool


class MyDossierItem(Answer):
    code: str
    procedure: str
    status: int
    status_label: str
    received_at: datetime
    due_at: datetime | None


class MyDossierList(Answer):
    count: int
    items: list[MyDossierItem]


class RatingOut(Answer):
    satisfaction: str
    scores: dict[str, int]


# --- reports and statistics --------------------------------------------------------------------
# Their periods say "from" and "to", which Python cannot name: the endpoints answer by alias.


class UnitRef(Answer):
    code: str
    name: str


class SchemeRef(Answer):
    code: str
    name: str
    effective_from: date
    legal_basis: str


class ReportPeriod(Answer):
    kind: str
    label: str
    slug: str
    first: date = Field(alias="from")
    last: date = Field(alias="to")
    legal_basis: str


class Ii06aLine(Answer):
    col1: int | None = Field(description="(1) số thứ tự; null ở dòng tổng")
    col2: str = Field(description="(2) lĩnh vực hoặc đơn vị")
    col3: int
    col4: int
    col5: int
    col6: int
    col7: int
    col8: int
    col9: int
    col10: int
    col11: int
    col12: int
    col13: int
    withdrawn: int
    refused: int


class Ii06aReport(Answer):
    form: str
    period: ReportPeriod
    grouping: str
    reporting_unit: str
    subject: str
    as_of: date
    refreshed_at: datetime | None
    up_to_date: bool = Field(
        description="false: many dossiers changed since the last summing; the background worker "
        "is bringing the figures up to date (the page says «Số liệu đang được cập nhật»)"
    )
    rows: list[Ii06aLine]
    total: Ii06aLine
    identities_hold: bool
    warnings: list[str]


class EvaluationPeriod(Answer):
    year: int
    quarter: int | None
    label: str
    first: date = Field(alias="from")
    last: date = Field(alias="to")


class EvaluationIndicator(Answer):
    number: int
    name: str
    max_points: float | None
    points: float | None
    origin: str
    basis: str
    sample: int
    citizen_points: float | None
    self_note: str | None


class SatisfactionOut(Answer):
    label: str
    count: int
    percent: float | None


class OfficerPoints(Answer):
    number: int
    points: float | None


class OfficerOut(Answer):
    name: str
    unit: str
    dossiers: int
    points: float | None
    band: str | None
    indicators: list[OfficerPoints]


class EvaluationReport(Answer):
    unit: UnitRef
    period: EvaluationPeriod
    scheme: SchemeRef
    max_points: float | None
    points: float | None
    band: str | None
    settled: int
    forms: int
    indicators: list[EvaluationIndicator]
    satisfaction: list[SatisfactionOut]
    officers: list[OfficerOut]


class Index766Indicator(Answer):
    id: str
    name: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    points: float | None
    max_points: float | None
    threshold: float | None
    value: float | None
    value_unit: str | None
    note: str | None
    points_confirmed: bool
    dossiers: str | None = Field(description="Trang danh sách hồ sơ đứng sau con số")


class Index766Group(Answer):
    id: str
    name: str
    max_points: float | None
    points: float | None
    measured_max_points: float | None
    indicators: list[Index766Indicator]


class Index766(Answer):
    first: date = Field(alias="from")
    last: date = Field(alias="to")
    unit: UnitRef | None
    scheme: SchemeRef
    max_points: float | None
    points: float | None
    measured_max_points: float | None
    band: str | None
    refreshed_at: datetime | None
    groups: list[Index766Group]
