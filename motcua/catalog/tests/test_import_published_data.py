"""The shipped published data is the importer's first test: 40 real procedures, nulls kept."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from motcua.audit.models import AuditEvent
from motcua.catalog.importing import CatalogFileError, parse_json
from motcua.catalog.models import Procedure, ProcedureRevision
from motcua.catalog.published import published_records
from motcua.catalog.services import catalog_import
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import load_demo_organisation

pytestmark = pytest.mark.django_db
SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "procedures-sgddt.json"


def test_shipped_copy_matches_the_shared_data_when_present():
    if not SHARED.exists():
        pytest.skip("shared/ is not beside the repository")
    shipped = Path(settings.MOTCUA_DATA_DIR) / "procedures-sgddt.json"
    assert json.loads(shipped.read_text()) == json.loads(SHARED.read_text())


def test_published_file_imports_with_unknowns_kept_unknown():
    report = catalog_import(records=published_records())
    assert report.ok, report.errors
    assert len(report.created) == 40
    copy = Procedure.objects.get(code="3.000465")
    assert copy.fees.get().amount_vnd == 10000
    assert copy.cases.get().processing_time.label() == "Trong ngày"
    edit = Procedure.objects.get(code="3.000466")
    assert "fees" in edit.unknown_fields  # null in the source: unknown, not free
    assert edit.cases.get().processing_time.label() == "05 ngày làm việc"
    assert edit.components.count() == 5
    founding = Procedure.objects.get(code="1.012944")
    assert "fees" not in founding.unknown_fields and founding.fees.count() == 0  # "Không"
    assert "components" in founding.unknown_fields
    assert founding.online_level == "toan_trinh" and founding.fully_online_eligible
    assert not founding.demo_fields
    no_code = Procedure.objects.filter(has_national_code=False)
    assert no_code.count() == 10
    assert all(p.code.startswith("NB-") for p in no_code)


def test_reimport_is_idempotent_and_revisions_track_changes():
    catalog_import(records=published_records())
    revisions = ProcedureRevision.objects.count()
    audits = AuditEvent.objects.count()
    again = catalog_import(records=published_records())
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 40)
    assert ProcedureRevision.objects.count() == revisions
    assert AuditEvent.objects.count() == audits

    records = published_records()
    records[0].record["name"] += " (sửa)"
    changed = catalog_import(records=records, note="Sửa tên")
    assert changed.updated == [records[0].record["code"]]
    latest = Procedure.objects.get(code=records[0].record["code"]).revisions.first()
    assert latest.number == 2 and latest.note == "Sửa tên"
    assert latest.snapshot["name"].endswith("(sửa)")


def test_demo_values_fill_unknowns_visibly_and_fit_the_legal_time():
    load_demo_organisation()
    report = catalog_import(records=demo_records())
    assert report.ok, report.errors
    edit = Procedure.objects.get(code="3.000466")
    assert "fees" in edit.demo_fields and "steps" in edit.demo_fields
    assert "processing_time" not in edit.demo_fields  # 05 ngày làm việc is published
    case = edit.cases.get()
    steps = list(case.steps.all())
    assert len(steps) == 5 and all(step.is_demo for step in steps)
    assert [s.role for s in steps] == [
        "receptionist",
        "specialist",
        "unit_head",
        "director",
        "clerk",
    ]
    unknown_time = Procedure.objects.get(code="1.012955")
    assert "processing_time" in unknown_time.demo_fields
    assert unknown_time.cases.get().is_demo


def test_a_bad_row_stops_the_whole_import_with_a_vietnamese_report():
    catalog_import(records=published_records())
    before = Procedure.objects.get(code="1.012944").name
    records = published_records()
    records[0].record["name"] = "Tên mới không được lưu"
    records[1].record["level"] = "huyện"
    records[2].record["fees"] = [{"kind": "phi", "name": "Phí", "amount_vnd": -5}]
    records[3].record["cases"][0]["processing_time"] = {"value": "năm", "unit": "working_days"}
    report = catalog_import(records=records)
    assert not report.ok
    messages = [str(error) for error in report.errors]
    assert any("cấp thực hiện" in m and records[1].where in m for m in messages)
    assert any("mức thu" in m for m in messages)
    assert any("phải là số không âm" in m for m in messages)
    assert "Chưa có thay đổi nào được lưu" in report.summary()
    assert Procedure.objects.get(code="1.012944").name == before


def test_steps_longer_than_the_legal_time_are_refused():
    load_demo_organisation()
    records = demo_records()
    case = records[0].record["cases"][0]
    case["steps"][1]["duration"] = {"value": 400, "unit": "working_days"}
    report = catalog_import(records=records)
    assert any("vượt thời hạn giải quyết" in str(e) for e in report.errors)


@pytest.mark.parametrize(
    "raw", [b"\x89PNG\r\n\x1a\n", b'{"format": "other"}', b"[1, 2]", "ổ".encode("utf-16")]
)
def test_unreadable_files_are_refused_as_a_whole(raw):
    with pytest.raises(CatalogFileError):
        parse_json(raw)


def test_a_motcua_document_with_a_non_object_entry_is_refused():
    with pytest.raises(CatalogFileError):
        parse_json(b'{"format": "motcua-catalog/1", "procedures": [1]}')
