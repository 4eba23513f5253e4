"""The way of receiving the result (hình thức nhận kết quả): the online form offers what the
procedure can do and starts from what the citizen chose last time; the desk's "return the result"
form starts from what the applicant chose for this dossier."""

import re

import time_machine

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA, vn
from motcua.portal.tests.test_citizen_online_flow import submit, take_to_result

NOW = vn(2026, 10, 5, 9)
ADDRESS = "Số 12 Trần Phú, phường Lộc Thọ, Khánh Hòa"


def checked_channel(page: str) -> list[str]:
    return re.findall(r'name="result_channel" value="(\w+)" checked', page)


def offered_channels(page: str) -> list[str]:
    return re.findall(r'name="result_channel" value="(\w+)"', page)


@time_machine.travel(NOW, tick=False)
def test_a_first_submission_starts_from_online(client, demo, citizen):
    client.force_login(citizen)
    page = client.get(f"/nop-ho-so/{EDIT_DIPLOMA}/").content.decode()
    assert offered_channels(page) == ["counter", "postal", "online"]
    assert checked_channel(page) == ["online"]


@time_machine.travel(NOW, tick=False)
def test_the_next_form_starts_from_the_channel_chosen_last_time(client, demo, citizen):
    submit(client, citizen, result_channel="postal", result_address=ADDRESS)
    assert Dossier.objects.get().result_channel == "postal"
    other = Procedure.objects.filter(online_level="toan_trinh").exclude(code=EDIT_DIPLOMA).first()
    page = client.get(f"/nop-ho-so/{other.code}/").content.decode()
    assert checked_channel(page) == ["postal"]
    assert f'name="result_address" value="{ADDRESS}"' in page


@time_machine.travel(NOW, tick=False)
def test_post_is_not_offered_where_the_procedure_does_not_allow_it(client, demo, citizen):
    submit(client, citizen, result_channel="postal", result_address=ADDRESS)
    other = Procedure.objects.filter(online_level="toan_trinh").exclude(code=EDIT_DIPLOMA).first()
    Procedure.objects.filter(pk=other.pk).update(postal_allowed=False)
    page = client.get(f"/nop-ho-so/{other.code}/").content.decode()
    assert offered_channels(page) == ["counter", "online"]
    assert checked_channel(page) == ["online"]  # last time's choice is not possible here

    # Posted anyway (an old tab, a crafted form): refused in words, nothing submitted.
    response = client.post(
        f"/nop-ho-so/{other.code}/",
        {"intent": "submit", "result_channel": "postal", "result_address": ADDRESS},
    )
    assert response.status_code == 400
    assert "không trả kết quả theo hình thức đã chọn" in response.content.decode()
    assert not Dossier.objects.filter(procedure=other).exists()


@time_machine.travel(NOW, tick=False)
def test_the_desk_returns_the_result_the_way_the_applicant_chose(client, demo, citizen):
    submit(client, citizen, result_channel="postal", result_address=ADDRESS)
    code = Dossier.objects.get().code
    take_to_result(code, demo)
    client.force_login(demo["tiepnhan"])
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    select = re.search(r'<select id="rc_return_result".*?</select>', page, re.S)
    assert select is not None
    assert re.findall(r'value="(\w+)" selected', select.group(0)) == ["postal"]
