"""Failed tracking look-ups are counted per client address (as the trusted proxy saw it) and per
code; the right code-and-verifier pair is never refused because of other people's failures."""

import pytest
import time_machine

from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn

PROXY = "10.0.0.2"
pytestmark = pytest.mark.usefixtures("behind_nginx")


@pytest.fixture
def behind_nginx(settings):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.0/8"]


@pytest.fixture
def code(demo) -> str:
    with time_machine.travel(vn(2026, 10, 5, 9), tick=False):
        return dossier_receive(
            procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
        ).code


def track(client, code: str, verify: str, citizen: str, path: str = "/api/v1/track/") -> int:
    response = client.get(
        f"{path}{code}", {"verify": verify}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=citizen
    )
    return response.status_code


def test_one_persons_failures_do_not_lock_out_the_others_behind_the_proxy(client, code):
    attacker = [track(client, "NOPE-000000-0000", "0000", "203.0.113.7") for _ in range(11)]
    assert attacker == [404] * 10 + [429]
    assert track(client, code, "1234", "203.0.113.7") == 429  # the attacker, even when right
    assert track(client, code, "1234", "198.51.100.20") == 200  # another citizen, right pair
    assert track(client, code, "0000", "198.51.100.21") == 404  # another citizen, wrong pair


def test_a_forged_header_from_outside_the_proxy_changes_nothing(client, code):
    for n in range(10):
        client.get(
            "/api/v1/track/NOPE-000000-0000",
            {"verify": "0000"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    refused = client.get(
        f"/api/v1/track/{code}",
        {"verify": "1234"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert refused.status_code == 429


def test_a_code_guessed_from_many_addresses_stays_open_to_its_applicant(client, code):
    # Seven addresses, three wrong verifiers each: 21 failures on one code guard it.
    for n in range(7):
        assert [track(client, code, f"{k:04d}", f"203.0.113.{n}") for k in range(3)] == [404] * 3
    # A guessing address is now refused this code even with the right pair…
    assert track(client, code, "1234", "203.0.113.0") == 429
    # …a fresh one gets its normal answers, and the applicant (right pair) is answered.
    assert track(client, code, "0000", "198.51.100.30") == 404
    assert track(client, code, "1234", "198.51.100.31") == 200
    assert track(client, code, "5678", "198.51.100.30") == 200  # after one typo of their own


def test_the_tracking_page_counts_the_same_way(client, code):
    for _ in range(10):
        track(client, "NOPE-000000-0000", "0000", "203.0.113.7", path="/tra-cuu/")
    page = client.get(
        "/tra-cuu/",
        {"code": code, "verify": "1234"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert page.status_code == 429
    assert "Tra cứu sai quá nhiều lần" in page.content.decode()
    assert track(client, code, "1234", "198.51.100.20", path="/tra-cuu/") == 200
