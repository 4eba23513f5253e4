"""Slips as editable DOCX (python-docx), laid out like the PDF: the national header as a
two-column borderless table, the page size of the form, Times New Roman."""

from collections.abc import Sequence
from io import BytesIO

import segno
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from motcua.dossiers.slips.document import Paragraph, Run, Signatures, SlipDocument, Table
from motcua.dossiers.slips.forms import Paper

FONT = "Times New Roman"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
QR_SIZE_MM = 18


def _margins(paper: Paper) -> tuple[int, int, int, int]:
    """Top, right, bottom, left in millimetres."""
    return (12, 12, 12, 15) if paper.landscape else (8, 9, 8, 12)


def _usable_mm(paper: Paper) -> int:
    _, right, _, left = _margins(paper)
    return paper.width_mm - left - right


def _runs(paragraph: DocxParagraph, runs: list[Run], *, underline: bool = False) -> None:
    for item in runs:
        run = paragraph.add_run(item.text)
        run.bold, run.italic, run.underline = item.bold, item.italic, underline or None


def _cell_lines(cell: _Cell, lines: list[list[Run]], align: str = "center") -> None:
    """Write `lines` into `cell`, one paragraph each (the first reuses the cell's own)."""
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.alignment = ALIGN[align]
        _runs(paragraph, line)


def _fixed_table(document: DocxDocument, widths_mm: Sequence[float], rows: int = 1) -> DocxTable:
    """A table whose columns keep the given widths (Word and LibreOffice both honour them)."""
    table: DocxTable = document.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _set_widths(cells: list[_Cell], widths_mm: Sequence[float]) -> None:
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)


def _font_size(cell: _Cell, size: Length) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = size


def _setup(document: DocxDocument, doc: SlipDocument) -> None:
    paper = doc.form.paper
    section = document.sections[0]
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(paper.width_mm), Mm(paper.height_mm)
    top, right, bottom, left = (Mm(m) for m in _margins(paper))
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12 if paper.landscape else 10)
    # Word picks the font for some Vietnamese letters from the East Asian slot too.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    core = document.core_properties
    core.title = doc.form.title
    core.subject = f"{doc.form_label} – {doc.form_set.basis}"
    core.author = doc.unit


def _header(document: DocxDocument, doc: SlipDocument) -> None:
    label = document.add_paragraph()
    label.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _runs(label, [Run(doc.form_label, bold=True), Run(f" ({doc.form_set.basis})", italic=True)])
    for run in label.runs:
        run.font.size = Pt(8)
    usable = _usable_mm(doc.form.paper)
    widths = [usable * 0.4, usable * 0.6]
    table = _fixed_table(document, widths)  # the default table style has no borders
    left, right = table.rows[0].cells
    _set_widths([left, right], widths)
    agency = [[Run(doc.agency)]] if doc.agency else []
    _cell_lines(left, [*agency, [Run(doc.unit, bold=True)], [Run(doc.number)]])
    _cell_lines(right, [[Run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)]])
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(motto, [Run("Độc lập - Tự do - Hạnh phúc", bold=True)], underline=True)
    place = right.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.paragraph_format.space_before = Pt(4)
    _runs(place, [Run(doc.place_date, italic=True)])
    if not doc.form.paper.landscape:
        for cell in (left, right):
            _font_size(cell, Pt(9))


def _title(document: DocxDocument, doc: SlipDocument) -> None:
    """The title and its lines, centred; with a QR code, in a row with the code on the right."""
    lines = [[Run(doc.title, bold=True)], *([Run(line, bold=True)] for line in doc.subtitle)]
    if not doc.qr_url:
        for line in lines:
            _centred_paragraph(document, line)
        document.paragraphs[-len(lines)].paragraph_format.space_before = Pt(6)
        document.paragraphs[-1].paragraph_format.space_after = Pt(6)
        return
    side = QR_SIZE_MM + 2
    widths = [side, _usable_mm(doc.form.paper) - 2 * side, side]
    row = _fixed_table(document, widths).rows[0]
    _set_widths(list(row.cells), widths)
    _cell_lines(row.cells[1], lines)
    picture = BytesIO()
    segno.make(doc.qr_url, error="m").save(picture, kind="png", scale=6, border=1)
    picture.seek(0)
    holder = row.cells[2].paragraphs[0]
    holder.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    holder.add_run().add_picture(picture, width=Mm(QR_SIZE_MM))


def _centred_paragraph(document: DocxDocument, line: list[Run]) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(paragraph, line)


def _table(document: DocxDocument, doc: SlipDocument, block: Table) -> None:
    total = sum(block.widths)
    widths = [_usable_mm(doc.form.paper) * w / total for w in block.widths]
    table = _fixed_table(document, widths)
    table.style = "Table Grid"
    # The header row repeats on every page of a long register.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    header = table.rows[0].cells
    _set_widths(list(header), widths)
    for cell, title in zip(header, block.headers, strict=True):
        _cell_lines(cell, [[Run(title, bold=True)]])
    for row in block.rows:
        cells = table.add_row().cells
        _set_widths(list(cells), widths)
        for n, (cell, text) in enumerate(zip(cells, row, strict=True)):
            lines = [[Run(line)] for line in text.split("\n")]
            _cell_lines(cell, lines, "center" if n in block.centered else "left")


def _signatures(document: DocxDocument, doc: SlipDocument, block: Signatures) -> None:
    columns = block.columns
    width = _usable_mm(doc.form.paper) / len(columns)
    row = _fixed_table(document, [width] * len(columns)).rows[0]
    # A signer's title and printed name stay on one page.
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = row.cells
    for cell, signature in zip(cells, columns, strict=True):
        if signature is None:
            continue
        blank: list[list[Run]] = [[], []]  # room for the handwritten signature
        _cell_lines(
            cell,
            [
                [Run(signature.title, bold=True)],
                [Run(signature.note, italic=True)],
                *blank,
                [Run(signature.name, bold=True)],
            ],
        )


def write_docx(doc: SlipDocument) -> bytes:
    document = Document()
    _setup(document, doc)
    _header(document, doc)
    _title(document, doc)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            paragraph.alignment = ALIGN[block.align]
            _runs(paragraph, block.runs)
        elif isinstance(block, Table):
            _table(document, doc, block)
        else:
            _signatures(document, doc, block)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
