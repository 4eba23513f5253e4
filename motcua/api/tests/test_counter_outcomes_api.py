"""POST /api/v1/dossiers ends the counter check with `counter_outcome`, and asks which
conditional components apply (`applies`), as another system would call it."""

import uuid

import time_machine

from motcua.api.tests.test_dossiers_api import bearer, receive
from motcua.audit.models import AuditEvent
from motcua.catalog.models import Component
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import EDIT_DIPLOMA, vn

NOW = vn(2026, 10, 5, 9)


def form(client, headers, code, name):
    return client.get(f"/api/v1/dossiers/{code}/forms/{name}.pdf", **headers)


@time_machine.travel(NOW, tick=False)
def test_refuse_answers_201_without_due_time_and_only_the_refusal_prints(client, demo):
    headers = bearer(client, "tiepnhan")
    key = str(uuid.uuid4())
    first = receive(client, headers, key, counter_outcome="refuse", note="Không thuộc thẩm quyền")
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == 3 and body["status_label"] == "Không được tiếp nhận"
    assert body["due_at"] is None
    assert (
        receive(
            client, headers, key, counter_outcome="refuse", note="Không thuộc thẩm quyền"
        ).json()
        == body
    )
    assert Dossier.objects.count() == 1
    receipt = form(client, headers, body["code"], "receipt")
    assert receipt.status_code == 409
    assert "chưa được tiếp nhận" in receipt.json()["detail"]
    refusal = form(client, headers, body["code"], "refusal")
    assert refusal.status_code == 200 and refusal.content[:4] == b"%PDF"
    assert form(client, headers, body["code"], "supplement-request").status_code == 409
    assert AuditEvent.objects.filter(object_id=body["code"], action="dossier.refuse").exists()


@time_machine.travel(NOW, tick=False)
def test_request_supplement_answers_201_with_the_supplement_request(client, demo):
    headers = bearer(client, "tiepnhan")
    response = receive(
        client,
        headers,
        str(uuid.uuid4()),
        counter_outcome="request_supplement",
        items=["Bản sao giấy khai sinh"],
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == 5 and body["due_at"] is None
    assert form(client, headers, body["code"], "receipt").status_code == 409
    slip = form(client, headers, body["code"], "supplement-request")
    assert slip.status_code == 200 and slip.content[:4] == b"%PDF"
    detail = client.get(f"/api/v1/dossiers/{body['code']}", **headers).json()
    assert detail["history"][0]["action"] == "request_supplement"
    assert detail["history"][0]["data"]["missing_items"] == ["Bản sao giấy khai sinh"]


@time_machine.travel(NOW, tick=False)
def test_bad_outcomes_are_422_with_the_field_and_save_nothing(client, demo):
    headers = bearer(client, "tiepnhan")
    cases = [
        ({"counter_outcome": "guess"}, "counter_outcome"),
        ({"counter_outcome": "refuse"}, "note"),
        ({"counter_outcome": "request_supplement"}, "items"),
        ({"counter_outcome": "request_supplement", "items": []}, "items"),
        ({"channel": 2, "counter_outcome": "refuse", "note": "x"}, "counter_outcome"),
    ]
    for changes, field in cases:
        response = receive(client, headers, str(uuid.uuid4()), **changes)
        assert response.status_code == 422, changes
        assert response.json()["errors"][0]["field"] == field, changes
    response = receive(client, headers, None, counter_outcome=7)
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def _components():
    found = Component.objects.filter(procedure__code=EDIT_DIPLOMA).order_by("order")
    return {c.name: c.pk for c in found}


@time_machine.travel(NOW, tick=False)
def test_the_procedure_says_which_components_are_conditional(client, demo):
    detail = client.get(f"/api/v1/procedures/{EDIT_DIPLOMA}").json()
    needs = [(c["name"], c["need"], c["condition"]) for c in detail["components"]]
    assert (
        "Giấy khai sinh",
        "conditional",
        "trường hợp chỉnh sửa do bổ sung hộ tịch, điều "
        "chỉnh hộ tịch, đăng ký lại việc sinh hoặc đăng ký khai sinh quá hạn",
    ) in needs
    assert [n for n, need, _ in needs if need == "required"] == [
        "Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ",
        "Văn bằng, chứng chỉ đề nghị chỉnh sửa",
        "Chứng minh thư nhân dân hoặc hộ chiếu hoặc giấy tờ tùy thân hợp pháp khác có ảnh của "
        "người được cấp văn bằng, chứng chỉ",
    ]
    assert all(isinstance(c["id"], int) for c in detail["components"])


@time_machine.travel(NOW, tick=False)
def test_receiving_requires_the_components_that_apply_and_only_those(client, demo):
    headers = bearer(client, "tiepnhan")
    ids = _components()
    required = [
        ids["Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ"],
        ids["Văn bằng, chứng chỉ đề nghị chỉnh sửa"],
        ids[
            "Chứng minh thư nhân dân hoặc hộ chiếu hoặc giấy tờ tùy thân hợp pháp khác có ảnh "
            "của người được cấp văn bằng, chứng chỉ"
        ],
    ]
    birth = ids["Giấy khai sinh"]
    # No condition applies: the three required papers are a complete dossier.
    ok = receive(client, headers, None, components=required)
    assert ok.status_code == 201 and ok.json()["status"] == 2
    # The birth-registration case applies, its paper is missing: not received.
    missing = receive(client, headers, None, components=required, applies=[birth])
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "components"
    assert "Giấy khai sinh" in missing.json()["detail"]
    # With it, received; the receipt lists four papers.
    full = receive(client, headers, None, components=[*required, birth], applies=[birth])
    assert full.status_code == 201
    dossier = Dossier.objects.get(code=full.json()["code"])
    assert dossier.components.count() == 4
    assert dossier.events.get().data["applies"] == [birth]
    # A required paper may not be ticked as a condition, nor a paper of another procedure.
    assert receive(client, headers, None, applies=[required[0]]).status_code == 422
    other = Component.objects.exclude(procedure__code=EDIT_DIPLOMA).first().pk
    bad = receive(client, headers, None, components=[*required, other])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "components"
    # An incomplete dossier can still be asked to supplement.
    asked = receive(
        client,
        headers,
        None,
        components=required[:1],
        counter_outcome="request_supplement",
        items=["Văn bằng đề nghị chỉnh sửa"],
    )
    assert asked.status_code == 201 and asked.json()["due_at"] is None
