"""The back-office summary page /can-bo/danh-gia/tong-hop/, its downloads and drill-down, over
dossiers A, B and C of test_quarterly_summary_by_hand (Q4 2026, total 8.2, trung bình)."""

import io

import openpyxl
import pytest

from motcua.demo import organisation as org
from motcua.demo.organisation import DEMO_PASSWORD
from motcua.ratings.models import SelfAssessment

URL = "/can-bo/danh-gia/tong-hop/"
Q4 = f"?don-vi={org.DEPARTMENT}&nam=2026&quy=4"


@pytest.fixture
def as_director(client, three):
    client.login(username="giamdoc", password=DEMO_PASSWORD)
    return client


def test_the_director_sees_the_quarter_with_its_basis_and_band(as_director):
    page = as_director.get(URL + Q4).content.decode()
    assert "Quý 4 năm 2026 (từ 15/09/2026 đến 14/12/2026)" in page
    assert "Trung bình" in page and "8,2" in page
    assert "Số phiếu đánh giá" in page
    assert "chưa có dữ liệu" in page  # indicator 8
    assert "0/3 hồ sơ tiếp nhận trực tuyến" in page
    assert "Trần Văn Chuyên" in page and "Hoàn thành 100% nhiệm vụ" in page
    assert "33,3%" in page
    assert "Số liệu cập nhật lúc" in page  # as fresh as the last scoring run


def test_a_specialist_may_not_see_it(client, three):
    client.login(username="chuyenvien", password=DEMO_PASSWORD)
    assert client.get(URL + Q4).status_code == 403


def test_a_unit_head_sees_only_their_subtree(client, three):
    client.login(username="truongphong", password=DEMO_PASSWORD)
    response = client.get(URL + Q4, follow=True)
    assert "Bạn không xem được báo cáo của đơn vị này." in response.content.decode()
    own = client.get(URL + f"?don-vi={org.QUALITY}&nam=2026&quy=4").content.decode()
    assert "Phòng Quản lý chất lượng — Quý 4 năm 2026" in own
    assert "Sở Giáo dục và Đào tạo</option>" not in own


def test_bad_input_gets_a_vietnamese_message(as_director):
    response = as_director.get(URL + "?nam=1990", follow=True)
    assert "Năm phải từ 2019" in response.content.decode()
    response = as_director.get(URL + "?nam=2026&quy=7", follow=True)
    assert "Quý phải là 1, 2, 3, 4" in response.content.decode()


def test_the_xlsx_holds_the_same_figures(as_director):
    response = as_director.get(URL + Q4 + "&format=xlsx")
    assert response["Content-Disposition"].endswith(f'-{org.DEPARTMENT}-q4-2026.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1]}
    assert rows["Tổng điểm"][2:4] == (18, 8.2)
    assert "Trung bình" in rows["Tổng điểm"][5]
    first = next(r for name, r in rows.items() if str(name).startswith("Tổng thời gian"))
    assert first[2:5] == (2, 1.3, "Đo từ hệ thống")
    assert rows["Rất hài lòng"][2:4] == (1, 33.3)


def test_the_pdf_is_a_document(as_director):
    response = as_director.get(URL + Q4 + "&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_drill_down_lists_the_dossiers_lowest_score_first(as_director, three):
    a, b, c = three
    page = as_director.get(URL + "ho-so/" + Q4 + "&chi-so=1").content.decode()
    assert page.index(c) < page.index(a) and b in page
    steps = as_director.get(URL + "ho-so/" + Q4 + "&chi-so=2").content.decode()
    assert "12 lượt đơn vị" in steps
    refused = as_director.get(URL + "ho-so/" + Q4 + "&chi-so=9", follow=True).content.decode()
    assert "Chỉ số này không chấm theo từng hồ sơ." in refused


def test_the_unit_enters_a_self_assessed_score(as_director):
    form = {
        "don-vi": org.DEPARTMENT,
        "nam": "2026",
        "quy": "4",
        "chi-so": "5",
        "diem": "2",
        "can-cu": "22% TTHC giao Bộ phận Một cửa phê duyệt",
    }
    page = as_director.post(URL + "tu-cham/", form, follow=True).content.decode()
    assert "Đã lưu điểm tự chấm chỉ số 5." in page
    assert "Tự chấm: 22% TTHC giao Bộ phận Một cửa phê duyệt" in page
    assert "9,2" in page  # 8.2 − 1 measured + 2 self-assessed
    missing = as_director.post(URL + "tu-cham/", form | {"can-cu": " "}, follow=True)
    assert "Cần ghi căn cứ tự chấm." in missing.content.decode()
    assert SelfAssessment.objects.count() == 1


def test_the_admin_refuses_a_scheme_it_cannot_read(client, demo):
    import json

    from motcua.ratings.models import EvaluationScheme

    client.login(username="quantri", password=DEMO_PASSWORD)
    scheme = EvaluationScheme.objects.get(code="TT01-2018")
    url = f"/quan-tri/ratings/evaluationscheme/{scheme.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": scheme.code,
            "name": scheme.name,
            "legal_basis": scheme.legal_basis,
            "effective_from": "06/01/2019",
            "enabled": "on",
            "config": json.dumps(scheme.config | {"unit_bands": [{"min": 15, "label": "Tốt"}]}),
        },
    )
    assert "phải có mức thấp nhất từ 0 điểm" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.config["unit_bands"][0] == {"min": 15, "label": "Xuất sắc"}
