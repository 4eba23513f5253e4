"""`/api/v1/docs` must work on an intranet: it names no outside host and MotCua serves every file
it needs (the vendored Swagger UI)."""

import json
from html.parser import HTMLParser

import pytest


class _References(HTMLParser):
    """Every address the page makes the browser fetch, and its JSON settings block."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.settings_json = ""
        self._in_settings = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(found[name] or "")
        self._in_settings = found.get("id") == "swagger-settings"

    def handle_data(self, data: str) -> None:
        if self._in_settings:
            self.settings_json += data

    def handle_endtag(self, tag: str) -> None:
        self._in_settings = False


@pytest.fixture
def docs_page(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = _References()
    page.feed(response.content.decode())
    return response, page


def test_docs_page_names_no_outside_host(docs_page):
    response, page = docs_page
    html = response.content.decode()
    assert "jsdelivr" not in html and "unpkg" not in html
    assert "http://" not in html and "https://" not in html
    for url in page.urls:
        if url == "data:,":  # the empty favicon: the browser asks nobody
            continue
        assert url.startswith("/") and not url.startswith("//"), url
    settings = json.loads(page.settings_json)
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # else Swagger UI asks validator.swagger.io


def test_every_file_the_docs_page_names_is_served(client, docs_page):
    _, page = docs_page
    served = {}
    for url in page.urls:
        if url.startswith("/"):
            response = client.get(url)
            assert response.status_code == 200, url
            served[url.rsplit("/", 1)[-1]] = b"".join(response.streaming_content)
    assert set(served) == {"swagger-ui.css", "swagger-ui-bundle.js", "api-docs.js"}
    assert b"SwaggerUIBundle" in served["swagger-ui-bundle.js"]
    assert b".swagger-ui" in served["swagger-ui.css"]
    assert b"http" not in served["api-docs.js"]
    assert client.get("/api/v1/openapi.json").status_code == 200
