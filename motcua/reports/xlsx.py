"""Biểu II.06a as an Excel workbook laid out like the printed form: header, two-level merged
column headers, the column numbers row, rows, total, notes and signatures, A4 landscape."""

import io

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from motcua.reports.ii06a import (
    COLUMNS,
    FORM_BASIS,
    FORM_NUMBER,
    IDENTITY_NOTE,
    UNIT_OF_COUNT,
    Line,
    Report,
    heads,
)

FONT = "Times New Roman"  # the typeface of Vietnamese administrative documents
LAST = COLUMNS - 1
HEAD_ROW = 8  # first of the three header rows (0-based)
WIDTHS = [5, 38, 9, 10, 12, 9, 9, 9, 9, 9, 9, 9, 9, 9, 10]


def _formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}

    def add(**extra: object) -> Format:
        return book.add_format({**base, **extra})

    return {
        "text": add(),
        "bold": add(bold=True),
        "form": add(bold=True, align="center"),
        "basis": add(italic=True, align="center", font_size=10),
        "title": add(bold=True, align="center", font_size=14, text_wrap=True),
        "center": add(align="center"),
        "center_bold": add(align="center", bold=True),
        "center_italic": add(align="center", italic=True),
        "right_italic": add(align="right", italic=True),
        "head": add(bold=True, align="center", text_wrap=True, border=1, font_size=11),
        "number_row": add(italic=True, align="center", border=1, font_size=11),
        "cell": add(border=1, align="center", num_format="#,##0"),
        "label": add(border=1, text_wrap=True),
        "total_cell": add(border=1, align="center", bold=True, num_format="#,##0"),
        "total_label": add(border=1, bold=True, align="center"),
        "note": add(italic=True, text_wrap=True, valign="top", font_size=11),
        "warning": add(italic=True, font_color="#9c0006", text_wrap=True, font_size=11),
    }


def _line(sheet: Worksheet, row: int, line: Line, cell: Format, label: Format) -> None:
    if line.number is None:  # the total: its label spans (1) and (2)
        sheet.merge_range(row, 0, row, 1, line.label, label)
    else:
        sheet.write_number(row, 0, line.number, cell)
        sheet.write(row, 1, line.label, label)
    for col, value in enumerate(line.columns, start=2):
        sheet.write_number(row, col, value, cell)


def write_xlsx(report: Report) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    book.set_properties(
        {"title": f"{FORM_NUMBER} – {report.period.label}", "author": report.reporting_unit}
    )
    f = _formats(book)
    sheet = book.add_worksheet("II.06a")
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)

    sheet.merge_range(0, 0, 0, 6, f"Đơn vị báo cáo: {report.reporting_unit}", f["bold"])
    sheet.merge_range(1, 0, 1, 6, f"Đơn vị nhận báo cáo: {report.receiving_unit}", f["bold"])
    sheet.merge_range(0, 11, 0, LAST, FORM_NUMBER, f["form"])
    sheet.merge_range(1, 11, 1, LAST, FORM_BASIS, f["basis"])
    sheet.set_row(3, 36)
    sheet.merge_range(3, 0, 3, LAST, report.title, f["title"])
    sheet.merge_range(4, 0, 4, LAST, f"Kỳ báo cáo: {report.period.label}", f["center_bold"])
    sheet.merge_range(5, 0, 5, LAST, report.window, f["center_italic"])
    sheet.merge_range(6, 11, 6, LAST, UNIT_OF_COUNT, f["right_italic"])

    for head in heads(report.grouping):
        first_row, last_row = HEAD_ROW + head.row, HEAD_ROW + head.last_row
        if head.rowspan == 1 and head.colspan == 1:
            sheet.write(first_row, head.col, head.text, f["head"])
        else:
            sheet.merge_range(first_row, head.col, last_row, head.last_col, head.text, f["head"])
    sheet.set_row(HEAD_ROW + 2, 48)
    numbers = HEAD_ROW + 3
    for col in range(COLUMNS):
        sheet.write(numbers, col, f"({col + 1})", f["number_row"])

    row = numbers + 1
    for line in report.lines:
        _line(sheet, row, line, f["cell"], f["label"])
        row += 1
    _line(sheet, row, report.total, f["total_cell"], f["total_label"])

    row += 1
    sheet.set_row(row, 48)
    sheet.merge_range(row, 0, row, LAST, IDENTITY_NOTE, f["note"])
    for warning in [*report.warnings, *report.errors]:
        row += 1
        sheet.merge_range(row, 0, row, LAST, warning, f["warning"])

    row += 2
    sheet.merge_range(row, 9, row, LAST, report.place_date, f["center_italic"])
    row += 1
    sheet.merge_range(row, 0, row, 4, "NGƯỜI LẬP BIỂU", f["center_bold"])
    sheet.merge_range(row, 9, row, LAST, "THỦ TRƯỞNG ĐƠN VỊ", f["center_bold"])
    row += 1
    sheet.merge_range(row, 0, row, 4, "(Ký, ghi rõ họ tên)", f["center_italic"])
    sheet.merge_range(row, 9, row, LAST, "(Ký tên, đóng dấu)", f["center_italic"])

    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.5, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)  # one page wide, as long as it needs
    sheet.repeat_rows(HEAD_ROW, numbers)
    sheet.print_area(0, 0, row, LAST)
    sheet.set_footer(f'&L&"{FONT},Italic"&9{FORM_NUMBER} – {report.period.label}&R&9Trang &P/&N')
    sheet.freeze_panes(numbers + 1, 2)
    book.close()
    return output.getvalue()
