"""The director reads the quarterly evaluation summary on a phone and a desktop: pickers,
figures with their basis, the drill-down, and no serious accessibility violation."""

import os
import re
from typing import Any

import pytest

from tests.browser.conftest import check_accessibility, sign_in_staff

expect = pytest.importorskip("playwright.sync_api").expect
SHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")  # a folder to keep screenshots in, when set


def _scored_quarter() -> None:
    """Dossiers A, B and C of motcua/ratings/tests/test_quarterly_summary_by_hand.py."""
    from motcua.accounts.models import User
    from motcua.ratings.tests.conftest import Office, vn

    office = Office({u.username: u for u in User.objects.all()})
    a = office.receive(vn(2026, 10, 5, 16))
    office.steps(a, *(vn(2026, 10, 5, 16, m) for m in (10, 20, 30, 40, 50)))
    b = office.receive(vn(2026, 10, 5, 9))
    office.steps(b, *(vn(2026, 10, d, h) for d, h in ((5, 9), (6, 16), (7, 10), (7, 14), (7, 16))))
    office.rate(a, "very_satisfied", i3=2, i4=2, i6=2, i7=2)
    office.rate(b, "satisfied", i3=1, i4=2, i6=1, i7=1)
    from motcua.metrics.services import rollup_refresh

    rollup_refresh(days=[])  # the per-dossier part: the evaluation scores


def test_director_reads_the_quarter(page: Any, viewport: str, demo_site: str) -> None:
    _scored_quarter()
    sign_in_staff(page, demo_site, "giamdoc")
    page.goto(f"{demo_site}/can-bo/danh-gia/")
    page.get_by_role("link", name=re.compile("Tổng hợp đánh giá theo quý")).click()
    page.get_by_label("Năm", exact=True).select_option("2026")
    page.get_by_label("Kỳ", exact=True).select_option("4")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_text("Quý 4 năm 2026 (từ 15/09/2026 đến 14/12/2026)")).to_be_visible()
    total = page.get_by_role("row", name=re.compile("^Tổng điểm"))
    expect(total).to_contain_text("Xếp loại:")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/evaluation-{viewport}.png", full_page=True)
    check_accessibility(page, f"evaluation summary ({viewport})")
    page.get_by_role("link", name="Xem hồ sơ của chỉ số 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ số 1")
    expect(page.get_by_role("row")).to_have_count(3)  # header + A + B
    check_accessibility(page, f"evaluation drill-down ({viewport})")
