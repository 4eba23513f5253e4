"""The OpenAPI document tells an integrator every answer the API gives: a typed body for each
success and the shared error body for each refusal; and the answers really given match it."""

import copy
import json
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from jsonschema import Draft202012Validator

from motcua.api.api import api
from motcua.api.rendering import VietnamJSONEncoder
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn

ERROR = {"$ref": "#/components/schemas/ApiError"}
# Refusals that depend on what the endpoint does, beyond what its signature shows (401 from
# authentication, 422 from parameters or a body, 404 from a path naming a thing).
SEMANTIC_ERRORS = {
    ("post", "/api/v1/auth/token"): {429},  # repeated failures lock sign-in for a while
    ("post", "/api/v1/dossiers"): {403, 409},  # 409: an Idempotency-Key reused for another body
    ("get", "/api/v1/dossiers"): {403},
    ("post", "/api/v1/dossiers/{code}/actions"): {403, 409},
    ("get", "/api/v1/dossiers/{code}/forms/{name}.{fmt}"): {409},
    ("get", "/api/v1/track/{code}"): {429},
    ("post", "/api/v1/me/dossiers/{code}/withdrawal"): {403, 409},
    ("post", "/api/v1/me/dossiers/{code}/rating"): {403, 409},
    ("get", "/api/v1/reports/ii06a"): {403},
    ("get", "/api/v1/reports/evaluation"): {403},
    ("get", "/api/v1/metrics/766"): {403},
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    """The document through JSON, as integrators read it (status codes become strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=VietnamJSONEncoder))


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def expected_errors(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    codes = set(SEMANTIC_ERRORS.get((method, path), set()))
    if operation.get("security"):
        codes.add(401)
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add(422)
    # A path naming a thing by its code (not a date): an unknown or hidden one is 404.
    if any(
        p["in"] == "path" and p["schema"].get("type") == "string" and "format" not in p["schema"]
        for p in operation.get("parameters", [])
    ):
        codes.add(404)
    return codes


def test_every_operation_declares_a_typed_success_and_every_error_it_can_give(document):
    problems = []
    for method, path, operation in operations(document):
        answers = {int(code): answer for code, answer in operation["responses"].items()}
        successes = [code for code in answers if code < 400]
        if len(successes) != 1:
            problems.append(f"{method} {path}: successes {successes}")
        for code in successes:
            content = answers[code].get("content", {})
            if not content:
                problems.append(f"{method} {path}: {code} declares no body")
            for media, body in content.items():
                schema = resolve(document, body["schema"])
                if media == "application/json":
                    typed = bool(schema.get("properties")) and schema.get("type") == "object"
                else:
                    typed = schema == {"type": "string", "format": "binary"}
                if not typed:
                    problems.append(f"{method} {path}: {code} {media} is untyped: {schema}")
        errors = {code for code in answers if code >= 400}
        missing = expected_errors(method, path, operation) - errors
        if missing:
            problems.append(f"{method} {path}: does not declare {sorted(missing)}")
        for code in errors:
            body = answers[code].get("content", {}).get("application/json", {})
            if body.get("schema") != ERROR:
                problems.append(f"{method} {path}: {code} is not the shared error body")
    assert problems == []
    assert len(operations(document)) >= 19


def test_the_error_body_is_documented_with_its_fields(document):
    error = document["components"]["schemas"]["ApiError"]
    assert error["required"] == ["detail"]
    assert set(error["properties"]) == {"detail", "errors", "allowed_actions"}
    conflict = document["paths"]["/api/v1/dossiers/{code}/actions"]["post"]["responses"]["409"]
    assert "người khác vừa thao tác" in conflict["description"]


class Contract:
    """Checks each answer against the document: its status is declared for the operation and
    its JSON body validates against the declared schema, with no undeclared field."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.strict = copy.deepcopy(document["components"])
        for schema in self.strict["schemas"].values():
            if schema.get("type") == "object" and "properties" in schema:
                schema.setdefault("additionalProperties", False)
        self.routes = [
            (method, path, re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$"))
            for method, path, _ in operations(document)
        ]
        self.seen: set[tuple[str, str, int]] = set()

    def check(self, method: str, url: str, response: Any) -> Any:
        path = url.split("?", 1)[0]
        route = next(
            ((m, p) for m, p, pattern in self.routes if m == method and pattern.match(path)), None
        )
        assert route is not None, f"{method} {path} is not in the document"
        operation = self.document["paths"][route[1]][method]
        declared = operation["responses"].get(str(response.status_code))
        assert declared is not None, (
            f"{method} {path} answered {response.status_code}, not declared: {response.content!r}"
        )
        media = response["Content-Type"].split(";")[0]
        assert media in declared.get("content", {}), (method, path, media)
        if media == "application/json":
            schema = {**declared["content"][media]["schema"], "components": self.strict}
            errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.json())]
            assert errors == [], (method, path, response.status_code, errors)
        self.seen.add((method, route[1], response.status_code))
        return response


