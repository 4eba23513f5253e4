"""A director reads the 766 index on a phone and on a desktop: from the back-office home to the
index, its 12-month trend, and the late dossiers behind indicator 2.1; no serious accessibility
violation on either page."""

import io
import re
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_accessibility, sign_in_staff

expect = pytest.importorskip("playwright.sync_api").expect


def test_director_reads_the_index_and_its_late_dossiers(
    page: Any, demo_site: str, viewport: str
) -> None:
    call_command(
        "simulate_year", "--bulk", "--dossiers", "120", "--year", "2026", "--seed", "7",
        "--workers", "1", stdout=io.StringIO(),
    )  # fmt: skip
    sign_in_staff(page, demo_site, "giamdoc")
    page.goto(f"{demo_site}/can-bo/")
    page.get_by_role("link", name="Bộ chỉ số 766").click()
    page.get_by_label("Từ ngày").fill("2026-01-01")
    page.get_by_label("Đến ngày").fill("2026-09-30")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("QĐ 766")
    expect(page.get_by_role("heading", name="Diễn biến 12 tháng")).to_be_visible()
    main = page.locator("main").inner_text()
    assert "Chưa có dữ liệu" in main and "01/01/2026" in main
    check_accessibility(page, f"bộ chỉ số 766 ({viewport})")

    row = page.locator("tr", has_text="2.1. Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn")
    numerator, denominator = (
        int(c.replace(".", "")) for c in row.locator("td").all_inner_texts()[:2]
    )
    assert denominator > 0
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.1")
    page.get_by_role("link", name="Quá hạn").click()
    found = re.search(r"Quá hạn: (\d[\d.]*) hồ sơ", page.locator("main").inner_text())
    assert found and int(found.group(1).replace(".", "")) == denominator - numerator
    check_accessibility(page, f"hồ sơ quá hạn của chỉ số 2.1 ({viewport})")
