"""Citizens sign in with VNeID (OpenID Connect), here against the local simulator we start."""

import http.client
import urllib.parse

import pytest

from motcua.accounts.models import CitizenProfile, User
from motcua.integrations.vneid.simulator import SimulatedIdentity, VneidSimulator

pytestmark = pytest.mark.django_db


@pytest.fixture
def vneid(settings):
    with VneidSimulator(client_id="motcua-test", client_secret="s3cret") as provider:
        settings.MOTCUA_VNEID_ISSUER = provider.issuer
        settings.MOTCUA_VNEID_CLIENT_ID = "motcua-test"
        settings.MOTCUA_VNEID_CLIENT_SECRET = "s3cret"
        yield provider


def browser_visits_provider(url: str) -> str:
    """What the browser does at VNeID: open the authorize URL, get the redirect back to us."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", f"{parts.path}?{parts.query}")
    response = connection.getresponse()
    assert response.status == 302, response.read()
    location = response.getheader("Location")
    connection.close()
    back = urllib.parse.urlsplit(location)
    return f"{back.path}?{back.query}"


def sign_in_with_vneid(client, next_url: str = ""):
    start = client.get("/tai-khoan/vneid/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    return client.get(browser_visits_provider(start["Location"]))


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_full_flow_creates_a_verified_citizen(client, vneid):
    response = sign_in_with_vneid(client)
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    user = signed_in_user(client)
    assert user is not None and not user.is_staff
    assert (user.username, user.full_name, user.id_number) == (
        "0912345678",
        "Nguyễn Văn Thử",
        "001099012345",
    )
    profile = user.citizen_profile
    assert profile.vneid_sub == "vneid-sim-0001"
    assert profile.id_number_verified_at is not None and profile.phone_verified_at is not None
    page = client.get("/tai-khoan/").content.decode()
    assert "đã xác thực qua VNeID" in page

    client.post("/tai-khoan/dang-xuat/")
    sign_in_with_vneid(client)
    assert signed_in_user(client) == user
    assert User.objects.count() == 1


def test_authorize_request_uses_pkce_state_and_nonce(client, vneid):
    url = client.get("/tai-khoan/vneid/")["Location"]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert url.startswith(vneid.issuer + "/authorize?")
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["client_id"] == "motcua-test"
    assert query["redirect_uri"].endswith("/tai-khoan/vneid/ve/")


def test_vneid_links_the_account_registered_with_the_same_phone(client, vneid):
    existing = User.objects.create_user(username="0912345678", phone="0912345678")
    sign_in_with_vneid(client, next_url="/thu-tuc/")
    assert signed_in_user(client) == existing
    existing.refresh_from_db()
    assert existing.full_name == "Nguyễn Văn Thử"
    assert CitizenProfile.objects.get(user=existing).vneid_sub == "vneid-sim-0001"


def test_without_a_phone_the_account_gets_a_vneid_username(client, vneid):
    vneid.identity = SimulatedIdentity(sub="abc", phone_number="", citizen_id="079200000001")
    sign_in_with_vneid(client)
    assert signed_in_user(client).username == "vneid-abc"


@pytest.mark.parametrize(
    ("failure", "message", "logged"),
    [
        ("access_denied", "Bạn đã hủy hoặc không cho phép đăng nhập bằng VNeID", "access_denied"),
        ("wrong_nonce", "Không xác thực được thông tin đăng nhập từ VNeID", "nonce"),
        ("expired_token", "Không xác thực được thông tin đăng nhập từ VNeID", "expired"),
        ("bad_signature", "Không xác thực được thông tin đăng nhập từ VNeID", "Signature verif"),
    ],
)
def test_each_failure_is_explained_and_signs_nobody_in(
    client, vneid, caplog, failure, message, logged
):
    vneid.failure = failure
    with caplog.at_level("INFO"):
        response = sign_in_with_vneid(client)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert logged in caplog.text  # refused for the reason simulated, not by accident
    assert signed_in_user(client) is None
    assert not User.objects.exists()


def test_a_callback_without_our_state_is_refused(client, vneid):
    start = client.get("/tai-khoan/vneid/")
    back = browser_visits_provider(start["Location"])
    forged = back.replace("state=", "state=x")
    response = client.get(forged)
    assert "Phiên đăng nhập VNeID không hợp lệ" in response.content.decode()
    assert signed_in_user(client) is None


def test_a_callback_cannot_be_replayed(client, vneid):
    start = client.get("/tai-khoan/vneid/")
    back = browser_visits_provider(start["Location"])
    assert client.get(back).status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    response = client.get(back)
    assert response.status_code == 400 and signed_in_user(client) is None


def test_an_unreachable_provider_is_explained(client, settings):
    settings.MOTCUA_VNEID_ISSUER = "http://127.0.0.1:9"
    settings.MOTCUA_VNEID_CLIENT_ID = "motcua"
    response = client.get("/tai-khoan/vneid/")
    assert "Không kết nối được với VNeID" in response.content.decode()


def test_the_button_shows_only_when_vneid_is_configured(client, settings):
    settings.MOTCUA_VNEID_ISSUER = ""
    assert "Đăng nhập bằng VNeID" not in client.get("/tai-khoan/dang-nhap/").content.decode()
    assert client.get("/tai-khoan/vneid/").status_code == 404
    settings.MOTCUA_VNEID_ISSUER = "http://127.0.0.1:9"
    settings.MOTCUA_VNEID_CLIENT_ID = "motcua"
    assert "Đăng nhập bằng VNeID" in client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Đăng nhập bằng VNeID" in client.get("/tai-khoan/dang-ky/").content.decode()
