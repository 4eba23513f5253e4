"""The II.06a PDF never leaves its signatures alone on a page: a report of a Sở's dozen fields
prints table and signatures on one A4 page, and a longer one carries its last rows and the total
over to the signatures' page."""

from collections import Counter
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from motcua.reports.ii06a import Line, Report
from motcua.reports.pdf import write_pdf
from motcua.reports.periods import period_of


def _report(fields: int) -> Report:
    lines = [
        Line(
            number=n,
            label=f"Lĩnh vực thứ {n:02d} về giáo dục và đào tạo",
            key=n,
            figures=Counter({"received_counter": n}),
        )
        for n in range(1, fields + 1)
    ]
    return Report(
        period=period_of("thang", 2026, 10),
        grouping="field",
        reporting_unit="Sở Giáo dục và Đào tạo",
        receiving_unit="Ủy ban nhân dân tỉnh",
        subject="Sở Giáo dục và Đào tạo",
        lines=lines,
        total=Line(number=None, label="Tổng cộng"),
        as_of=date(2026, 10, 14),
        refreshed_at=None,
    )


def _pages(report: Report) -> list[str]:
    pages = PdfReader(BytesIO(write_pdf(report))).pages
    return [" ".join(page.extract_text().split()) for page in pages]


@pytest.mark.parametrize("fields", [1, 10, 12])
def test_a_usual_report_fits_table_and_signatures_on_one_page(db, fields):
    pages = _pages(_report(fields))
    assert len(pages) == 1
    assert f"Lĩnh vực thứ {fields:02d}" in pages[0]
    assert "Tổng cộng" in pages[0] and "THỦ TRƯỞNG ĐƠN VỊ" in pages[0]


@pytest.mark.parametrize("fields", [13, 20, 40])
def test_a_long_report_takes_its_last_rows_to_the_signatures_page(db, fields):
    pages = _pages(_report(fields))
    assert len(pages) > 1
    last = pages[-1]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in last and "NGƯỜI LẬP BIỂU" in last
    assert "Tổng cộng" in last and f"Lĩnh vực thứ {fields:02d}" in last
    assert "Số hồ sơ nhận giải quyết" in last  # the column heads repeat on every page
    assert all("THỦ TRƯỞNG ĐƠN VỊ" not in page for page in pages[:-1])
