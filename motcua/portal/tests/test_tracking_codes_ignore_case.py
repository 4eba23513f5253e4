"""A dossier code typed in small letters, with spaces or with a typographic dash finds the dossier:
on the tracking page, in the tracking API and on the citizen's own pages."""

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.dossiers.numbering import dossier_code_normalised
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.portal.tests.test_citizen_online_flow import submit

NOW = vn(2026, 10, 5, 9)


def typed_carelessly(code: str) -> str:
    """'000.05.15.H99-261005-0001' → ' 000.05.15.h99 – 261005–0001 ' (phone keyboard, PDF copy)."""
    unit, day, sequence = code.rsplit("-", 2)
    return f" {unit.lower()} \u2013 {day}\u2013{sequence} "


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("000.05.15.h99-261005-0001", "000.05.15.H99-261005-0001"),
        ("  000.05.15.H99 - 261005 - 0001\n", "000.05.15.H99-261005-0001"),
        ("000.05.15.H99\u2013261005\u22120001", "000.05.15.H99-261005-0001"),
        ("ＡＢ.1-261005-0001", "AB.1-261005-0001"),  # full-width letters from some keyboards
    ],
)
def test_one_normal_form_for_a_typed_code(typed, stored):
    assert dossier_code_normalised(typed) == stored


@time_machine.travel(NOW, tick=False)
def test_the_tracking_page_and_api_find_a_code_typed_in_small_letters(client, demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    assert code == code.upper() and any(c.isalpha() for c in code)

    page = client.get("/tra-cuu/", {"code": typed_carelessly(code), "verify": "1234"})
    assert page.status_code == 200
    assert f'Hồ sơ <span class="code">{code}</span>' in page.content.decode()

    api = client.get(f"/api/v1/track/{code.lower()}", {"verify": "1234"})
    assert api.status_code == 200 and api.json()["code"] == code

    # A wrong pair is still refused, whatever the case.
    assert client.get("/tra-cuu/", {"code": code.lower(), "verify": "9999"}).status_code == 404
    assert client.get(f"/api/v1/track/{code.lower()}", {"verify": "9999"}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_citizens_own_pages_find_a_code_typed_in_small_letters(client, demo, citizen):
    submit(client, citizen)
    code = Dossier.objects.get(citizen=citizen).code
    assert client.get(f"/ho-so-cua-toi/{code.lower()}/").status_code == 200
    # Tracking by code alone while signed in goes to the citizen's own page.
    response = client.get("/tra-cuu/", {"code": code.lower()})
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{code}/"


@time_machine.travel(NOW, tick=False)
def test_the_desk_finds_a_code_typed_in_small_letters(client, demo):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    client.force_login(demo["tiepnhan"])
    assert code in client.get("/can-bo/", {"q": typed_carelessly(code)}).content.decode()
    assert client.get(f"/can-bo/ho-so/{code.lower()}/").status_code == 200
