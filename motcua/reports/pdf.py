"""Biểu II.06a as PDF: an HTML template laid out by WeasyPrint with the slips' vendored Tinos font
(dossiers/slips/pdf.py), A4 landscape like the printed form."""

from django.template.loader import render_to_string
from weasyprint import HTML

from motcua.dossiers.slips.document import Signature
from motcua.dossiers.slips.pdf import FONT_DIR, FONTS
from motcua.reports.ii06a import (
    COLUMNS,
    FORM_BASIS,
    FORM_NUMBER,
    IDENTITY_NOTE,
    UNIT_OF_COUNT,
    Report,
    head_rows,
)

# The form's own words: the head signs as "Thủ trưởng đơn vị", the stamp beside the signature.
SIGNATURES = [
    Signature("NGƯỜI LẬP BIỂU", "", "(Ký, ghi rõ họ tên)"),
    Signature("THỦ TRƯỞNG ĐƠN VỊ", "", "(Ký tên, đóng dấu)"),
]


def write_pdf(report: Report) -> bytes:
    html = render_to_string(
        "reports/ii06a_print.html",
        {
            "report": report,
            "fonts": FONTS,
            "form_number": FORM_NUMBER,
            "form_basis": FORM_BASIS,
            "unit_of_count": UNIT_OF_COUNT,
            "note": IDENTITY_NOTE,
            "head_rows": head_rows(report.grouping),
            "numbers": [f"({n})" for n in range(1, COLUMNS + 1)],
            "signatures": SIGNATURES,
        },
    )
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()  # type: ignore[no-any-return]
