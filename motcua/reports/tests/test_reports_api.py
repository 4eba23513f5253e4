"""GET /api/v1/reports/ii06a: the form as JSON, XLSX or PDF, for whoever may read reports, over
the units they may see."""

from io import BytesIO

import time_machine
from openpyxl import load_workbook

from motcua.reports.tests.conftest import CENTRE, DESK, FEW_NOW

URL = "/api/v1/reports/ii06a"
WINDOW = "from=2026-10-01&to=2026-10-20"


def get(client, user, query: str):
    client.force_login(user)
    with time_machine.travel(FEW_NOW, tick=False):
        return client.get(f"{URL}?{query}")


def test_rows_and_total_carry_the_thirteen_columns(client, demo, few):
    body = get(client, demo["quantri"], WINDOW).json()
    assert body["period"]["from"] == "2026-10-01" and body["period"]["to"] == "2026-10-20"
    assert [row["col2"] for row in body["rows"]] == ["Hệ thống văn bằng, chứng chỉ"]
    expected = {"col3": 3, "col4": 1, "col5": 2, "col6": 0, "col7": 1, "col8": 0, "col9": 0}
    expected |= {"col10": 1, "col11": 2, "col12": 1, "col13": 1, "withdrawn": 0, "refused": 0}
    assert body["rows"][0] == {"col1": 1, "col2": "Hệ thống văn bằng, chứng chỉ", **expected}
    assert body["total"] == {"col1": None, "col2": "Tổng cộng", **expected}
    assert body["identities_hold"] is True and body["warnings"] == []


def test_rows_per_receiving_unit(client, demo, few):
    body = get(client, demo["quantri"], f"{WINDOW}&group=unit").json()
    rows = {
        row["col2"]: (row["col3"], row["col7"], row["col12"], row["col13"]) for row in body["rows"]
    }
    assert rows == {
        "Bộ phận Một cửa Sở Giáo dục và Đào tạo": (2, 1, 0, 1),
        "Trung tâm Phục vụ hành chính công tỉnh": (1, 0, 1, 0),
    }
    # The director's scope is the department: the provincial centre is not in it.
    assert get(client, demo["giamdoc"], WINDOW).json()["total"]["col3"] == 2
    assert get(client, demo["quantri"], f"{WINDOW}&unit={CENTRE}").json()["total"]["col3"] == 1


def test_the_period_shortcut(client, demo, few):
    body = get(client, demo["quantri"], "period=thang-10-2026").json()
    assert body["period"]["label"] == "Tháng 10 năm 2026"
    assert (body["period"]["from"], body["period"]["to"]) == ("2026-09-15", "2026-10-14")
    # P1 settled late on 13/10; P2 overdue and P3 (received that morning) in time on 14/10.
    assert [body["total"][k] for k in ("col7", "col10", "col11", "col12", "col13")] == [
        1,
        1,
        2,
        1,
        1,
    ]


def test_files_are_attachments_with_a_vietnamese_name(client, demo, few):
    xlsx = get(client, demo["quantri"], f"{WINDOW}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert xlsx["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Bi%E1%BB%83u%20II.06a" in xlsx["Content-Disposition"]
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert [sheet.cell(row=14, column=c).value for c in range(3, 16)] == [
        3,
        1,
        2,
        0,
        1,
        0,
        0,
        1,
        2,
        1,
        1,
        0,
        0,
    ]
    pdf = get(client, demo["quantri"], f"{WINDOW}&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_input_is_a_422_naming_the_field(client, demo, few):
    cases = {
        "from=2026-13-01&to=2026-10-20": "from",
        "from=2026-10-01": "to",
        "from=2026-10-20&to=2026-10-01": "to",
        "period=quy-5-2026": "number",
        f"{WINDOW}&group=procedure": "group",
        f"{WINDOW}&format=doc": "format",
        f"{WINDOW}&unit=KHONG-CO": "unit",
        "": "from",
    }
    for query, field in cases.items():
        response = get(client, demo["quantri"], query)
        assert response.status_code == 422, query
        body = response.json()
        assert body["detail"] and body["errors"][0]["field"] == field, query


def test_who_may_read_it(client, demo, few):
    assert client.get(f"{URL}?{WINDOW}").status_code == 401
    assert get(client, demo["chuyenvien"], WINDOW).status_code == 403
    # A unit head reads their own unit (no dossier is received there), not the Sở's desk.
    head = get(client, demo["truongphong"], WINDOW)
    assert head.status_code == 200 and head.json()["total"]["col3"] == 0
    assert head.json()["reporting_unit"] == "Phòng Quản lý chất lượng"
    assert get(client, demo["truongphong"], f"{WINDOW}&unit={DESK}").status_code == 403
