"""The dossier API as another system would call it."""

import uuid

import time_machine

from motcua.audit.models import AuditEvent
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn

NOW = vn(2026, 10, 5, 9)


def bearer(client, username):
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": "Demo@2026"},
        content_type="application/json",
    )
    assert response.status_code == 200
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def receive(client, headers, key=None, **changes):
    body = {"procedure_code": EDIT_DIPLOMA, "channel": 1, "applicant": APPLICANT, **changes}
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/dossiers", body, content_type="application/json", **headers, **extra
    )


def act(client, headers, code, **body):
    return client.post(
        f"/api/v1/dossiers/{code}/actions", body, content_type="application/json", **headers
    )


@time_machine.travel(NOW, tick=False)
def test_receive_with_idempotency_key(client, demo):
    headers = bearer(client, "tiepnhan")
    key = str(uuid.uuid4())
    first = receive(client, headers, key)
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == 2 and body["status_label"] == "Được tiếp nhận"
    assert body["due_at"] == "2026-10-12T17:00:00+07:00"
    again = receive(client, headers, key)
    assert again.json() == body
    other = receive(client, headers, key, channel=2)
    assert other.status_code == 409


def test_wrong_password_and_missing_token_are_401(client, demo):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "tiepnhan", "password": "sai"},
        content_type="application/json",
    )
    assert response.status_code == 401 and "không đúng" in response.json()["detail"]
    assert client.get("/api/v1/dossiers").status_code == 401


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_422_naming_the_field(client, demo):
    headers = bearer(client, "tiepnhan")
    bad_id = receive(client, headers, applicant={**APPLICANT, "id_number": "12"})
    assert bad_id.status_code == 422
    assert bad_id.json()["errors"][0]["field"] == "applicant.id_number"
    unknown = receive(client, headers, procedure_code="9.999999")
    assert unknown.status_code == 422 and "9.999999" in unknown.json()["detail"]
    assert receive(client, headers, channel=7).status_code == 422


@time_machine.travel(NOW, tick=False)
def test_only_administrators_import_past_receptions(client, demo):
    past = "2026-09-01T09:00:00+07:00"
    assert receive(client, bearer(client, "tiepnhan"), received_at=past).status_code == 403
    response = receive(client, bearer(client, "quantri"), received_at=past)
    assert response.status_code == 201 and "-260901-" in response.json()["code"]


@time_machine.travel(NOW, tick=False)
def test_the_whole_flow_through_the_api(client, demo, settings):
    settings.MOTCUA_API_TOKEN_TTL = 30 * 24 * 3600  # the flow spans several days
    desk, expert = bearer(client, "tiepnhan"), bearer(client, "chuyenvien")
    head, director, clerk = (bearer(client, u) for u in ("truongphong", "giamdoc", "vanthu"))
    code = receive(client, desk).json()["code"]
    detail = client.get(f"/api/v1/dossiers/{code}", **desk).json()
    assert "forward" in detail["allowed_actions"]
    assert detail["current_step"]["order"] == 1
    assert detail["history"][0]["action"] == "receive"

    wrong = act(client, expert, code, action="forward")
    assert wrong.status_code == 404  # not yet visible to the specialist unit
    late = act(client, desk, code, action="return_result")
    assert late.status_code == 409 and "forward" in late.json()["allowed_actions"]

    assert act(client, desk, code, action="forward", to_user="chuyenvien").status_code == 200
    forbidden = act(client, clerk, code, action="forward")
    assert forbidden.status_code in (403, 404)
    with time_machine.travel(vn(2026, 10, 6, 9), tick=False):
        r = act(
            client,
            expert,
            code,
            action="request_supplement",
            note="Thiếu giấy tờ",
            items=["Bản sao giấy khai sinh"],
        )
        assert r.json()["status"] == 5
    with time_machine.travel(vn(2026, 10, 8, 14), tick=False):
        r = act(client, desk, code, action="receive_supplement")
        assert r.json()["due_at"] == "2026-10-15T17:00:00+07:00"
        assert r.json()["supplement_count"] == 1
    with time_machine.travel(vn(2026, 10, 9, 9), tick=False):
        act(client, expert, code, action="forward")
        act(client, head, code, action="forward")
        assert act(client, director, code, action="approve").status_code == 200
        assert act(client, clerk, code, action="finish").json()["status"] == 9
        final = act(client, desk, code, action="return_result").json()
    assert final["status"] == 10 and final["status_label"] == "Đã trả kết quả"
    event = final["history"][1]
    for key in ("action", "from_status", "to_status", "actor", "at", "step_due_at", "timeliness"):
        assert key in event
    assert event["timeliness"] in ("early", "on_time", "late")
    assert AuditEvent.objects.filter(action="dossier.viewed").exists()


@time_machine.travel(NOW, tick=False)
def test_stale_version_is_a_conflict(client, demo):
    desk = bearer(client, "tiepnhan")
    code = receive(client, desk).json()["code"]
    assert act(client, desk, code, action="forward", version=99).status_code == 409


@time_machine.travel(NOW, tick=False)
def test_list_filters_and_scoping(client, demo):
    desk = bearer(client, "tiepnhan")
    for _ in range(3):
        receive(client, desk)
    listed = client.get("/api/v1/dossiers", {"status": 2}, **desk).json()
    assert listed["count"] == 3
    assert client.get("/api/v1/dossiers", {"overdue": "true"}, **desk).json()["count"] == 0
    assert (
        client.get("/api/v1/dossiers", {"received_from": "2026-10-06"}, **desk).json()["count"] == 0
    )
    expert = bearer(client, "chuyenvien")
    assert client.get("/api/v1/dossiers", **expert).json()["count"] == 0
    assert client.get("/api/v1/dossiers", {"status": 11}, **desk).status_code == 422


@time_machine.travel(NOW, tick=False)
def test_forms_are_served_as_pdf_and_docx(client, demo):
    desk = bearer(client, "tiepnhan")
    code = receive(client, desk).json()["code"]
    pdf = client.get(f"/api/v1/dossiers/{code}/forms/receipt.pdf", **desk)
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    docx = client.get(f"/api/v1/dossiers/{code}/forms/control-slip.docx", **desk)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    refusal = client.get(f"/api/v1/dossiers/{code}/forms/refusal.pdf", **desk)
    assert refusal.status_code == 409 and refusal.json()["detail"]
    assert client.get(f"/api/v1/dossiers/{code}/forms/nope.pdf", **desk).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_long_list_says_its_count_is_a_lower_bound(client, demo, monkeypatch):
    desk = bearer(client, "tiepnhan")
    for _ in range(3):
        receive(client, desk)
    listed = client.get("/api/v1/dossiers", **desk).json()
    assert (listed["count"], listed["count_exact"], len(listed["items"])) == (3, True, 3)
    monkeypatch.setattr("motcua.core.paging.COUNT_CAP", 2)
    capped = client.get("/api/v1/dossiers", **desk).json()
    assert (capped["count"], capped["count_exact"]) == (2, False)
    assert [d["code"] for d in capped["items"]] == [d["code"] for d in listed["items"]][:2]
