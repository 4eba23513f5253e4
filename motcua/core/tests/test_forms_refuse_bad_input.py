"""Bad input typed into the HTML forms of the portal and the back office, or into a URL: a
Vietnamese message, never a 500, nothing saved half-way. Runs on PostgreSQL in CI, where NUL
bytes and over-long values would otherwise fail in the database."""

import pytest
import time_machine

from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierDraft
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.portal.tests.test_citizen_online_flow import submit

NOW = vn(2026, 10, 5, 9)
NUL = "Nguyễn\x00Văn An"
CONTROL = "Nguyễn\x1bVăn An"
HUGE = "A" * 1_000_000
CONTROL_MESSAGE = "ký tự điều khiển"


def intake(client, demo, **changes):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    data = {
        "procedure": procedure.pk,
        "case": "chung",
        "channel": 1,
        "applicant_kind": "individual",
        "result_channel": "counter",
        **APPLICANT,
        **changes,
    }
    client.force_login(demo["tiepnhan"])
    return client.post("/can-bo/tiep-nhan/", data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", NUL, CONTROL_MESSAGE),
        ("full_name", CONTROL, CONTROL_MESSAGE),
        ("full_name", HUGE, "tối đa 255 kí tự"),
        ("address", NUL, CONTROL_MESSAGE),
        ("address", HUGE, "tối đa 500 kí tự"),
        ("commune", "x" * 121, "tối đa 120 kí tự"),
        ("representative_name", NUL, CONTROL_MESSAGE),
        ("representative_document", HUGE, "tối đa 255 kí tự"),
        ("case", NUL, CONTROL_MESSAGE),
        ("email", "a\x00@example.vn", "Email"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_counter_intake_refuses_bad_text(client, demo, field, value, message):
    response = intake(client, demo, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dossier.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_counter_intake_bounds_what_was_received(client, demo):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    components = list(procedure.components.all())
    component = components[0]
    ticked = {f"component_{c.pk}": "1" for c in components}
    response = intake(
        client,
        demo,
        **ticked,
        **{f"quantity_{component.pk}": "9" * 30, f"copy_{component.pk}": "\x00" * 40},
    )
    assert response.status_code == 302
    received = Dossier.objects.get().components.get(component=component)
    assert received.quantity == 999 and received.copy_type == component.copy_type


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", NUL, "Họ và tên: Có ký tự điều khiển"),
        ("full_name", HUGE, "Họ và tên: Dài quá 255 ký tự"),
        ("address", NUL, "Địa chỉ: Có ký tự điều khiển"),
        ("result_address", HUGE, "Địa chỉ nhận kết quả: Dài quá 500 ký tự"),
        ("case", "\x00", "case: Có ký tự điều khiển"),
    ],
)
def test_online_submission_refuses_bad_text_and_keeps_the_draft(
    client, demo, citizen, field, value, message
):
    submit(client, citizen, intent="save")  # a draft saved earlier
    response = submit(client, citizen, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.exists()
    draft = DossierDraft.objects.get()
    assert "\x00" not in str(draft.data) and len(str(draft.data)) < 2000
    assert draft.data["phone"] == "0912345678"  # what was valid is kept


@pytest.mark.parametrize("note", [NUL, HUGE])
def test_citizen_withdrawal_reason_is_checked(client, demo, citizen, note):
    submit(client, citizen)
    dossier = Dossier.objects.get()
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/", {"intent": "withdraw", "note": note}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONTROL_MESSAGE in page or "Dài quá 4000 ký tự" in page
    dossier.refresh_from_db()
    assert dossier.status != Status.WITHDRAWAL_REQUESTED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"note": NUL}, CONTROL_MESSAGE),
        ({"note": HUGE}, "tối đa 4000 kí tự"),
        ({"items": "Bản sao\x00"}, CONTROL_MESSAGE),
        ({"to_user": NUL}, CONTROL_MESSAGE),
        ({"amount_vnd": str(2**63)}, "nhỏ hơn hoặc bằng"),
        ({"to_step": str(2**63)}, "nhỏ hơn hoặc bằng"),
        ({"new_due_at": "01/01/0001"}, "Ngày phải trong khoảng 01/01/2000"),
        ({"new_due_at": "31/12/9999"}, "Ngày phải trong khoảng 01/01/2000"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_officer_action_form_refuses_bad_input(client, demo, changes, message):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    client.force_login(demo["tiepnhan"])
    body = {"action": "request_supplement", "version": dossier.version, **changes}
    response = client.post(f"/can-bo/ho-so/{dossier.code}/", body, follow=True)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.version == 1  # nothing happened


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/thu-tuc/%00/", 400),
        ("/thu-tuc/?q=%00", 422),
        ("/tra-cuu/?ma=abc%00", 422),
        ("/can-bo/ho-so/%00/", 400),
        ("/ho-so-cua-toi/%1b/", 400),
    ],
)
def test_control_characters_in_a_url_get_a_vietnamese_page(client, demo, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "ký tự điều khiển" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/track/%00", 400, "path"),
        ("/api/v1/procedures?field=%00", 422, "field"),
        ("/api/v1/track/ABC?verify=12%0034", 422, "verify"),
    ],
)
def test_control_characters_in_an_api_url_get_json(client, url, status, field):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == field
