"""The director produces the monthly Biểu II.06a on a phone and a desktop: the period picker,
the form as a table, a figure opened as its list of dossiers, and no serious accessibility
violation."""

import os
import re
from typing import Any

import pytest

from tests.browser.conftest import check_accessibility, sign_in_staff

expect = pytest.importorskip("playwright.sync_api").expect
SHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")  # a folder to keep screenshots in, when set


def _october() -> None:
    """Two dossiers of month 10/2026 (15/09 → 14/10): one settled late, one still open."""
    from motcua.accounts.models import User
    from motcua.metrics.selectors import days_to_refresh
    from motcua.metrics.services import rollup_refresh
    from motcua.metrics.tests.conftest import Desk, vn

    desk = Desk({u.username: u for u in User.objects.all()})
    late = desk.receive(vn(2026, 10, 5, 9))  # due Mon 12/10 17:00
    desk.finish(late, vn(2026, 10, 13, 9))
    desk.receive(vn(2026, 10, 9, 9))  # due Fri 16/10 17:00: in time on 14/10
    rollup_refresh(days=days_to_refresh(everything=True))


def test_director_produces_the_month(page: Any, viewport: str, demo_site: str) -> None:
    _october()
    sign_in_staff(page, demo_site, "giamdoc")
    page.goto(f"{demo_site}/can-bo/")
    page.get_by_role("link", name="Báo cáo định kỳ (II.06a)").click()
    page.get_by_label("Loại kỳ").select_option("thang")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Tháng hoặc quý số").fill("10")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.get_by_text("Kỳ báo cáo: Tháng 10 năm 2026")).to_be_visible()
    expect(page.get_by_text("(Từ ngày 15/09/2026 đến ngày 14/10/2026)")).to_be_visible()
    total = page.get_by_role("row", name=re.compile("^Tổng cộng"))
    expect(total).to_be_visible()
    # (3) … (15): received 2 at the counter; 1 settled late; 1 in progress within its time.
    assert total.locator("td").all_inner_texts() == [
        "2",
        "0",
        "2",
        "0",
        "1",
        "0",
        "0",
        "1",
        "1",
        "1",
        "0",
        "0",
        "0",
    ]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/ii06a-{viewport}.png", full_page=True)
    check_accessibility(page, f"II.06a ({viewport})")
    total.get_by_role("link").nth(0).click()  # (3): received for handling
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tổng số hồ sơ nhận giải quyết: 2 hồ sơ"
    )
    expect(page.get_by_role("row")).to_have_count(3)  # header + 2 dossiers
    check_accessibility(page, f"II.06a drill-down ({viewport})")
