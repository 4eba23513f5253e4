import copy
import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command

from motcua.catalog.importing import parse_json
from motcua.catalog.models import Procedure
from motcua.catalog.published import published_records
from motcua.catalog.records import to_record
from motcua.catalog.selectors import procedure_with_children
from motcua.catalog.services import catalog_import
from motcua.catalog.spreadsheet import read_xlsx, write_xlsx
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import load_demo_organisation


def _round_trip(records: list[dict]) -> list[dict]:
    located, errors = read_xlsx(write_xlsx(records))
    assert errors == []
    return [item.record for item in located]


def _full_record() -> dict:
    """A record using every column: two cases, dates, fees of both kinds, case components."""
    record = copy.deepcopy(demo_records()[0].record)
    record.update(
        {
            "code": "NB-1A2B3C",
            "national_code": False,
            "field": "Văn bằng, chứng chỉ",
            "level": "xa",
            "legal_bases": ["Luật Giáo dục 2019", "Nghị định 24/2021/NĐ-CP"],
            "result": "",
            "online_level": "mot_phan",
            "result_electronic": True,
            "postal_allowed": False,
            "sequence": [],
            "notes": "  khoảng trắng giữ nguyên ",
            "publication": {
                "decision_number": "1234/QĐ-UBND",
                "decision_date": "2025-07-01",
                "status": "amended",
                "effective_from": "2025-07-15",
                "effective_to": "2026-12-31",
            },
            "fees": [
                {
                    "kind": "le_phi",
                    "name": "Lệ phí cấp bản sao",
                    "amount_vnd": 50000,
                    "note": "mỗi bản",
                    "demo": False,
                },
                {"kind": "phi", "name": "Phí thẩm định", "amount_vnd": 0, "note": "", "demo": True},
            ],
        }
    )
    second = {
        "code": "gap",
        "name": "Trường hợp cần gấp",
        "default": False,
        "processing_time": {"value": None, "unit": "same_day"},
        "demo": True,
        "steps": [
            {
                "order": 1,
                "name": "Giải quyết ngay",
                "unit": None,
                "role": None,
                "duration": {"value": 3.5, "unit": "working_hours"},
                "demo": False,
            }
        ],
    }
    record["cases"].append(second)
    record["components"].append(
        {
            "name": "Giấy xác nhận",
            "need": "conditional",
            "condition": "trường hợp xin cấp gấp",
            "copy_type": "certified_copy",
            "copy_type_note": "Bản sao có chứng thực hoặc bản chính để đối chiếu",
            "quantity": 2,
            "shown_only": True,
            "from_vault": True,
            "case": "gap",
            "demo": False,
        }
    )
    record["demo_fields"] = ["steps", "components"]
    return record


def test_all_forty_demo_records_survive_the_round_trip():
    records = [item.record for item in demo_records()]
    assert len(records) == 40
    assert _round_trip(records) == records


def test_unknown_facts_stay_unknown_and_empty_lists_stay_empty():
    records = [item.record for item in published_records()]
    assert any(r["fees"] is None for r in records) and any(r["fees"] == [] for r in records)
    assert any(r["legal_bases"] is None for r in records)
    assert _round_trip(records) == records


def test_every_column_survives_the_round_trip():
    record = _full_record()
    assert _round_trip([record]) == [record]


def test_rows_are_located_by_sheet_line_and_code():
    located, _ = read_xlsx(write_xlsx([item.record for item in demo_records()[:2]]))
    code = demo_records()[1].record["code"]
    assert located[1].where == f"Trang 'Thủ tục', dòng 3 (mã {code})"


def test_officers_may_type_codes_text_dates_and_thousands_separators():
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([_full_record()])))
    procedures = workbook["Thủ tục"]
    headers = [cell.value for cell in procedures[1]]
    procedures.cell(2, headers.index("Cấp thực hiện") + 1, "xa")
    procedures.cell(2, headers.index("Ngày công bố") + 1, "01/07/2025")
    procedures.cell(2, headers.index("Hiệu lực từ") + 1, "2025-07-15")
    workbook["Phí"].cell(2, 4, "50.000")
    workbook["Phí"].cell(2, 2, "Lệ Phí")
    buffer = io.BytesIO()
    workbook.save(buffer)

    located, errors = read_xlsx(buffer.getvalue())

    assert errors == []
    assert located[0].record == _full_record()


@pytest.mark.django_db
def test_exported_files_import_back_unchanged(tmp_path):
    load_demo_organisation()
    assert catalog_import(records=demo_records()).ok
    stored = [
        to_record(procedure_with_children(pk))
        for pk in Procedure.objects.order_by("code").values_list("pk", flat=True)
    ]

    call_command("export_procedures", "-o", str(tmp_path / "danh-muc.xlsx"))
    call_command("export_procedures", "--format", "json", "-o", str(tmp_path / "danh-muc.json"))

    located, errors = read_xlsx((tmp_path / "danh-muc.xlsx").read_bytes())
    assert errors == []
    assert [item.record for item in located] == stored
    assert [item.record for item in parse_json((tmp_path / "danh-muc.json").read_bytes())] == stored
    out = io.StringIO()
    call_command("import_procedures", str(tmp_path / "danh-muc.xlsx"), stdout=out)
    assert "0 thủ tục mới, 0 cập nhật, 40 không thay đổi" in out.getvalue()


def test_dates_are_written_as_excel_dates_shown_day_first():
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([_full_record()])))
    procedures = workbook["Thủ tục"]
    headers = [cell.value for cell in procedures[1]]
    cell = procedures.cell(2, headers.index("Ngày công bố") + 1)
    assert cell.value.date() == date(2025, 7, 1)
    assert cell.number_format == "dd/mm/yyyy"
