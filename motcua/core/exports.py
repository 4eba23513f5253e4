"""A table of figures as a file: CSV (UTF-8 with BOM, which Excel needs to read Vietnamese) or
XLSX. Every chart's table offers these, so figures can be taken away and checked."""

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_file(
    *, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str
) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return ("\ufeff" + text.getvalue()).encode()
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    cell = workbook.add_format({"border": 1})
    sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
    for col, header in enumerate(headers):
        sheet.write(2, col, header, bold)
        sheet.set_column(col, col, 40 if col == 0 else 14)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            sheet.write(r, col, value, cell)  # None becomes an empty cell, never 0
    workbook.close()
    return output.getvalue()


def table_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str
) -> HttpResponse:
    """`filename` without extension, ASCII (e.g. "tong-quan-don-vi-23-11-2026")."""
    body = table_file(title=title, headers=headers, rows=rows, fmt=fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
