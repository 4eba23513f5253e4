"""Online, "Chỉnh sửa nội dung văn bằng, chứng chỉ" asks which conditional papers apply and
requires only those: a citizen uploads only the papers that apply to them."""

import time_machine

from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierDraft
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA, vn
from motcua.portal.tests.test_citizen_online_flow import pdf

NOW = vn(2026, 10, 5, 9)
BIRTH = "Giấy khai sinh"


def post(client, citizen, names, **extra):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    data = {
        "intent": "submit",
        "full_name": "Nguyễn Văn An",
        "id_number": "001090001234",
        "phone": "0912345678",
        "result_channel": "online",
        **extra,
    }
    for c in procedure.components.filter(name__in=names):
        data[f"file_{c.pk}"] = pdf(f"{c.pk}.pdf")
    client.force_login(citizen)
    return client.post(f"/nop-ho-so/{EDIT_DIPLOMA}/", data)


def required_names():
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    return list(procedure.components.filter(need="required").values_list("name", flat=True))


@time_machine.travel(NOW, tick=False)
def test_the_form_asks_each_condition_in_vietnamese(client, demo, citizen):
    client.force_login(citizen)
    page = client.get(f"/nop-ho-so/{EDIT_DIPLOMA}/").content.decode()
    assert "Tôi thuộc trường hợp chỉnh sửa do bổ sung hộ tịch, điều chỉnh hộ tịch" in page
    assert (
        "Tôi thuộc trường hợp chỉnh sửa do thay đổi, cải chính hộ tịch, xác định lại dân tộc"
        in page
    )
    assert page.count('type="checkbox" id="applies_') == 2


@time_machine.travel(NOW, tick=False)
def test_a_citizen_whose_case_is_plain_uploads_only_the_three_required(client, demo, citizen):
    response = post(client, citizen, required_names())
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.NEW
    assert sorted(dossier.components.values_list("name", flat=True)) == sorted(required_names())


@time_machine.travel(NOW, tick=False)
def test_a_ticked_condition_requires_its_paper_and_keeps_the_draft(client, demo, citizen):
    birth = Procedure.objects.get(code=EDIT_DIPLOMA).components.get(name=BIRTH)
    response = post(client, citizen, required_names(), **{f"applies_{birth.pk}": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Còn thiếu tệp: Giấy khai sinh" in page
    assert f'id="applies_{birth.pk}" name="applies_{birth.pk}" value="1" checked' in page
    assert DossierDraft.objects.get().data["applies"] == [birth.pk]
    assert not Dossier.objects.exists()
    # Uploading it (the earlier files are kept in the draft) submits the dossier with it.
    response = post(client, citizen, [BIRTH], **{f"applies_{birth.pk}": "1"})
    assert response.status_code == 302
    names = set(Dossier.objects.get().components.values_list("name", flat=True))
    assert names == {*required_names(), BIRTH}
