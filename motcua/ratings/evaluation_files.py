"""The evaluation summary as files: XLSX (xlsxwriter) and PDF (WeasyPrint, with the national
header and the vendored Tinos font of the official slips), both printing the same rows."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from motcua.accounts.selectors import unit_place_name
from motcua.core.localtime import format_date
from motcua.core.numbers import vn_number
from motcua.dossiers.slips.document import long_date
from motcua.dossiers.slips.pdf import FONT_DIR, FONTS
from motcua.ratings.selectors import EvaluationSummary

TITLE = "Tổng hợp kết quả đánh giá việc giải quyết thủ tục hành chính"
NO_DATA = "Chưa có dữ liệu"


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    content_type: str
    filename: str


def points_text(value: Decimal | None) -> str:
    return NO_DATA if value is None else vn_number(value, 1)


def _period_text(summary: EvaluationSummary) -> str:
    return (
        f"{summary.period_label} (từ {format_date(summary.first_day)} "
        f"đến {format_date(summary.last_day)})"
    )


def _filename(summary: EvaluationSummary, ext: str) -> str:
    period = f"q{summary.quarter}-{summary.year}" if summary.quarter else str(summary.year)
    return f"danh-gia-giai-quyet-tthc-{summary.unit.code}-{period}.{ext}"


def unit_rows(summary: EvaluationSummary) -> list[list[str]]:
    """STT, chỉ số, điểm chuẩn, điểm đạt, nguồn, căn cứ: one row per indicator."""
    rows = []
    for line in summary.lines:
        basis = line.basis
        if line.self_note:
            basis = f"Tự chấm: {line.self_note}. Số liệu hệ thống: {basis}"
        if line.citizen_points is not None:
            basis += f". Người dân chấm trung bình {points_text(line.citizen_points)}"
        rows.append(
            [
                str(line.number),
                line.name,
                points_text(line.max_points),
                points_text(line.points),
                line.origin_label,
                basis,
            ]
        )
    return rows


def officer_rows(summary: EvaluationSummary) -> list[list[str]]:
    return [
        [
            officer.name,
            officer.unit,
            str(officer.dossiers),
            *(points_text(line.points) for line in officer.lines),
            points_text(officer.total),
            officer.band or NO_DATA,
        ]
        for officer in summary.officers
    ]


def officer_headers(summary: EvaluationSummary) -> list[str]:
    return [
        "Cán bộ",
        "Đơn vị",
        "Số hồ sơ",
        *(f"Chỉ số {i.number}" for i in summary.rules.staff_indicators),
        f"Tổng điểm (tối đa {points_text(summary.rules.staff_max)})",
        "Xếp loại",
    ]


def write_xlsx(summary: EvaluationSummary) -> RenderedFile:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Tổng hợp đánh giá")
    title = book.add_format({"bold": True, "font_size": 13})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 55)
    sheet.set_column(2, 4, 14)
    sheet.set_column(5, 5, 70)

    def value(col: int, row: int, text: str, raw: Decimal | None = None) -> None:
        if raw is not None:
            sheet.write_number(row, col, float(raw), number)
        else:
            sheet.write(row, col, text, cell)

    sheet.write(0, 0, TITLE.upper(), title)
    sheet.write(1, 0, f"Đơn vị: {summary.unit.name}", bold)
    sheet.write(2, 0, f"Thời điểm đánh giá: {_period_text(summary)}")
    sheet.write(3, 0, f"Bộ tiêu chí: {summary.scheme.name} ({summary.scheme.legal_basis})")
    sheet.write(4, 0, f"Số phiếu đánh giá: {summary.forms}")
    row = 6
    sheet.write(row, 0, "I. Điểm đánh giá theo chỉ số", bold)
    row += 1
    headers = ["STT", "Chỉ số", "Điểm chuẩn", "Điểm đạt", "Nguồn", "Căn cứ"]
    for col, header in enumerate(headers):
        sheet.write(row, col, header, head)
    for line, texts in zip(summary.lines, unit_rows(summary), strict=True):
        row += 1
        for col, text in enumerate(texts):
            raw = {2: line.max_points, 3: line.points}.get(col)
            value(col, row, text, raw)
    row += 1
    sheet.write(row, 1, "Tổng điểm", head)
    sheet.write_number(row, 2, float(summary.rules.unit_max), number)
    sheet.write_number(row, 3, float(summary.total), number)
    sheet.write(row, 4, f"{summary.counted}/{len(summary.lines)} chỉ số có dữ liệu", cell)
    sheet.write(row, 5, f"Xếp loại: {summary.band or NO_DATA}", cell)
    row += 2
    sheet.write(row, 0, "II. Mức độ hài lòng", bold)
    row += 1
    for col, header in enumerate(["", "Mức độ", "Số phiếu", "Tỷ lệ (%)"]):
        sheet.write(row, col, header, head)
    for share in summary.satisfaction:
        row += 1
        sheet.write(row, 0, "", cell)
        sheet.write(row, 1, share.label, cell)
        sheet.write_number(row, 2, share.count, cell)
        value(3, row, NO_DATA, share.percent)
    row += 2
    sheet.write(row, 0, "III. Đánh giá cán bộ (chỉ số 1, 2, 3, 4, 7)", bold)
    row += 1
    for col, header in enumerate(officer_headers(summary)):
        sheet.write(row, col, header, head)
    for officer in summary.officers:
        row += 1
        sheet.write(row, 0, officer.name, cell)
        sheet.write(row, 1, officer.unit, cell)
        sheet.write_number(row, 2, officer.dossiers, cell)
        for col, line in enumerate(officer.lines, start=3):
            value(col, row, NO_DATA, line.points)
        value(3 + len(officer.lines), row, "", officer.total)
        sheet.write(row, 4 + len(officer.lines), officer.band or NO_DATA, cell)
    book.close()
    return RenderedFile(
        output.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(summary, "xlsx"),
    )


def write_pdf(summary: EvaluationSummary, today: date | None = None) -> RenderedFile:
    unit = summary.unit
    place = unit_place_name(unit) or "……"
    html = render_to_string(
        "ratings/evaluation_summary_pdf.html",
        {
            "summary": summary,
            "title": TITLE.upper(),
            "fonts": FONTS,
            "agency": unit.parent.name.upper() if unit.parent else "",
            "unit_name": unit.name.upper(),
            "place_date": f"{place}, {long_date(today or timezone.localdate())}",
            "period": _period_text(summary),
            "unit_rows": unit_rows(summary),
            "officer_headers": officer_headers(summary),
            "officer_rows": officer_rows(summary),
            "shares": [(s.label, s.count, points_text(s.percent)) for s in summary.satisfaction],
            "total": points_text(summary.total),
            "unit_max": points_text(summary.rules.unit_max),
        },
    )
    content = HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
    return RenderedFile(content, "application/pdf", _filename(summary, "pdf"))
