"""The intake screen ends the counter check with one of three outcomes and prints the right
slip; its checklist asks which conditional papers apply and requires only those."""

import time_machine

from motcua.backoffice.tests.test_officer_screens import intake
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA, vn

NOW = vn(2026, 10, 5, 9)


@time_machine.travel(NOW, tick=False)
def test_refusing_at_the_counter_prints_only_the_refusal(client, demo):
    response = intake(client, demo, counter_outcome="refuse", note="Không thuộc thẩm quyền")
    dossier = Dossier.objects.get()
    assert dossier.status == 3 and dossier.due_at is None and dossier.accepted_at is None
    assert response["Location"].endswith(f"/{dossier.code}/?in=refusal")
    page = client.get(response["Location"]).content.decode()
    assert "Đã từ chối tiếp nhận hồ sơ" in page and "(Mẫu 03)" in page
    assert "In ngay để trao cho người nộp" in page
    assert f"/ho-so/{dossier.code}/phieu/refusal.pdf" in page
    assert "receipt.pdf" not in page and "control-slip" not in page
    slip = client.get(f"/can-bo/ho-so/{dossier.code}/phieu/refusal.pdf")
    assert slip.status_code == 200 and slip.content[:4] == b"%PDF"
    receipt = client.get(f"/can-bo/ho-so/{dossier.code}/phieu/receipt.pdf", follow=True)
    assert "chưa được tiếp nhận hợp lệ" in receipt.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_incomplete_dossier_gets_the_supplement_request(client, demo):
    response = intake(
        client,
        demo,
        counter_outcome="request_supplement",
        supplement_items="Bản sao giấy khai sinh\n\nẢnh 3x4",
    )
    dossier = Dossier.objects.get()
    assert dossier.status == 5 and dossier.due_at is None
    assert dossier.supplements.get().items == ["Bản sao giấy khai sinh", "Ảnh 3x4"]
    assert response["Location"].endswith("?in=supplement-request")
    page = client.get(response["Location"]).content.decode()
    assert "chưa được tiếp nhận" in page and "(Mẫu 02)" in page


@time_machine.travel(NOW, tick=False)
def test_an_outcome_missing_its_reason_keeps_what_was_typed(client, demo):
    response = intake(client, demo, counter_outcome="refuse", note="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cần nhập lý do từ chối tiếp nhận." in page
    assert 'value="Nguyễn Văn An"' in page
    assert not Dossier.objects.exists()
    response = intake(client, demo, counter_outcome="request_supplement")
    assert "Cần liệt kê từng nội dung cần bổ sung" in response.content.decode()
    assert intake(client, demo, counter_outcome="guess").status_code == 200
    assert not Dossier.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_checklist_asks_which_conditions_apply(client, demo):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    birth = procedure.components.get(name="Giấy khai sinh")
    client.force_login(demo["tiepnhan"])
    fragment = client.get(f"/can-bo/tiep-nhan/thu-tuc/?procedure={procedure.pk}")
    html = fragment.content.decode()
    assert (
        f'name="applies_{birth.pk}"' in html
        and "Người nộp thuộc trường hợp chỉnh sửa do bổ sung hộ tịch" in html
    )
    assert f'id="component_{birth.pk}" name="component_{birth.pk}" value="1">' in html  # unticked
    # The case applies and its paper was not brought: not received, the ticks kept.
    response = intake(client, demo, **{f"applies_{birth.pk}": "1"})
    assert response.status_code == 200 and not Dossier.objects.exists()
    page = response.content.decode()
    assert "Còn thiếu giấy tờ: Giấy khai sinh" in page
    assert f'name="applies_{birth.pk}" value="1" checked' in page
    # Brought: received with it.
    response = intake(client, demo, **{f"applies_{birth.pk}": "1", f"component_{birth.pk}": "1"})
    assert response.status_code == 302
    assert Dossier.objects.get().components.filter(name="Giấy khai sinh").exists()
