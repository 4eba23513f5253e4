"""Issue 5's acceptance, as the director would do it: with a simulated year loaded, open the
dashboard, read the 766 score, click the on-time figure and land on the late dossiers; download
the quarterly II.06a as XLSX and reconcile its totals with the dossier lists behind them and with
the dossiers themselves."""

import io
import re
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.browser.conftest import check_accessibility, sign_in_staff

expect = pytest.importorskip("playwright.sync_api").expect
DOSSIERS = 400
QUARTER_FIRST, QUARTER_LAST = "15/06/2026", "14/09/2026"  # quý 3/2026 under NĐ 09/2019 Điều 12


def _simulated_year() -> None:
    call_command(
        "simulate_year", "--bulk", "--dossiers", str(DOSSIERS), "--year", "2026", "--seed", "11",
        "--workers", "1", stdout=io.StringIO(),
    )  # fmt: skip


def _accepted_in_quarter() -> dict[int, int]:
    """Straight from the dossier table: dossiers accepted in the quarter, per channel."""
    from django.db.models import Count

    from motcua.core.localtime import VN_TZ
    from motcua.dossiers.models import Dossier

    def moment(text: str, at: time) -> datetime:
        return datetime.combine(datetime.strptime(text, "%d/%m/%Y").date(), at, tzinfo=VN_TZ)

    rows = (
        Dossier.objects.filter(
            accepted_at__gte=moment(QUARTER_FIRST, time.min),
            accepted_at__lte=moment(QUARTER_LAST, time.max),
        )
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["channel"]: row["n"] for row in rows}


def _count_on(page: Any) -> int:
    """The number of dossiers a drill-down list says it holds."""
    text = page.locator("main").inner_text()
    found = re.search(r"(\d[\d.]*) hồ sơ", text)
    assert found, text[:500]
    return int(found.group(1).replace(".", ""))


def test_director_reads_the_index_and_reconciles_the_quarter(page: Any, demo_site: str) -> None:
    _simulated_year()
    sign_in_staff(page, demo_site, "giamdoc")
    page.goto(f"{demo_site}/can-bo/")
    page.get_by_role("link", name="Tổng quan").click()
    index = page.get_by_role("region", name=re.compile("QĐ 766"))
    score = index.locator(".figure").first.inner_text()
    assert re.fullmatch(r"\d+(,\d+)?", score), score  # a score, not "–"
    on_time = index.get_by_role("link", name=re.compile("Tỷ lệ đúng hạn"))
    counted = re.search(r"(\d+)/(\d+) hồ sơ", index.inner_text())
    assert counted, index.inner_text()
    late = int(counted.group(2)) - int(counted.group(1))
    assert late > 0  # the simulation makes some dossiers late
    check_accessibility(page, "tổng quan")
    on_time.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.1")
    assert _count_on(page) == late
    assert "Quá hạn" in page.locator("main").inner_text()

    page.goto(f"{demo_site}/can-bo/bao-cao/")
    page.get_by_label("Loại kỳ").select_option("quy")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Tháng hoặc quý số").fill("3")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.get_by_text(f"(Từ ngày {QUARTER_FIRST} đến ngày {QUARTER_LAST})")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    total_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    totals = [int(v) for v in total_row[2:15]]  # columns (3) … (15)
    assert sum(totals) > 0
    col = dict(zip(range(3, 16), totals, strict=True))
    assert col[3] == col[4] + col[5] + col[6] == col[7] + col[11] + col[14] + col[15]
    assert col[7] == col[8] + col[9] + col[10] and col[11] == col[12] + col[13]
    accepted = _accepted_in_quarter()
    assert col[4] == accepted.get(2, 0) and col[5] == accepted.get(1, 0) + accepted.get(3, 0)

    links = page.locator("tfoot tr.total td a")
    figures = [int(t.replace(".", "")) for t in links.all_inner_texts()]
    assert figures == [v for v in totals if v]  # the page shows what the file holds
    report_url = page.url
    for n in range(links.count()):
        page.goto(report_url)
        link = page.locator("tfoot tr.total td a").nth(n)
        expected = int(link.inner_text().replace(".", ""))
        link.click()
        assert _count_on(page) == expected, page.url
