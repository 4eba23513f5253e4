"""The officer's screens driven through the test client, as the staff would use them."""

import time_machine

from motcua.audit.models import AuditEvent
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn

NOW = vn(2026, 10, 5, 9)


def intake(client, demo, **changes):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    components = list(procedure.components.all())
    data = {
        "procedure": procedure.pk,
        "case": "chung",
        "channel": 1,
        "applicant_kind": "individual",
        "result_channel": "counter",
        **APPLICANT,
        **changes,
    }
    for c in components:
        if c.name == "Giấy khai sinh":  # its case does not apply: not brought
            continue
        data[f"component_{c.pk}"] = "1"
        data[f"quantity_{c.pk}"] = "1"
        data[f"copy_{c.pk}"] = "copy"
    client.force_login(demo["tiepnhan"])
    return client.post("/can-bo/tiep-nhan/", data)


@time_machine.travel(NOW, tick=False)
def test_counter_intake_creates_the_dossier_with_what_was_received(client, demo):
    response = intake(client, demo)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{dossier.code}/?in=receipt")
    assert dossier.components.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ" in page and "12/10/2026" in page
    assert "Giấy tiếp nhận và hẹn trả kết quả" in page
    assert AuditEvent.objects.filter(action="dossier.viewed", object_id=dossier.code).exists()


@time_machine.travel(NOW, tick=False)
def test_intake_errors_are_shown_in_vietnamese_and_nothing_is_saved(client, demo):
    response = intake(client, demo, id_number="12345")
    assert response.status_code == 200
    assert "Số định danh cá nhân phải gồm 12 chữ số" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_procedure_fragment_lists_components_and_cases(client, demo):
    client.force_login(demo["tiepnhan"])
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    page = client.get(
        "/can-bo/tiep-nhan/thu-tuc/", {"procedure": procedure.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ" in page and "05 ngày làm việc" in page


@time_machine.travel(NOW, tick=False)
def test_officers_move_the_dossier_and_only_see_their_actions(client, demo):
    intake(client, demo)
    code = Dossier.objects.get().code
    url = f"/can-bo/ho-so/{code}/"
    page = client.get(url).content.decode()
    assert "Chuyển xử lý" in page and "Trả kết quả" not in page.split("Biểu mẫu")[0]
    version = Dossier.objects.get().version
    client.post(url, {"action": "forward", "version": version, "to_user": "chuyenvien"})
    dossier = Dossier.objects.get()
    assert dossier.current_holder == demo["chuyenvien"]

    stale = client.post(url, {"action": "forward", "version": version}, follow=True)
    assert "vừa được người khác cập nhật" in stale.content.decode()

    client.force_login(demo["chuyenvien"])
    inbox = client.get("/can-bo/", {"hop": "mine"}).content.decode()
    assert code in inbox
    response = client.post(
        url,
        {
            "action": "request_supplement",
            "version": dossier.version,
            "items": "Bản sao giấy khai sinh\nĐơn đề nghị có chữ ký",
            "note": "Thiếu giấy tờ",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Bản sao giấy khai sinh" in page and "Yêu cầu bổ sung giấy tờ" in page


@time_machine.travel(NOW, tick=False)
def test_missing_reason_is_refused_with_a_message(client, demo):
    intake(client, demo)
    dossier = Dossier.objects.get()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/",
        {"action": "withdraw", "version": dossier.version},
        follow=True,
    )
    assert "Cần nhập nội dung đề nghị rút hồ sơ" in response.content.decode()
    assert Dossier.objects.get().status == 2


@time_machine.travel(NOW, tick=False)
def test_search_by_cccd_or_name_without_diacritics(client, demo):
    intake(client, demo)
    code = Dossier.objects.get().code
    for query in ("001090001234", "nguyen van an", code):
        assert code in client.get("/can-bo/", {"q": query}).content.decode()


@time_machine.travel(NOW, tick=False)
def test_staff_of_other_units_and_citizens_cannot_see_the_dossier(client, demo, citizen):
    intake(client, demo)
    code = Dossier.objects.get().code
    client.force_login(demo["chuyenvien"])
    assert client.get(f"/can-bo/ho-so/{code}/").status_code == 404
    client.force_login(citizen)
    assert client.get("/can-bo/").status_code == 403
    client.logout()
    assert client.get("/can-bo/").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_overdue_dossiers_are_flagged_without_apology(client, demo):
    intake(client, demo)
    with time_machine.travel(vn(2026, 10, 13, 9), tick=False):
        client.force_login(demo["tiepnhan"])
        page = client.get("/can-bo/", {"hop": "overdue"}).content.decode()
    assert "Quá hạn, chưa có văn bản xin lỗi" in page


@time_machine.travel(NOW, tick=False)
def test_online_dossiers_wait_in_the_reception_inbox(client, demo):
    from motcua.dossiers.services import dossier_receive

    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=2, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    client.force_login(demo["tiepnhan"])
    page = client.get("/can-bo/", {"hop": "reception"})
    assert page.status_code == 200 and dossier.code in page.content.decode()
