"""The public statistics page: honest rates, a minimum sample before anything is ranked."""

import re

import pytest
import time_machine

from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh
from motcua.metrics.tests.conftest import OTHER, vn

NOW = vn(2026, 11, 2, 10)


@pytest.fixture
def settled(desk, settings):
    """Four diploma dossiers received Mon 05/10 09:00 (due Mon 12/10 17:00), one other."""
    settings.MOTCUA_STATS_MIN_SAMPLE = 4
    for end in (
        vn(2026, 10, 5, 16),  # 6 working hours, early
        vn(2026, 10, 6, 14),  # 12 h, early
        vn(2026, 10, 9, 10),  # 33 h, early
        vn(2026, 10, 13, 9),  # 48 h, late
    ):
        desk.settle(desk.receive(vn(2026, 10, 5, 9)), end)
    desk.settle(desk.receive(vn(2026, 10, 5, 9), procedure=OTHER), vn(2026, 10, 7, 9))
    with time_machine.travel(NOW, tick=False):
        rollup_refresh(days=days_to_refresh())


def row_of(page: str, code: str) -> str:
    return re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*\({re.escape(code)}\)(?:(?!</tr>).)*</tr>", page, re.S
    )[0]


def cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


@time_machine.travel(NOW, tick=False)
def test_rates_and_times_for_a_procedure_with_enough_dossiers(client, settled):
    page = client.get("/thong-ke/").content.decode()
    # On time 3 of 4 = 75,0%. Minutes 360, 720, 1980, 2880 (8 h = 480 min a day): median
    # (720 + 1980) / 2 = 1350 = 2,8 days; p90 at rank 2.7: 1980 + 0.7 × 900 = 2610 = 5,4 days.
    assert cells(row_of(page, "3.000466"))[0] == "1"
    assert cells(row_of(page, "3.000466"))[2:] == ["4", "4", "75,0%", "2,8 ngày", "5,4 ngày"]


@time_machine.travel(NOW, tick=False)
def test_too_few_dossiers_show_no_rate_and_no_rank(client, settled):
    page = client.get("/thong-ke/").content.decode()
    other = cells(row_of(page, OTHER))
    assert other[0] == "–" and other[2:] == ["1", "1", "chưa đủ số liệu"]
    assert page.index("(3.000466)") < page.index(f"({OTHER})")
    # The one desk received all five: 4 of 5 in time = 80,0%; the other took 16 h = 960 min, so
    # the median is 960 = 2,0 days and p90 (rank 3.6) 1980 + 0.6 × 900 = 2520 = 5,25 → 5,3 days.
    assert "80,0%" in page
    assert "một nửa số hồ sơ xong trong 2,0 ngày; 90% xong trong 5,3 ngày" in page


@time_machine.travel(NOW, tick=False)
def test_page_says_when_and_how_figures_were_computed(client, settled):
    page = client.get("/thong-ke/").content.decode()
    assert "Số liệu cập nhật lúc 10:00 02/11/2026" in page
    assert "<caption>Kết quả giải quyết theo thủ tục hành chính" in page
    assert '<th scope="col" role="columnheader">Tỷ lệ đúng hạn</th>' in page
    assert '<th scope="row" role="rowheader">' in page
    assert "dưới 4 hồ sơ đã giải quyết" in page and "Cách tính" in page
    assert "<script" not in page.split("</head>")[1]


def test_period_selector_changes_the_window(client, settled):
    with time_machine.travel(vn(2026, 11, 20, 10), tick=False):
        last_30 = client.get("/thong-ke/").content.decode()
        quarter = client.get("/thong-ke/", {"ky": "quy"}).content.decode()
        year = client.get("/thong-ke/", {"ky": "nam"}).content.decode()
    assert "Chưa có hồ sơ nào trong kỳ này." in last_30 and "(3.000466)" not in last_30
    assert "từ 01/10/2026 đến 20/11/2026" in quarter and "75,0%" in quarter
    assert "từ 01/01/2026 đến 20/11/2026" in year
    assert 'href="?ky=quy" class="active" aria-current="page"' in quarter


def test_page_works_before_the_first_refresh(client, db):
    page = client.get("/thong-ke/", {"ky": "khong-co"}).content.decode()
    assert "Số liệu chưa được tổng hợp lần nào" in page


def test_a_new_refresh_shows_new_figures_at_once(client, settled, desk):
    with time_machine.travel(NOW, tick=False):
        assert "75,0%" in client.get("/thong-ke/").content.decode()
    desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 20, 9))  # a fifth, late
    with time_machine.travel(vn(2026, 11, 2, 11), tick=False):
        assert "75,0%" in client.get("/thong-ke/").content.decode()  # not refreshed yet
        rollup_refresh(days=[vn(2026, 10, 5).date(), vn(2026, 10, 20).date()])
        page = client.get("/thong-ke/").content.decode()
    assert cells(row_of(page, "3.000466"))[2:5] == ["5", "5", "60,0%"]
