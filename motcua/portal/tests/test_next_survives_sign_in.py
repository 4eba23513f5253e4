"""A citizen who clicked "Nộp hồ sơ trực tuyến" without an account lands back on the form, after
registering or signing in, through every step in between; a target on another site is never
followed."""

import re

import pytest
from django.core.cache import cache

from motcua.accounts.tests.test_citizen_sign_in import (
    last_code_texted,
    register_by_phone,
    signed_in_user,
    wrong,
)
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA

FORM = f"/nop-ho-so/{EDIT_DIPLOMA}/"
PHONE, PHONE_E164 = "0912345678", "+84912345678"
FOREIGN = ["https://evil.example/", "//evil.example/nop-ho-so/", "javascript:alert(1)"]


@pytest.fixture(autouse=True)
def sms_simulator(settings):
    settings.MOTCUA_SMS_PROVIDER = "simulator"
    cache.clear()


def hidden_next(page: str) -> str:
    found = re.search(r'name="next" value="([^"]*)"', page)
    assert found, "the page carries no next field"
    return found.group(1)


def test_register_from_the_form_link_lands_back_on_the_form(client, demo):
    sign_in = client.get(FORM)
    assert sign_in.status_code == 302
    assert sign_in["Location"] == f"/tai-khoan/dang-nhap/?next={FORM}"
    page = client.get(sign_in["Location"]).content.decode()
    # No account yet: every link to registration (the page's and the header's) carries it along.
    links = re.findall(r'href="(/tai-khoan/dang-ky/[^"]*)"', page)
    assert len(links) == 2 and set(links) == {f"/tai-khoan/dang-ky/?next={FORM}"}

    page = client.get(links[0]).content.decode()
    assert hidden_next(page) == FORM
    # A mistake in the address keeps it too.
    page = client.post("/tai-khoan/dang-ky/", {"destination": "12345", "next": FORM})
    assert hidden_next(page.content.decode()) == FORM

    client.post("/tai-khoan/dang-ky/", {"destination": PHONE, "next": FORM})
    code = last_code_texted(PHONE_E164)
    details = {"full_name": "Lê Thị Hoa", "id_number": ""}
    wrong_code = client.post("/tai-khoan/dang-ky/xac-thuc/", {"code": wrong(code), **details})
    assert wrong_code.status_code == 200 and signed_in_user(client) is None
    response = client.post("/tai-khoan/dang-ky/xac-thuc/", {"code": code, **details})
    assert response.status_code == 302 and response["Location"] == FORM
    assert client.get(FORM).status_code == 200


def test_sign_in_with_a_code_lands_back_on_the_form(client, demo):
    register_by_phone(client, PHONE)
    page = client.get(f"/tai-khoan/dang-nhap/?next={FORM}").content.decode()
    assert hidden_next(page) == FORM
    assert f'href="/tai-khoan/dang-ky/?next={FORM}"' in page

    client.post("/tai-khoan/dang-nhap/", {"destination": PHONE, "next": FORM})
    confirm = client.get("/tai-khoan/dang-nhap/xac-thuc/").content.decode()
    # "Resend the code" and "use another address" keep it as well.
    assert hidden_next(confirm) == FORM
    assert f'href="/tai-khoan/dang-nhap/?next={FORM}"' in confirm
    client.post("/tai-khoan/dang-nhap/", {"destination": PHONE, "next": hidden_next(confirm)})
    response = client.post("/tai-khoan/dang-nhap/xac-thuc/", {"code": last_code_texted(PHONE_E164)})
    assert response.status_code == 302 and response["Location"] == FORM

    # Signed in already: the sign-in page sends the citizen straight on.
    again = client.get(f"/tai-khoan/dang-nhap/?next={FORM}")
    assert again.status_code == 302 and again["Location"] == FORM


@pytest.mark.parametrize("target", FOREIGN)
def test_a_target_on_another_site_is_neither_carried_nor_followed(client, demo, target):
    register_by_phone(client, PHONE)
    page = client.get("/tai-khoan/dang-nhap/", {"next": target}).content.decode()
    assert hidden_next(page) == ""
    assert "evil" not in page
    client.post("/tai-khoan/dang-nhap/", {"destination": PHONE, "next": target})
    response = client.post("/tai-khoan/dang-nhap/xac-thuc/", {"code": last_code_texted(PHONE_E164)})
    assert response["Location"] == "/tai-khoan/"
    assert client.get("/tai-khoan/dang-nhap/", {"next": target})["Location"] == "/tai-khoan/"


def test_a_new_sign_in_does_not_inherit_a_target_left_half_way(client, demo):
    register_by_phone(client, PHONE)
    client.post("/tai-khoan/dang-nhap/", {"destination": PHONE, "next": FORM})  # abandoned
    page = client.get("/tai-khoan/dang-nhap/").content.decode()  # later, from the header
    assert hidden_next(page) == ""
    client.post("/tai-khoan/dang-nhap/", {"destination": PHONE, "next": hidden_next(page)})
    response = client.post("/tai-khoan/dang-nhap/xac-thuc/", {"code": last_code_texted(PHONE_E164)})
    assert response["Location"] == "/tai-khoan/"
