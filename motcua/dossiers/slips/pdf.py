"""Slips as PDF: one HTML template laid out by WeasyPrint with the vendored Tinos font, so the
PDF looks the same on every machine (Tinos has the metrics of Times New Roman, the typeface of
Vietnamese administrative documents, and covers every Vietnamese letter)."""

import logging
from pathlib import Path

import segno
from django.template.loader import render_to_string
from weasyprint import HTML

from motcua.dossiers.slips.document import SlipDocument

# WeasyPrint reports every layout step at INFO level; keep the server log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONTS = {
    "regular": (FONT_DIR / "Tinos-Regular.ttf").as_uri(),
    "bold": (FONT_DIR / "Tinos-Bold.ttf").as_uri(),
    "italic": (FONT_DIR / "Tinos-Italic.ttf").as_uri(),
}


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(border=0)


def write_pdf(doc: SlipDocument) -> bytes:
    html = render_to_string(
        "dossiers/slips/slip.html",
        {
            "doc": doc,
            "fonts": FONTS,
            "qr": qr_data_uri(doc.qr_url) if doc.qr_url else "",
        },
    )
    pdf: bytes = HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
    return pdf
