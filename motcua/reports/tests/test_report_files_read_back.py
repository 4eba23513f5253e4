"""The XLSX and PDF of Biểu II.06a, read back: the official header, the merged two-level column
headers, the column numbers, the figures, the signatures, A4 landscape."""

from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.reports.files import report_file
from motcua.reports.ii06a import ii06a_report
from motcua.reports.periods import period_of


def test_the_xlsx_is_laid_out_like_the_form(october):
    found = report_file(ii06a_report(period=period_of("thang", 2026, 10)), "xlsx")
    assert found.filename == "Biểu II.06a - Tháng 10 năm 2026.xlsx"
    sheet = load_workbook(BytesIO(found.content)).active
    text = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value}
    assert text["A1"] == "Đơn vị báo cáo: Sở Giáo dục và Đào tạo"
    assert text["A2"] == "Đơn vị nhận báo cáo: Ủy ban nhân dân tỉnh (minh họa)"
    assert text["L1"] == "Biểu số II.06a/VPCP/KSTT"
    assert text["L2"] == "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
    assert text["A4"] == (
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    )
    assert text["A5"] == "Kỳ báo cáo: Tháng 10 năm 2026"
    assert text["A6"] == "(Từ ngày 15/09/2026 đến ngày 14/10/2026)"
    assert text["L7"] == "Đơn vị tính: Số hồ sơ TTHC"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A9:A11", "B9:B11", "C9:F9", "G9:J9", "K9:M9", "N9:O9", "D10:E10"} <= merged
    assert (text["C9"], text["G9"], text["K9"]) == (
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    )
    assert (text["D11"], text["E11"], text["F10"]) == (
        "Trực tuyến",
        "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước",
    )
    assert [sheet.cell(row=12, column=c).value for c in range(1, 16)] == [
        f"({n})" for n in range(1, 16)
    ]
    assert [sheet.cell(row=13, column=c).value for c in range(1, 4)] == [
        1,
        "Giáo dục, đào tạo với nước ngoài",
        1,
    ]
    assert [sheet.cell(row=14, column=c).value for c in range(1, 16)] == [
        2, "Hệ thống văn bằng, chứng chỉ", 12, 1, 9, 2, 5, 2, 1, 2, 5, 2, 3, 1, 1
    ]  # fmt: skip
    assert [sheet.cell(row=15, column=c).value for c in range(1, 16)] == [
        "Tổng cộng", None, 13, 1, 10, 2, 6, 3, 1, 2, 5, 2, 3, 1, 1
    ]  # fmt: skip
    assert "A15:B15" in merged
    assert "(3) = (7) + (11) + (14) + (15)" in text["A16"]
    values = set(text.values())
    assert {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"} <= values
    assert any(str(v).startswith("Khánh Hòa, ngày ") for v in values)  # the Sở's place name
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet["A4"].font.name == "Times New Roman" and sheet["A4"].font.b
    assert sheet.print_title_rows == "$9:$12"


def test_the_pdf_prints_the_same_form(october):
    found = report_file(ii06a_report(period=period_of("thang", 2026, 10)), "pdf")
    assert found.content.startswith(b"%PDF") and found.filename.endswith(".pdf")
    pages = PdfReader(BytesIO(found.content)).pages
    assert len(pages) == 1
    assert pages[0].mediabox.width > pages[0].mediabox.height  # A4 landscape
    text = " ".join(pages[0].extract_text().split())
    for expected in (
        "Biểu số II.06a/VPCP/KSTT",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Kỳ báo cáo: Tháng 10 năm 2026",
        "(Từ ngày 15/09/2026 đến ngày 14/10/2026)",
        "Số hồ sơ nhận giải quyết",
        "Trực tiếp, dịch vụ bưu chính",
        "Hệ thống văn bằng, chứng chỉ 12 1 9 2 5 2 1 2 5 2 3 1 1",
        "Tổng cộng 13 1 10 2 6 3 1 2 5 2 3 1 1",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Khánh Hòa, ngày",  # the place name configured on the province, above the Sở
    ):
        assert expected in text, expected
