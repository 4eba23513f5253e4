"""The input policy itself, and the API answers it gives: 422 with Vietnamese messages."""

import unicodedata
from datetime import date, datetime

import pytest
import time_machine

from motcua.api.auth import token_issue
from motcua.core.inputs import InputError, check_day, check_moment, clean_text
from motcua.core.localtime import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn


def test_text_is_nfc_and_control_characters_are_refused():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert clean_text(decomposed, max_length=50) == "Nguyễn Thị Hường"
    assert clean_text("dòng 1\n\tdòng 2", max_length=50, multiline=True) == "dòng 1\n\tdòng 2"
    for bad in ("a\x00b", "a\x1bb", "a\nb", "a\ud800b", "a\uffffb"):
        with pytest.raises(InputError):
            clean_text(bad, max_length=50)
    with pytest.raises(InputError, match="Dài quá 5 ký tự"):
        clean_text("abcdef", max_length=5)


def test_dates_are_bounded_by_settings(settings):
    assert check_day(date(2000, 1, 1)) == date(2000, 1, 1)
    for day in (date(1, 1, 2), date(1999, 12, 31), date(9999, 12, 31)):
        with pytest.raises(InputError, match="01/01/2000"):
            check_day(day)
    settings.MOTCUA_EARLIEST_DATE = date(1990, 1, 1)
    assert check_day(date(1995, 6, 1)) == date(1995, 6, 1)


def test_a_time_without_offset_is_vietnam_time():
    moment = check_moment(datetime(2026, 12, 1, 8, 0))
    assert moment == datetime(2026, 12, 1, 8, 0, tzinfo=VN_TZ)


NOW = vn(2026, 10, 5, 9)
BIG = 2**63


@pytest.fixture
def api(client, demo):
    def call(method, url, body=None, user="tiepnhan"):
        token, _ = token_issue(demo[user])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if method == "get":
            return client.get(url, **headers)
        return client.post(url, body, content_type="application/json", **headers)

    return call


BODY = {"procedure_code": EDIT_DIPLOMA, "channel": 1, "applicant": APPLICANT}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**BODY, "procedure_code": "\x00"}, "procedure_code", "ký tự điều khiển"),
        ({**BODY, "applicant": {**APPLICANT, "full_name": "A\x00"}}, "applicant.full_name", "NUL"),
        ({**BODY, "applicant": {**APPLICANT, "full_name": "A" * 10**6}}, "", "Dài quá 255"),
        ({**BODY, "applicant": {**APPLICANT, "address": "A" * 501}}, "", "Dài quá 500"),
        ({**BODY, "received_at": "0001-01-02T08:00:00+07:00"}, "received_at", "01/01/2000"),
        ({**BODY, "received_at": "9999-12-31T08:00:00+07:00"}, "received_at", "31/12/2099"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_intake_api_refuses_bad_input_with_422(api, body, field, message):
    response = api("post", "/api/v1/dossiers", body, user="quantri")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert message in error["message"] and error["field"].startswith(field)
    assert not Dossier.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_naive_historical_time_is_taken_as_vietnam_time(api):
    body = {**BODY, "received_at": "2026-10-01T08:00:00"}
    response = api("post", "/api/v1/dossiers", body, user="quantri")
    assert response.status_code == 201
    assert response.json()["received_at"] == "2026-10-01T08:00:00+07:00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "request_fee", "amount_vnd": BIG}, "amount_vnd"),
        ({"action": "forward", "version": BIG}, "version"),
        ({"action": "forward", "to_step": BIG}, "to_step"),
        ({"action": "request_supplement", "items": ["a\x00"]}, "items.0"),
        ({"action": "request_supplement", "items": ["A" * 2000]}, "items.0"),
        ({"action": "request_supplement", "items": ["a"] * 51}, "items"),
        ({"action": "forward", "at": "0001-01-01T08:00:00"}, "at"),
        ({"action": "forward", "note": "A" * 5000}, "note"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_action_api_refuses_bad_input_with_422(api, demo, body, field):
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    response = api("post", f"/api/v1/dossiers/{dossier.code}/actions", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    dossier.refresh_from_db()
    assert dossier.version == 1


@time_machine.travel(NOW, tick=False)
def test_the_service_refuses_an_ancient_historical_dossier(demo):
    from motcua.dossiers.exceptions import InvalidInput

    with pytest.raises(InvalidInput, match="01/01/2000"):
        dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=1,
            applicant=APPLICANT,
            actor=demo["quantri"],
            received_at=datetime(1, 1, 2, 8, tzinfo=VN_TZ),
        )
