import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.importing import CatalogFileError, RowError
from motcua.catalog.models import Procedure, ProcedureRevision, ProcessStep
from motcua.catalog.services import catalog_import
from motcua.catalog.spreadsheet import read_catalog_file, read_xlsx, write_xlsx
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import load_demo_organisation

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def _edited(change) -> bytes:
    """The demo catalog as XLSX, after `change(workbook)` edits it like an officer would."""
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([i.record for i in demo_records()])))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def _errors(raw: bytes) -> list[RowError]:
    return read_xlsx(raw)[1]


@pytest.fixture
def catalog(db):
    load_demo_organisation()
    assert catalog_import(records=demo_records()).ok


def test_bad_step_and_bad_fee_are_reported_and_nothing_is_saved(catalog):
    first = demo_records()[0].record

    def break_rows(workbook):
        workbook["Thủ tục"].cell(2, _column(workbook["Thủ tục"], "Tên thủ tục"), "Tên mới")
        workbook["Bước"].cell(7, _column(workbook["Bước"], "Thời gian"), "ba ngày")
        fee = [first["code"], "Lệ phí", "Lệ phí cấp phép", "năm mươi nghìn", "", "Không"]
        for col, value in enumerate(fee, 1):
            workbook["Phí"].cell(2, col, value)

    raw = _edited(break_rows)
    before = (
        Procedure.objects.count(),
        ProcedureRevision.objects.count(),
        sorted(ProcessStep.objects.values_list("pk", "duration_value")),
    )

    records, read_errors = read_catalog_file(raw)
    report = catalog_import(records=records, read_errors=read_errors)

    assert not report.ok
    assert (
        RowError("Trang 'Bước', dòng 7", 'cột "Thời gian": "ba ngày" không phải là số.')
        in report.errors
    )
    assert (
        RowError("Trang 'Phí', dòng 2", 'cột "Mức thu (đồng)": "năm mươi nghìn" không phải là số.')
        in report.errors
    )
    assert report.summary().startswith("Không nhập được: 2 lỗi. Chưa có thay đổi nào được lưu")
    after = (
        Procedure.objects.count(),
        ProcedureRevision.objects.count(),
        sorted(ProcessStep.objects.values_list("pk", "duration_value")),
    )
    assert after == before
    assert Procedure.objects.get(code=first["code"]).name == first["name"]


def test_child_row_naming_an_unknown_procedure_is_reported():
    raw = _edited(lambda wb: wb["Thành phần"].append(["1.999999", 1, "Đơn", "Bản chính"]))
    last = openpyxl.load_workbook(io.BytesIO(raw))["Thành phần"].max_row
    assert _errors(raw) == [
        RowError(
            f"Trang 'Thành phần', dòng {last}",
            "không có thủ tục mã \"1.999999\" trong trang 'Thủ tục'.",
        )
    ]


def test_step_naming_an_unknown_case_is_reported():
    raw = _edited(lambda wb: wb["Bước"].cell(2, 2, "khong-co"))
    [error] = _errors(raw)
    assert error.where == "Trang 'Bước', dòng 2"
    assert 'không có trường hợp mã "khong-co"' in error.message


def test_unknown_labels_are_reported_with_the_allowed_ones():
    def mislabel(workbook):
        workbook["Thủ tục"].cell(3, _column(workbook["Thủ tục"], "Cấp thực hiện"), "Cấp huyện")
        workbook["Bước"].cell(4, _column(workbook["Bước"], "Vai trò"), "Bảo vệ")

    errors = _errors(_edited(mislabel))
    assert [e.where for e in errors] == ["Trang 'Thủ tục', dòng 3", "Trang 'Bước', dòng 4"]
    assert '"Cấp huyện" không hợp lệ (dùng: Cấp tỉnh, Cấp xã)' in errors[0].message
    assert '"Bảo vệ" không hợp lệ' in errors[1].message


def test_a_missing_sheet_is_reported():
    errors = _errors(_edited(lambda wb: wb.remove(wb["Phí"])))
    assert errors == [RowError("Trang 'Phí'", "tệp không có trang 'Phí'.")]


def test_a_png_named_xlsx_is_refused_by_its_content():
    with pytest.raises(CatalogFileError, match="không phải danh mục JSON hoặc bảng tính XLSX"):
        read_catalog_file(PNG)
    with pytest.raises(CatalogFileError, match="không phải bảng tính XLSX"):
        read_xlsx(PNG)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    with pytest.raises(CatalogFileError):
        read_catalog_file(buffer.getvalue())


@pytest.mark.django_db
def test_import_command_prints_row_errors_and_fails(tmp_path):
    load_demo_organisation()
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(_edited(lambda wb: wb["Bước"].cell(7, 7, "ba ngày")))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Không nhập được: 1 lỗi"):
        call_command("import_procedures", str(path), stderr=err)

    assert "Trang 'Bước', dòng 7: cột \"Thời gian\"" in err.getvalue()
    assert Procedure.objects.count() == 0


@pytest.mark.django_db
def test_import_command_refuses_a_png(tmp_path):
    path = tmp_path / "anh.xlsx"
    path.write_bytes(PNG)
    with pytest.raises(CommandError, match="không phải danh mục JSON hoặc bảng tính XLSX"):
        call_command("import_procedures", str(path))
