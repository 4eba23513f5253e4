"""Fixtures for the browser tests: Debian's chromium driven by Playwright against a live server.

Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM calls
from a thread with a running loop unless told that this is deliberate.
"""

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS: dict[str, dict[str, Any]] = {
    # An ordinary phone (iPhone 12–15 class) and an office desktop.
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the whole run; each test gets its own context (cookies, viewport)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Configuration rows that data migrations ship: (migration module, its forward function).
SHIPPED_CONFIGURATION = (
    ("motcua.metrics.migrations.0003_index766_scheme", "load"),
    ("motcua.ratings.migrations.0003_tt01_2018_scheme", "add_scheme"),
    ("motcua.reports.migrations.0002_default_rules", "forwards"),
    ("motcua.scheduler.migrations.0002_default_schedules", "add"),
)


def _reseed_shipped_configuration() -> None:
    """Put back what the data migrations ship, when missing. After a browser test's flush the
    serialized rollback has been seen not to restore the newest of these rows (the 766 and
    TT 01/2018 schemes) when other tests ran first in the same session; each function is
    idempotent, so calling it when the rows are there changes nothing."""
    from django.apps import apps

    for module, function in SHIPPED_CONFIGURATION:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def demo_site(
    live_server, django_db_serialized_rollback, transactional_db, settings, recorded_demo
) -> str:
    """The live server's address, with the demo organisation and the demo catalog loaded.

    The live server runs in another thread, so the data must be committed (transactional_db);
    serialized rollback puts back the rows the migrations seed (calendar, rules) after the flush.
    A fast hasher keeps the six demo accounts from costing seconds per test.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _reseed_shipped_configuration()
    recorded_demo.write()
    return live_server.url


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


def _new_context(browser: Any, viewport: str, **options: Any) -> Any:
    """`options` go to Playwright's new_context as they are (java_script_enabled=False, …)."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **VIEWPORTS[viewport], **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, viewport) -> Iterator[Any]:
    """A fresh page in a fresh context, sized as the `viewport` parameter says."""
    context = _new_context(browser, viewport)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Any]]:
    """Open more pages, each in its own context (own cookies) sized as the named viewport says:
    a second officer signed in at the same time, or a phone next to the desktop. Keyword
    options go to the context (`open_page("phone", java_script_enabled=False)`)."""
    contexts: list[Any] = []

    def open_(viewport: str, **options: Any) -> Any:
        contexts.append(_new_context(browser, viewport, **options))
        return contexts[-1].new_page()

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()


# --- accessibility --------------------------------------------------------------------------------

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Run the vendored axe-core on what `page` shows now; every violation it reports, each with
    its id, impact, help text and the targets of its nodes (WCAG 2.x A and AA rules, and axe's
    best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
                    summary: n.failureSummary,
                })),
            }));
        }"""
    )


def check_accessibility(page: Any, what: str = "") -> list[dict[str, Any]]:
    """Fail listing every serious or critical axe-core violation on the page as it is now (id,
    help, target nodes); returns the minor and moderate ones for the caller to report."""
    violations = accessibility_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{what or page.url}: {len(blocking)} serious or critical axe-core violation(s)"]
        for v in blocking:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            lines.extend(
                f"    {node['target']}: "
                + " ".join(line.strip() for line in node["summary"].splitlines())
                for node in v["nodes"]
            )
        pytest.fail("\n".join(lines), pytrace=False)
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]


def sign_in_staff(page: Any, base: str, username: str) -> None:
    """Sign a demo officer in on the staff sign-in page."""
    from motcua.demo.organisation import DEMO_PASSWORD

    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
