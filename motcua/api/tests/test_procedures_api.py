import pytest

from motcua.catalog.services import catalog_import


@pytest.fixture
def catalog(demo):
    """The demo organisation and catalog (written as the root conftest's `demo` recorded them)."""


def test_list_matches_the_fixed_contract(client, catalog):
    body = client.get("/api/v1/procedures", {"q": "van bang"}).json()
    assert body["count"] >= 2
    item = body["items"][0]
    for key in ("code", "name", "field", "level", "online_level", "processing_time"):
        assert key in item
    assert set(item["processing_time"]) >= {"value", "unit"}


def test_filters_and_pages(client, catalog):
    body = client.get("/api/v1/procedures", {"online_level": "toan_trinh"}).json()
    assert body["count"] == 23
    assert all(i["online_level"] == "toan_trinh" for i in body["items"])
    page2 = client.get("/api/v1/procedures", {"page": 2}).json()
    assert page2["page"] == 2 and len(page2["items"]) == 20
    assert client.get("/api/v1/procedures", {"level": "huyen"}).status_code == 422


def test_detail_has_components_fees_cases_steps(client, catalog):
    body = client.get("/api/v1/procedures/3.000465").json()
    assert body["fees"][0]["amount_vnd"] == 10000
    assert body["processing_time"] == {"value": None, "unit": "same_day", "label": "Trong ngày"}
    assert len(body["components"]) == 2
    assert body["cases"][0]["default"] is True
    assert [s["order"] for s in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["steps"][0]["demo"] is True
    assert body["cases"][0]["reduction_percent"] > 0
    assert "steps" in body["demo_fields"]


def test_unknown_facts_are_null_not_zero(client, db):
    from motcua.catalog.published import published_records

    catalog_import(records=published_records())
    body = client.get("/api/v1/procedures/3.000466").json()
    assert body["fees"] is None
    assert body["legal_bases"]
    body = client.get("/api/v1/procedures/1.012955").json()
    assert body["processing_time"]["value"] is None and body["processing_time"]["unit"] is None


def test_unknown_code_is_a_json_404(client, catalog):
    response = client.get("/api/v1/procedures/0.000000")
    assert response.status_code == 404
    assert "0.000000" in response.json()["detail"]


def test_openapi_and_docs_are_served(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/procedures" in spec["paths"]
    assert "/api/v1/workdays/deadline" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200
