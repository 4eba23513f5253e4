"""Sign-in and registration answer the same whether or not an e-mail, phone or staff name has
an account; only the owner of the destination learns it, after entering the code sent there."""

import re

import pytest

from motcua.accounts.models import User
from motcua.integrations.sms.models import SimulatedSms

pytestmark = pytest.mark.django_db

KNOWN, UNKNOWN = "0912345678", "0987654321"


@pytest.fixture
def citizen_account(settings) -> User:
    settings.MOTCUA_SMS_PROVIDER = "simulator"
    user = User(username=KNOWN, phone=KNOWN, full_name="Lê Thị Hoa", is_staff=False)
    user.set_unusable_password()
    user.save()
    return user


def code_texted(phone: str) -> str:
    sms = SimulatedSms.objects.filter(to="+84" + phone[1:]).first()
    assert sms is not None, f"no SMS to {phone}"
    return re.findall(r"\b\d{6}\b", sms.text)[0]


def answer(client, path: str, phone: str) -> tuple[int, str, list[str]]:
    response = client.post(path, {"destination": phone}, follow=True)
    page = response.content.decode().replace(phone, "<phone>")
    notices = re.findall(r'class="notice[^"]*"[^>]*>([^<]+)<', page)
    return response.status_code, response.redirect_chain[-1][0], notices


@pytest.mark.parametrize("path", ["/tai-khoan/dang-nhap/", "/tai-khoan/dang-ky/"])
def test_known_and_unknown_phones_get_the_same_answer_and_a_code(client, citizen_account, path):
    known = answer(client, path, KNOWN)
    client.cookies.clear()
    unknown = answer(client, path, UNKNOWN)
    assert known == unknown
    assert known[1].endswith("/xac-thuc/")
    assert code_texted(KNOWN) and code_texted(UNKNOWN)


def test_the_owner_of_an_unknown_phone_learns_it_after_the_code(client, citizen_account):
    client.post("/tai-khoan/dang-nhap/", {"destination": UNKNOWN})
    page = client.post("/tai-khoan/dang-nhap/xac-thuc/", {"code": code_texted(UNKNOWN)})
    assert "Chưa có tài khoản nào" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_registering_a_phone_that_has_an_account_signs_its_owner_in(client, citizen_account):
    client.post("/tai-khoan/dang-ky/", {"destination": KNOWN})
    response = client.post(
        "/tai-khoan/dang-ky/xac-thuc/",
        {"code": code_texted(KNOWN), "full_name": "Người Khác", "id_number": ""},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen_account.pk)
    assert User.objects.filter(username=KNOWN).count() == 1
    citizen_account.refresh_from_db()
    assert citizen_account.full_name == "Lê Thị Hoa"


def test_a_wrong_code_says_the_same_for_both(client, citizen_account):
    pages = []
    for phone in (KNOWN, UNKNOWN):
        client.cookies.clear()
        client.post("/tai-khoan/dang-nhap/", {"destination": phone})
        wrong = f"{(int(code_texted(phone)) + 1) % 10**6:06d}"
        page = client.post("/tai-khoan/dang-nhap/xac-thuc/", {"code": wrong}).content.decode()
        pages.append(re.findall(r"Mã xác thực không đúng[^<]*", page))
    assert pages[0] == pages[1] == [pages[0][0]]


@pytest.mark.parametrize(
    ("path", "field"),
    [("/dang-nhap/", "content"), ("/quan-tri/login/", "content"), ("/api/v1/auth/token", "json")],
)
def test_staff_sign_in_says_the_same_for_an_unknown_name(client, receptionist, path, field):
    replies = []
    for name in ("receptionist", "no-such-officer"):
        if field == "json":
            response = client.post(
                path, {"username": name, "password": "wrong"}, content_type="application/json"
            )
            replies.append((response.status_code, response.json()["detail"]))
        else:
            response = client.post(path, {"username": name, "password": "wrong"})
            page = response.content.decode().replace(name, "<name>")
            replies.append((response.status_code, re.findall(r"không đúng[^<]*", page)))
    assert replies[0] == replies[1]
    assert replies[0][0] in (200, 401)
    assert replies[0][1]  # the message was found, and is the same
