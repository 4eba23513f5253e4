import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.catalog.importing import parse_json
from motcua.catalog.models import Procedure, ProcedureCase, ProcedureRevision, ProcessStep
from motcua.catalog.services import catalog_import
from motcua.catalog.spreadsheet import read_xlsx, write_xlsx
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import load_demo_organisation

IMPORT_URL = "admin:catalog_procedure_import"


@pytest.fixture
def demo_units(db):
    load_demo_organisation()


@pytest.fixture
def catalog(demo):
    """The demo organisation and catalog (written as the root conftest's `demo` recorded them)."""


def _form_data(response) -> dict:
    """What the browser would post back unchanged from an admin change page."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if (
                value is None
                or value == ""
                or value is False
                or (hasattr(value, "url") and not value)
            ):
                continue
            data[form[name].html_name] = "on" if value is True else value
    return data


def _upload(client, name: str, content: bytes):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, content)})


def test_admin_imports_an_xlsx_and_sees_the_summary(client, admin, demo_units):
    client.force_login(admin)
    assert client.get(reverse(IMPORT_URL)).status_code == 200

    response = _upload(client, "danh-muc.xlsx", write_xlsx([i.record for i in demo_records()]))

    assert response.status_code == 200
    assert "Đã nhập: 40 thủ tục mới, 0 cập nhật, 0 không thay đổi." in response.text
    assert Procedure.objects.count() == 40
    revision = ProcedureRevision.objects.first()
    assert revision.actor == admin
    assert revision.note == "Nhập danh mục từ tệp danh-muc.xlsx"


def test_import_page_lists_every_bad_row_and_saves_nothing(client, admin, demo_units):
    records = [i.record for i in demo_records()]
    records[0]["level"] = "huyen"
    raw = write_xlsx(records)
    client.force_login(admin)

    response = _upload(client, "danh-muc.xlsx", raw)

    assert "Không nhập được: 1 lỗi" in response.text
    assert "Trang &#x27;Thủ tục&#x27;, dòng 2" in response.text
    assert "không hợp lệ (dùng: Cấp tỉnh, Cấp xã)" in response.text
    assert Procedure.objects.count() == 0


def test_a_png_named_xlsx_is_refused_on_the_import_page(client, admin):
    client.force_login(admin)
    response = _upload(client, "danh-muc.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert "Tệp không phải danh mục JSON hoặc bảng tính XLSX." in response.text
    assert Procedure.objects.count() == 0


def test_receptionist_may_not_import(client, receptionist, demo_units):
    client.force_login(receptionist)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    raw = write_xlsx([i.record for i in demo_records()])
    assert _upload(client, "danh-muc.xlsx", raw).status_code == 403
    assert Procedure.objects.count() == 0


def test_changelist_links_import_only_for_catalog_editors(client, admin, receptionist, catalog):
    changelist = reverse("admin:catalog_procedure_changelist")
    client.force_login(admin)
    page = client.get(changelist).text
    assert reverse(IMPORT_URL) in page
    assert reverse("admin:catalog_procedure_export_xlsx") in page
    client.force_login(receptionist)
    page = client.get(changelist).text
    assert reverse(IMPORT_URL) not in page
    assert reverse("admin:catalog_procedure_export_xlsx") in page


def test_exports_download_and_parse_back(client, receptionist, catalog):
    client.force_login(receptionist)
    xlsx = client.get(reverse("admin:catalog_procedure_export_xlsx"))
    document = client.get(reverse("admin:catalog_procedure_export_json"))

    assert xlsx.status_code == document.status_code == 200
    assert xlsx["Content-Disposition"].startswith('attachment; filename="danh-muc-thu-tuc-')
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    located, errors = read_xlsx(xlsx.content)
    assert errors == []
    from_json = parse_json(document.content)
    assert json.loads(document.content)["format"] == "motcua-catalog/1"
    assert [i.record for i in located] == [i.record for i in from_json]
    assert len(located) == 40
    assert catalog_import(records=located).unchanged == [i.record["code"] for i in located]


def test_citizen_cannot_export(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("admin:catalog_procedure_export_json"))
    assert response.status_code == 302  # to the staff login page


def test_admin_edit_creates_a_revision_and_an_audit_event(client, admin, catalog):
    procedure = Procedure.objects.order_by("code").first()
    url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
    client.force_login(admin)
    data = _form_data(client.get(url))
    data["name"] = "Tên thủ tục đã sửa"
    events = AuditEvent.objects.filter(action="catalog.procedure_changed").count()

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    revision = procedure.revisions.order_by("-number").first()
    assert revision.number == 2
    assert revision.actor == admin
    assert revision.note == "Sửa trên trang quản trị"
    assert revision.snapshot["name"] == "Tên thủ tục đã sửa"
    assert AuditEvent.objects.filter(action="catalog.procedure_changed").count() == events + 1
    history = client.get(url).text
    assert "Sửa trên trang quản trị" in history  # Lịch sử phiên bản


def test_admin_search_ignores_diacritics(client, admin, catalog):
    client.force_login(admin)
    changelist = reverse("admin:catalog_procedure_changelist")
    found = client.get(changelist, {"q": "van bang"}).context["cl"].result_count
    assert found > 0
    assert found == client.get(changelist, {"q": "văn bằng"}).context["cl"].result_count


def test_steps_longer_than_the_legal_time_are_rejected(client, admin, catalog):
    case = ProcedureCase.objects.filter(processing_time_unit="working_days").first()
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    client.force_login(admin)
    page = client.get(url)
    assert "rút ngắn" in page.text
    data = _form_data(page)
    data["steps-1-duration_value"] = "1000"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "vượt thời hạn giải quyết" in response.text
    assert not ProcessStep.objects.filter(case=case, duration_value=1000).exists()
    assert case.procedure.revisions.count() == 1


def test_steps_within_the_legal_time_are_saved_with_a_revision(client, admin, catalog):
    case = ProcedureCase.objects.filter(processing_time_unit="working_days").first()
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    client.force_login(admin)
    data = _form_data(client.get(url))
    data["steps-1-duration_value"] = "1"

    assert client.post(url, data).status_code == 302
    assert ProcessStep.objects.filter(case=case, duration_value=1).exists()
    assert case.procedure.revisions.count() == 2


def test_saving_the_change_page_unchanged_keeps_the_record(client, admin, catalog):
    procedure = Procedure.objects.get(code=demo_records()[0].record["code"])
    url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
    client.force_login(admin)

    response = client.post(url, _form_data(client.get(url)))

    assert response.status_code == 302
    assert procedure.revisions.count() == 1  # same content, so no new version
