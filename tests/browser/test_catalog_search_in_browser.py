"""A citizen finds a procedure on a phone and on a desktop; staff sign in.

Runs Debian's chromium (/usr/bin/chromium) through Playwright against pytest-django's live server;
the whole module is skipped when chromium is absent.
"""

import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Tên hoặc mã thủ tục"
COPY_OF_DIPLOMA = "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"
CORRECT_DIPLOMA = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
PHONE_SCREENSHOT = Path(tempfile.gettempdir()) / "motcua-detail-phone.png"  # /tmp on Debian


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _is_htmx_results(response: Any) -> bool:
    return "/thu-tuc/" in response.url and response.request.headers.get("hx-request") == "true"


def _wait_for_count(page: Any, text: str) -> None:
    """Wait until the swapped-in result count says `text` (compared in NFC)."""
    page.wait_for_function(
        """text => {
            const count = document.querySelector('#ket-qua .count');
            return count !== null && count.textContent.normalize('NFC').includes(text)
                && document.querySelector('.htmx-request, .htmx-settling') === null;
        }""",
        arg=_nfc(text),
    )


def search(page: Any, query: str, *, keystrokes: bool = True) -> Any:
    """Type `query` into the search box and wait for HTMX to swap in its results."""
    box = page.get_by_label(SEARCH_LABEL)
    box.fill("")
    with page.expect_response(_is_htmx_results):
        if keystrokes:
            box.press_sequentially(query, delay=15)
        else:  # pasted text arrives as one input event, exactly as given (NFD stays NFD)
            box.fill(query)
    _wait_for_count(page, f"«{query}»")
    return page.locator("#ket-qua li.result")


def assert_assets_load(page: Any) -> None:
    """Every stylesheet and script the page links is served (else nothing below can work)."""
    assets = page.eval_on_selector_all(
        "link[rel=stylesheet], script[src]", "els => els.map(el => el.href || el.src)"
    )
    assert assets, "the page links no stylesheet or script"
    broken = [
        f"{url} → HTTP {response.status}"
        for url in assets
        if not (response := page.request.get(url)).ok
    ]
    assert not broken, f"static files are not served: {broken}"


def open_catalog(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/thu-tuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu thủ tục hành chính")
    assert_assets_load(page)
    page.wait_for_function("() => window.htmx !== undefined")  # htmx is loaded with defer


def test_search_without_diacritics_then_open_the_procedure(page, viewport, demo_site):
    open_catalog(page, demo_site)
    results = search(page, "cap ban sao van bang")
    expect(results.first).to_contain_text(COPY_OF_DIPLOMA)
    # hx-push-url: the address bar holds the search, so it can be bookmarked or shared.
    assert parse_qs(urlsplit(page.url).query)["q"] == ["cap ban sao van bang"]

    results.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COPY_OF_DIPLOMA)
    expect(page.get_by_role("heading", level=2, name="Thành phần hồ sơ")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Quy trình nội bộ")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("10.000 đồng")
    notice = page.get_by_role("note")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("giá trị minh họa")
    expect(notice).to_contain_text("Quy trình nội bộ")


@pytest.mark.parametrize(
    ("query", "keystrokes"),
    [
        pytest.param(unicodedata.normalize("NFD", "chỉnh sửa văn bằng"), False, id="nfd"),
        pytest.param("chinh sua van bagn", True, id="typo"),
    ],
)
def test_decomposed_and_mistyped_queries_find_the_procedure(
    page, viewport, demo_site, query, keystrokes
):
    open_catalog(page, demo_site)
    results = search(page, query, keystrokes=keystrokes)
    expect(results.first).to_contain_text(CORRECT_DIPLOMA)


def test_filter_by_fully_online_lists_only_fully_online_procedures(page, viewport, demo_site):
    from motcua.catalog.constants import OnlineLevel
    from motcua.catalog.selectors import procedures_matching

    expected = len(procedures_matching(online_level=OnlineLevel.FULL))
    assert 0 < expected < len(procedures_matching())  # the filter has something to leave out

    open_catalog(page, demo_site)
    with page.expect_response(_is_htmx_results):
        page.get_by_label("Dịch vụ công trực tuyến").select_option(label="Toàn trình")
    _wait_for_count(page, f"{expected} thủ tục.")
    assert parse_qs(urlsplit(page.url).query)["online_level"] == ["toan_trinh"]

    seen = 0
    while True:
        results = page.locator("#ket-qua li.result")
        assert results.count() > 0
        for result in results.all():
            expect(result.locator(".meta")).to_contain_text("Trực tuyến: Toàn trình")
        seen += results.count()
        next_page = page.get_by_role("link", name="Trang sau ›")
        if next_page.count() == 0:
            break
        next_page.click()
        page.wait_for_load_state()
        expect(page.get_by_label("Dịch vụ công trực tuyến")).to_have_value("toan_trinh")
    assert seen == expected


def _overflowing_elements(page: Any) -> list[str]:
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth + 1;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > limit)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                     + ' right=' + Math.round(el.getBoundingClientRect().right))
                .slice(0, 10);
        }"""
    )


def test_detail_page_fits_the_screen(page, viewport, demo_site):
    from motcua.catalog.models import Procedure

    code = Procedure.objects.get(name__startswith=COPY_OF_DIPLOMA).code
    page.goto(f"{demo_site}/thu-tuc/{code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(COPY_OF_DIPLOMA)
    assert_assets_load(page)  # without the stylesheet the layout check means nothing
    page.evaluate("document.fonts.ready")
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if viewport == "phone":
        page.screenshot(path=str(PHONE_SCREENSHOT), full_page=True)
    assert widths["scroll"] <= widths["inner"] + 1, (
        f"horizontal overflow on {viewport}: {widths}; widest: {_overflowing_elements(page)}"
    )


def _sign_in(page: Any, base_url: str, password: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_staff_sign_in_reaches_the_back_office_and_the_admin(page, viewport, demo_site):
    from motcua.demo.organisation import DEMO_PASSWORD

    _sign_in(page, demo_site, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    expect(page.get_by_role("heading", name="Hồ sơ cần xử lý")).to_be_visible()
    page.goto(f"{demo_site}/quan-tri/")
    expect(page.locator("#site-name")).to_contain_text("MotCua – Quản trị")
    expect(page.locator("#user-tools")).to_contain_text(re.compile("quantri|Đỗ Văn Quản"))
    expect(page.locator("form#logout-form")).to_be_attached()


def test_wrong_password_is_refused_in_vietnamese(page, viewport, demo_site):
    _sign_in(page, demo_site, "not-the-password")
    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("quantri")
