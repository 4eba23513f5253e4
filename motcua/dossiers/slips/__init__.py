"""The official slips (biểu mẫu) of the one-stop mechanism, as PDF or editable DOCX.

    render_slip(dossier, "receipt", "pdf")  ->  RenderedSlip(content, content_type, filename)
    render_register(dossiers_for_register(unit, d1, d2), d1, d2, unit, "docx")

Slip names: receipt, supplement-request, refusal, apology, stop-notice, control-slip (and the
register). The form set (TT 03/2025 or TT 01/2018) is the one configured on the rules version in
force on the dossier's reception day; see forms.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from motcua.accounts.models import Unit
from motcua.catalog.models import Field
from motcua.core.localtime import to_local
from motcua.dossiers.constants import Stage
from motcua.dossiers.exceptions import InvalidInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import content, forms
from motcua.dossiers.slips.content import SlipUnavailable, dossiers_for_register
from motcua.dossiers.slips.document import SlipDocument
from motcua.dossiers.slips.pdf import write_pdf
from motcua.dossiers.slips.word import write_docx

__all__ = [
    "APPLICANT_SLIPS",
    "SLIP_LABELS",
    "RenderedSlip",
    "SlipUnavailable",
    "dossiers_for_register",
    "render_register",
    "render_slip",
    "slips_for",
]

SLIP_LABELS = {
    "receipt": "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)",
    "supplement-request": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)",
    "apology": "Văn bản xin lỗi và hẹn lại ngày trả",
    "stop-notice": "Thông báo dừng giải quyết hồ sơ",
    "control-slip": "Phiếu kiểm soát quá trình giải quyết",
}
# The control slip is an internal record; applicants get the others.
APPLICANT_SLIPS = tuple(name for name in SLIP_LABELS if name != "control-slip")


def slips_for(dossier: Dossier, names: Iterable[str] = tuple(SLIP_LABELS)) -> list[tuple[str, str]]:
    """(name, label) of the slips that apply to the dossier's state, among `names`."""
    applies = {
        "receipt": dossier.accepted_at is not None,
        "control-slip": dossier.accepted_at is not None,  # the hand-overs start at receipt
        "supplement-request": dossier.supplement_count > 0,
        "refusal": dossier.stage == Stage.REFUSED,
        "apology": dossier.extension_count > 0,
        "stop-notice": dossier.stage == Stage.STOPPED,
    }
    return [(name, SLIP_LABELS[name]) for name in names if applies[name]]


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class RenderedSlip:
    content: bytes
    content_type: str
    filename: str


def _render(doc: SlipDocument, fmt: str, stem: str) -> RenderedSlip:
    if fmt not in CONTENT_TYPES:
        raise InvalidInput("Định dạng biểu mẫu phải là pdf hoặc docx.", field="fmt")
    data = write_pdf(doc) if fmt == "pdf" else write_docx(doc)
    return RenderedSlip(data, CONTENT_TYPES[fmt], f"{doc.form.file_stem}-{stem}.{fmt}")


def render_slip(dossier: Dossier, name: str, fmt: str) -> RenderedSlip:
    """One slip of one dossier, in the form set in force on its reception day."""
    builder = content.BUILDERS.get(name)
    if builder is None:
        raise InvalidInput(f"Không có biểu mẫu «{name}».", field="name")
    if fmt not in CONTENT_TYPES:
        raise InvalidInput("Định dạng biểu mẫu phải là pdf hoặc docx.", field="fmt")
    form_set = forms.form_set_on(to_local(dossier.received_at).date())
    content.form_of(form_set, name)  # a slip the set lacks is refused before any state check
    return _render(builder(dossier, form_set), fmt, dossier.code)


def render_register(
    dossiers: Iterable[Dossier],
    date_from: date,
    date_to: date,
    unit: Unit,
    fmt: str,
    field: Field | None = None,
) -> RenderedSlip:
    """Sổ theo dõi hồ sơ of `unit` for a period (optionally one lĩnh vực)."""
    doc = content.register(dossiers, date_from, date_to, unit, field)
    return _render(doc, fmt, f"{date_from:%Y%m%d}-{date_to:%Y%m%d}")
