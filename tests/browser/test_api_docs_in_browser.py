"""The API documentation page in chromium with every outside host cut off, as on an intranet."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_with_no_internet(demo_site, browser):
    context = browser.new_context(locale="vi-VN")
    outside: list[str] = []
    local = urlsplit(demo_site).netloc

    def cut_off(route, request):
        if request.url.startswith("data:") or urlsplit(request.url).netloc == local:
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", cut_off)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{demo_site}/api/v1/docs")
        page.locator(".opblock-summary-path", has_text="/api/v1/dossiers").first.wait_for()
        assert page.locator(".opblock").count() >= 15
        assert "MotCua API" in page.locator(".info .title").inner_text()
    finally:
        context.close()
    assert outside == []
    assert errors == []
