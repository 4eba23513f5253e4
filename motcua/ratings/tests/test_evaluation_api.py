"""GET /api/v1/reports/evaluation: the quarterly summary for other systems, over dossiers A, B and
C of test_quarterly_summary_by_hand (Q4 2026, 8.2 points, trung bình), with the page's scope."""

import io

import openpyxl
import pytest

from motcua.demo import organisation as org

URL = "/api/v1/reports/evaluation"
Q4 = f"unit={org.DEPARTMENT}&year=2026&quarter=4"


def get(client, user, query: str):
    client.force_login(user)
    return client.get(f"{URL}?{query}")


def test_the_quarter_as_json(client, demo, three):
    body = get(client, demo["giamdoc"], Q4).json()
    assert body["unit"] == {"code": org.DEPARTMENT, "name": "Sở Giáo dục và Đào tạo"}
    assert body["period"] == {
        "year": 2026,
        "quarter": 4,
        "label": "Quý 4 năm 2026",
        "from": "2026-09-15",
        "to": "2026-12-14",
    }
    assert (body["points"], body["max_points"], body["band"]) == (8.2, 18.0, "Trung bình")
    assert (body["settled"], body["forms"]) == (3, 3)
    lines = {line["number"]: line for line in body["indicators"]}
    assert sorted(lines) == list(range(1, 10))
    assert (lines[1]["points"], lines[1]["sample"], lines[1]["origin"]) == (1.3, 3, "measured")
    assert lines[8]["points"] is None and lines[8]["origin"] == "no_data"
    shares = {share["label"]: share for share in body["satisfaction"]}
    assert shares["Rất hài lòng"] == {"label": "Rất hài lòng", "count": 1, "percent": 33.3}
    officers = {officer["name"]: officer for officer in body["officers"]}
    assert officers["Trần Văn Chuyên"]["dossiers"] == 3
    assert all(line["number"] for line in officers["Trần Văn Chuyên"]["indicators"])


def test_a_year_without_a_quarter_is_the_whole_year(client, demo, three):
    body = get(client, demo["giamdoc"], f"unit={org.DEPARTMENT}&year=2026").json()
    assert body["period"]["quarter"] is None and body["period"]["label"] == "Năm 2026"
    assert (body["period"]["from"], body["period"]["to"]) == ("2025-12-15", "2026-12-14")
    assert body["settled"] == 3  # all three ended in October


def test_the_xlsx_holds_the_same_total(client, demo, three):
    response = get(client, demo["giamdoc"], f"{Q4}&format=xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"-{org.DEPARTMENT}-q4-2026.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1]}
    assert rows["Tổng điểm"][2:4] == (18, 8.2)
    pdf = get(client, demo["giamdoc"], f"{Q4}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "query", "status", "field", "message"),
    [
        ("chuyenvien", Q4, 403, None, "Chỉ lãnh đạo và quản trị"),
        ("truongphong", Q4, 403, "unit", "không xem được báo cáo của đơn vị này"),
        ("giamdoc", "unit=KHONG-CO&year=2026", 422, "unit", "Không có đơn vị mã «KHONG-CO»"),
        ("giamdoc", "year=1990", 422, "year", "Năm phải từ 2019"),
        ("giamdoc", "year=2026&quarter=7", 422, "quarter", "Quý phải là 1, 2, 3, 4"),
        ("giamdoc", f"{Q4}&format=docx", 422, "format", "«format» là json, xlsx hoặc pdf."),
    ],
)
def test_refusals_are_structured(client, demo, three, who, query, status, field, message):
    response = get(client, demo[who], query)
    assert response.status_code == status
    body = response.json()
    assert message in body["detail"]
    assert [e["field"] for e in body.get("errors", [])] == ([field] if field else [])


def test_a_unit_head_reads_their_own_unit(client, demo, three):
    body = get(client, demo["truongphong"], f"unit={org.QUALITY}&year=2026&quarter=4").json()
    assert body["unit"]["code"] == org.QUALITY and body["settled"] == 3
