"""GET /api/v1/metrics/766 (fixed contract) and the back-office page /can-bo/chi-so-766/: who
may see what, bad input, the JSON shape, exports and the dossiers behind a figure."""

import pytest
import time_machine

from motcua.demo.organisation import QUALITY
from motcua.metrics.tests.conftest import REFRESHED_AT, refresh, vn

API = "/api/v1/metrics/766"
PAGE = "/can-bo/chi-so-766/"


@pytest.fixture
def figures(desk):
    """Two diploma dossiers in October 2026: one early, one still open and overdue."""
    early = desk.receive(vn(2026, 10, 5, 9))
    desk.finish(early, vn(2026, 10, 9, 10))
    late = desk.receive(vn(2026, 10, 5, 10))
    refresh()
    return {"early": early, "late": late}


@pytest.fixture
def at_refresh():
    with time_machine.travel(REFRESHED_AT, tick=False):
        yield


def signed_in(client, demo, username):
    client.force_login(demo[username])
    return client


def test_the_api_answers_the_acceptance_call(client, demo, figures, at_refresh):
    body = signed_in(client, demo, "quantri").get(
        API, {"from": "2026-01-15", "to": "2026-04-14", "unit": ""}
    )
    assert body.status_code == 200
    data = body.json()
    assert data["groups"]
    for group in data["groups"]:
        assert "max_points" in group and "points" in group
        for indicator in group["indicators"]:
            assert {"numerator", "denominator", "rate", "points", "note"} <= set(indicator)


def test_the_api_gives_figures_notes_and_links_to_the_dossiers(client, demo, figures, at_refresh):
    data = (
        signed_in(client, demo, "giamdoc")
        .get(API, {"from": "2026-10-01", "to": "2026-10-31"})
        .json()
    )
    found = {i["id"]: i for g in data["groups"] for i in g["indicators"]}
    assert (found["2.1"]["numerator"], found["2.1"]["denominator"]) == (1, 2)
    assert found["2.1"]["rate"] == 50.0 and found["2.1"]["points"] == 10.0
    assert found["2.1"]["dossiers"].startswith("/can-bo/chi-so-766/2.1/ho-so/?from=2026-10-01")
    assert found["5.2"]["points"] is None and found["5.2"]["note"].startswith("Chưa có dữ liệu")
    payment = next(g for g in data["groups"] if g["id"] == "3b")
    assert payment["points"] is None and payment["max_points"] == 10.0
    assert data["max_points"] == 100.0 and data["band"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-10-31", "to": "2026-10-01"}, "from"),
        ({"from": "2025-01-01", "to": "2026-10-31"}, "to"),  # more than 366 days
        ({"from": "2026-10-01"}, "to"),
        ({"from": "01/10/2026", "to": "2026-10-31"}, "from"),
        ({"from": "2026-10-01", "to": "2026-10-31", "unit": "KHONG.CO"}, "unit"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, demo, at_refresh, params, field):
    response = signed_in(client, demo, "quantri").get(API, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == field


def test_who_may_read_the_index(client, demo, figures, at_refresh):
    october = {"from": "2026-10-01", "to": "2026-10-31"}
    assert client.get(API, october).status_code == 401
    assert signed_in(client, demo, "tiepnhan").get(API, october).status_code == 403
    assert signed_in(client, demo, "chuyenvien").get(API, october).status_code == 403
    head = signed_in(client, demo, "truongphong")
    # The quality unit's head sees the dossiers of the procedures it examines (diplomas)...
    mine = head.get(API, {**october, "unit": QUALITY}).json()
    found = {i["id"]: i for g in mine["groups"] for i in g["indicators"]}
    assert found["2.1"]["denominator"] == 2 and mine["unit"]["code"] == QUALITY
    # ...and nothing outside its subtree.
    other = head.get(API, {**october, "unit": "000.02.15.H99"})
    assert other.status_code == 403


def test_the_page_shows_groups_trend_and_no_data(client, demo, figures, at_refresh):
    page = signed_in(client, demo, "giamdoc").get(PAGE, {"from": "2026-10-01", "to": "2026-10-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhóm 2. Tiến độ, kết quả giải quyết" in html
    assert "Chưa có dữ liệu" in html and "chưa có ngưỡng xếp loại" in html
    assert "50,00%" in html and "<svg" in html and "Diễn biến 12 tháng" in html
    assert "/can-bo/chi-so-766/2.1/ho-so/?from=2026-10-01" in html
    assert "01/10/2026" in html  # dates as people write them


def test_the_tables_download_as_csv_and_xlsx(client, demo, figures, at_refresh):
    signed_in(client, demo, "giamdoc")
    october = {"from": "2026-10-01", "to": "2026-10-31"}
    csv = client.get(PAGE, {**october, "xuat": "chi-so", "dinh-dang": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "2.1,Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" not in text  # quoted: has a comma
    assert '"Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",1,2,50.00,10.00,20' in text
    trend = client.get(PAGE, {**october, "xuat": "xu-huong", "dinh-dang": "xlsx"})
    assert trend.content[:2] == b"PK"


def test_the_page_refuses_people_without_the_permission(client, demo, at_refresh):
    assert signed_in(client, demo, "tiepnhan").get(PAGE).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302  # to the sign-in page


def test_a_bad_period_on_the_page_is_explained(client, demo, at_refresh):
    page = signed_in(client, demo, "giamdoc").get(PAGE, {"from": "2026-10-31", "to": "2026-10-01"})
    assert page.status_code == 400
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in page.content.decode()


def test_the_dossiers_behind_a_figure(client, demo, figures, at_refresh):
    signed_in(client, demo, "giamdoc")
    url = f"{PAGE}2.1/ho-so/"
    late = client.get(url, {"from": "2026-10-01", "to": "2026-10-31", "nhom": "tre-han"})
    html = late.content.decode()
    assert late.status_code == 200 and figures["late"] in html and figures["early"] not in html
    assert "Quá hạn: 1 hồ sơ." in html
    good = client.get(url, {"from": "2026-10-01", "to": "2026-10-31", "nhom": "dung-han"})
    assert figures["early"] in good.content.decode()
    assert (
        client.get(f"{PAGE}5.2/ho-so/", {"from": "2026-10-01", "to": "2026-10-31"}).status_code
        == 404
    )
    signed_in(client, demo, "tiepnhan")
    assert client.get(url, {"from": "2026-10-01", "to": "2026-10-31"}).status_code == 403