class ContractClient(Client):
    """A test client whose every API answer goes through `Contract.check`."""

    contract: Contract

    def get(self, path: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.contract.check("get", path, super().get(path, *args, **kwargs))

    def post(self, path: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.contract.check("post", path, super().post(path, *args, **kwargs))


@pytest.fixture
def contract(document) -> Contract:
    return Contract(document)


def client_for(contract: Contract, username: str | None = None, **options: Any) -> ContractClient:
    client = ContractClient(**options)
    client.contract = contract
    if username:
        token = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": "Demo@2026"},
            content_type="application/json",
        ).json()["token"]
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def post_json(client: Client, path: str, body: Any, **extra: Any) -> Any:
    return client.post(path, body, content_type="application/json", **extra)


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_real_answers_are_declared_and_match_their_schema(demo, contract, citizen):
    anonymous, desk = client_for(contract), client_for(contract, "tiepnhan")
    director, specialist = client_for(contract, "giamdoc"), client_for(contract, "chuyenvien")

    # Catalog and calendar (public).
    assert anonymous.get("/api/v1/procedures?q=văn bằng").status_code == 200
    assert anonymous.get("/api/v1/procedures?level=huyen").status_code == 422
    assert anonymous.get(f"/api/v1/procedures/{EDIT_DIPLOMA}").status_code == 200
    assert anonymous.get("/api/v1/procedures/KHONG-CO").status_code == 404
    assert anonymous.get("/api/v1/workdays/2026-09-02").status_code == 200
    assert anonymous.get("/api/v1/workdays/2026-02-30").status_code == 422
    deadline = "/api/v1/workdays/deadline?received_at=2026-10-05T16:00:00&days=5"
    assert anonymous.get(deadline).status_code == 200
    assert anonymous.get(deadline.replace("days=5", "days=-1")).status_code == 422

    # Tokens.
    wrong = {"username": "tiepnhan", "password": "sai"}
    refused = post_json(anonymous, "/api/v1/auth/token", wrong)
    assert refused.status_code == 401 and set(refused.json()) == {"detail"}
    assert post_json(anonymous, "/api/v1/auth/token", {"username": "x"}).status_code == 422

    # Intake, the list, one dossier.
    body = {"procedure_code": EDIT_DIPLOMA, "channel": 1, "applicant": APPLICANT}
    assert post_json(anonymous, "/api/v1/dossiers", body).status_code == 401
    created = post_json(desk, "/api/v1/dossiers", body, HTTP_IDEMPOTENCY_KEY="k1")
    assert created.status_code == 201
    code = created.json()["code"]
    reused = post_json(desk, "/api/v1/dossiers", {**body, "channel": 2}, HTTP_IDEMPOTENCY_KEY="k1")
    assert reused.status_code == 409
    assert post_json(desk, "/api/v1/dossiers", {**body, "channel": 9}).status_code == 422
    assert desk.get("/api/v1/dossiers").json()["count"] == 1
    assert desk.get("/api/v1/dossiers?page=0").status_code == 422
    assert desk.get(f"/api/v1/dossiers/{code}").status_code == 200
    assert desk.get("/api/v1/dossiers/KHONG-CO").status_code == 404

    # Actions: a refusal for the state and for the input; a move; then refusals for the person
    # (the dossier left the desk) and for a stale version.
    actions = f"/api/v1/dossiers/{code}/actions"
    assert post_json(desk, actions, {"action": "approve"}).status_code == 409
    assert post_json(desk, actions, {"action": "nhay-coc"}).status_code == 422
    assert post_json(specialist, actions, {"action": "forward"}).status_code == 404  # not theirs
    moved = post_json(desk, actions, {"action": "forward", "version": 1})
    assert moved.status_code == 200 and moved.json()["version"] == 2
    refused = post_json(desk, actions, {"action": "forward"})
    assert refused.status_code == 403 and "forward" not in refused.json()["allowed_actions"]
    stale = post_json(specialist, actions, {"action": "forward", "version": 1})
    assert stale.status_code == 409
    assert specialist.get(f"/api/v1/dossiers/{code}").status_code == 200

    # Slips: a file, a slip that does not apply, one that does not exist.
    assert desk.get(f"/api/v1/dossiers/{code}/forms/receipt.pdf").status_code == 200
    assert desk.get(f"/api/v1/dossiers/{code}/forms/refusal.pdf").status_code == 409
    assert desk.get(f"/api/v1/dossiers/{code}/forms/nothing.pdf").status_code == 404

    # Public tracking, then too many wrong guesses.
    assert anonymous.get(f"/api/v1/track/{code}?verify=1234").status_code == 200
    for _ in range(10):
        anonymous.get(f"/api/v1/track/{code}?verify=0000")
    assert anonymous.get(f"/api/v1/track/{code}?verify=1234").status_code == 429

    # The citizen's own dossiers (a citizen is no officer: 403 on the officers' list).
    mine = client_for(contract)
    mine.force_login(citizen)
    assert mine.get("/api/v1/me/dossiers").status_code == 200
    assert mine.get(f"/api/v1/me/dossiers/{code}").status_code == 404
    assert mine.get("/api/v1/dossiers").status_code == 403

    # Reports and statistics.
    assert director.get("/api/v1/reports/ii06a?period=quy-4-2026").status_code == 200
    assert desk.get("/api/v1/reports/ii06a?period=quy-4-2026").status_code == 403
    assert director.get("/api/v1/reports/ii06a?period=quy-9-2026").status_code == 422
    assert director.get("/api/v1/reports/evaluation?year=2026").status_code == 200
    assert director.get("/api/v1/reports/evaluation?quarter=7").status_code == 422
    assert director.get("/api/v1/metrics/766?from=2026-10-01&to=2026-10-05").status_code == 200
    assert director.get("/api/v1/metrics/766?unit=KHONG-CO").status_code == 422

    statuses = {status for _, _, status in contract.seen}
    assert {200, 201, 401, 403, 404, 409, 422, 429} <= statuses
    assert len({(m, p) for m, p, s in contract.seen if s < 300}) >= 14


@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_a_citizens_dossier_answers_match_their_schema(demo, contract, citizen):
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=1,
        applicant=APPLICANT,
        actor=demo["tiepnhan"],
        citizen=citizen,
    ).code
    dossier_transition(code=code, action="forward", actor=demo["tiepnhan"])
    mine = client_for(contract)
    mine.force_login(citizen)
    assert mine.get(f"/api/v1/me/dossiers/{code}").status_code == 200
    early = post_json(mine, f"/api/v1/me/dossiers/{code}/rating", {"satisfaction": "satisfied"})
    assert early.status_code == 409
    assert mine.get(f"/api/v1/me/dossiers/{code}/result").status_code == 404
    # A browser session's write without its CSRF token: 403, declared like any other.
    browser = client_for(contract, enforce_csrf_checks=True)
    browser.force_login(citizen)
    forged = post_json(browser, f"/api/v1/me/dossiers/{code}/withdrawal", {"reason": "Nộp nhầm"})
    assert forged.status_code == 403
    withdrawn = post_json(mine, f"/api/v1/me/dossiers/{code}/withdrawal", {"reason": "Nộp nhầm"})
    assert withdrawn.status_code == 200, withdrawn.content
