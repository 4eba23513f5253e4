"""Citizens register and sign in with a one-time code sent by e-mail or SMS (simulator)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from motcua.accounts.citizens import (
    CodeRefused,
    destination_parse,
    one_time_code_issue,
    one_time_code_verify,
)
from motcua.accounts.models import CodePurpose, OneTimeCode, User
from motcua.demo.organisation import DEMO_PASSWORD
from motcua.integrations.sms.models import SimulatedSms

REGISTER = "/tai-khoan/dang-ky/"
REGISTER_CONFIRM = "/tai-khoan/dang-ky/xac-thuc/"
SIGN_IN = "/tai-khoan/dang-nhap/"
SIGN_IN_CONFIRM = "/tai-khoan/dang-nhap/xac-thuc/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """Rate-limit counters live in the cache, which outlives a test."""
    settings.MOTCUA_SMS_PROVIDER = "simulator"
    cache.clear()
    yield
    cache.clear()


def last_code_mailed(mailoutbox) -> str:
    return re.findall(r"\b\d{6}\b", mailoutbox[-1].body)[0]


def last_code_texted(phone_e164: str) -> str:
    sms = SimulatedSms.objects.filter(to=phone_e164).first()
    assert sms is not None, f"no SMS to {phone_e164}"
    return re.findall(r"\b\d{6}\b", sms.text)[0]


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def register_by_phone(client, phone: str = "0912345678", name: str = "Lê Thị Hoa") -> User:
    client.post(REGISTER, {"destination": phone})
    code = last_code_texted("+84" + phone[1:])
    client.post(REGISTER_CONFIRM, {"code": code, "full_name": name, "id_number": ""})
    user = signed_in_user(client)
    assert user is not None
    client.post("/tai-khoan/dang-xuat/")
    return user


def test_register_by_email_signs_the_citizen_in(client, mailoutbox):
    response = client.post(REGISTER, {"destination": " An.Nguyen@Example.VN "})
    assert response.status_code == 302 and response["Location"] == REGISTER_CONFIRM
    assert mailoutbox[-1].to == ["an.nguyen@example.vn"]
    assert "Mã xác thực" in mailoutbox[-1].subject

    page = client.get(REGISTER_CONFIRM).content.decode()
    assert "an.nguyen@example.vn" in page and "10 phút" in page

    response = client.post(
        REGISTER_CONFIRM,
        {
            "code": last_code_mailed(mailoutbox),
            "full_name": "Nguyễn  Văn An",
            "id_number": "001099012345",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    user = signed_in_user(client)
    assert user is not None
    assert (user.username, user.email, user.full_name) == (
        "an.nguyen@example.vn",
        "an.nguyen@example.vn",
        "Nguyễn Văn An",
    )
    assert not user.is_staff and not user.has_usable_password()
    assert user.citizen_profile.email_verified_at is not None
    assert user.citizen_profile.id_number_verified_at is None  # typed, not vouched for
    page = client.get("/tai-khoan/").content.decode()
    assert "Nguyễn Văn An" in page and "chưa xác thực" in page


def test_register_by_phone_with_the_code_from_the_sms_simulator(client):
    client.post(REGISTER, {"destination": "+84 912.345.678"})
    code = last_code_texted("+84912345678")
    client.post(REGISTER_CONFIRM, {"code": code, "full_name": "Lê Thị Hoa"})
    user = signed_in_user(client)
    assert user is not None and user.username == "0912345678" and user.phone == "0912345678"


def test_confirm_page_tells_the_developer_where_codes_are(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    client.post(REGISTER, {"destination": "0912345678"})
    assert "Tin nhắn SMS mô phỏng" in client.get(REGISTER_CONFIRM).content.decode()


def test_sign_in_by_phone_and_by_email(client, mailoutbox):
    user = register_by_phone(client)
    client.post(SIGN_IN, {"destination": "0912 345 678"})
    client.post(SIGN_IN_CONFIRM, {"code": last_code_texted("+84912345678")})
    assert signed_in_user(client) == user

    User.objects.create_user(username="binh@example.vn", email="binh@example.vn")
    client.post("/tai-khoan/dang-xuat/")
    client.post(SIGN_IN, {"destination": "BINH@example.vn"})
    response = client.post(SIGN_IN_CONFIRM, {"code": last_code_mailed(mailoutbox)})
    assert response.status_code == 302
    assert signed_in_user(client).username == "binh@example.vn"


def test_sign_in_follows_a_safe_next_only(client):
    register_by_phone(client)
    client.post(SIGN_IN, {"destination": "0912345678", "next": "https://evil.example/"})
    response = client.post(SIGN_IN_CONFIRM, {"code": last_code_texted("+84912345678")})
    assert response["Location"] == "/tai-khoan/"


def test_invalid_destination_is_explained(client):
    page = client.post(SIGN_IN, {"destination": "12345"}).content.decode()
    assert "số điện thoại di động gồm 10 chữ số" in page


def test_wrong_code_counts_down_then_the_code_dies(client):
    register_by_phone(client)
    client.post(SIGN_IN, {"destination": "0912345678"})
    code = last_code_texted("+84912345678")
    for remaining in (4, 3, 2, 1):
        page = client.post(SIGN_IN_CONFIRM, {"code": wrong(code)}).content.decode()
        assert f"Mã xác thực không đúng, còn {remaining} lần thử" in page
    page = client.post(SIGN_IN_CONFIRM, {"code": wrong(code)}).content.decode()
    assert "nhập sai 5 lần" in page
    page = client.post(SIGN_IN_CONFIRM, {"code": code}).content.decode()
    assert "quá 5 lần" in page
    assert signed_in_user(client) is None


def test_expired_code_is_refused(client):
    register_by_phone(client)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.post(SIGN_IN, {"destination": "0912345678"})
        code = last_code_texted("+84912345678")
        traveller.shift(timedelta(minutes=10, seconds=1))
        page = client.post(SIGN_IN_CONFIRM, {"code": code}).content.decode()
    assert "Mã xác thực đã hết hạn" in page
    assert signed_in_user(client) is None


def test_code_lives_at_most_ten_minutes_whatever_is_configured(db, settings):
    settings.MOTCUA_OTP_TTL_SECONDS = 3600
    one_time_code_issue(destination="0912345678", purpose=CodePurpose.REGISTER)
    row = OneTimeCode.objects.get()
    assert row.expires_at - row.created_at <= timedelta(minutes=10)


def test_a_used_code_cannot_be_used_again(db):
    target = one_time_code_issue(destination="0912345678", purpose=CodePurpose.REGISTER)
    code = last_code_texted("+84912345678")
    one_time_code_verify(destination=target, purpose=CodePurpose.REGISTER, code=code)
    with pytest.raises(CodeRefused, match="đã được sử dụng"):
        one_time_code_verify(destination=target, purpose=CodePurpose.REGISTER, code=code)


def test_a_register_code_does_not_sign_in(db):
    target = one_time_code_issue(destination="0912345678", purpose=CodePurpose.REGISTER)
    code = last_code_texted("+84912345678")
    with pytest.raises(CodeRefused):
        one_time_code_verify(destination=target, purpose=CodePurpose.SIGN_IN, code=code)


def test_only_a_hash_of_the_code_is_stored(db):
    one_time_code_issue(destination="0912345678", purpose=CodePurpose.REGISTER)
    code = last_code_texted("+84912345678")
    row = OneTimeCode.objects.values().get()
    assert all(code not in str(value) for value in row.values())


def test_codes_per_destination_are_rate_limited_for_an_hour(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            assert client.post(REGISTER, {"destination": "0912345678"}).status_code == 302
        page = client.post(REGISTER, {"destination": "0912345678"}).content.decode()
        assert "quá nhiều lần" in page
        assert re.search(r"thử lại sau \d\d:\d\d \d\d/\d\d/\d{4}", page)
        assert SimulatedSms.objects.count() == 5
        # Another destination is not held back by this one's limit.
        assert client.post(REGISTER, {"destination": "0987654321"}).status_code == 302
        traveller.shift(timedelta(hours=1, seconds=1))
        assert client.post(REGISTER, {"destination": "0912345678"}).status_code == 302


def test_a_failed_sms_is_reported_and_its_code_is_dead(client, settings):
    settings.MOTCUA_SMS_PROVIDER = "http"
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:9/unreachable"
    settings.MOTCUA_SMS_API_KEY = "k"
    page = client.post(REGISTER, {"destination": "0912345678"}).content.decode()
    assert "Không gửi được mã xác thực" in page
    assert OneTimeCode.objects.get().attempts == 5


def test_staff_still_sign_in_with_a_password(client, receptionist):
    response = client.post("/dang-nhap/", {"username": "receptionist", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/can-bo/"


def test_staff_cannot_sign_in_with_a_code(client, org):
    User.objects.create_user(username="0911111111", password=DEMO_PASSWORD, is_staff=True)
    client.post(SIGN_IN, {"destination": "0911111111"})
    page = client.post(SIGN_IN_CONFIRM, {"code": last_code_texted("+84911111111")})
    assert "Chưa có tài khoản nào" in page.content.decode()
    assert signed_in_user(client) is None


def test_destinations_are_normalised_into_usernames():
    assert destination_parse("84912345678").value == "0912345678"
    assert destination_parse("(091) 234-5678").value == "0912345678"
    assert destination_parse("Ten@Example.VN").value == "ten@example.vn"
