import pytest

from motcua.catalog.models import Procedure


@pytest.fixture
def catalog(demo):
    """The demo organisation and catalog (written as the root conftest's `demo` recorded them)."""


def test_catalog_lists_and_searches_without_diacritics(client, catalog):
    page = client.get("/thu-tuc/", {"q": "cap ban sao van bang"}).content.decode()
    assert "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc" in page
    assert 'lang="vi"' in page


def test_htmx_requests_get_only_the_results(client, catalog):
    page = client.get("/thu-tuc/", {"q": "van bang"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and "Chỉnh sửa nội dung văn bằng" in page


def test_detail_page_shows_what_a_citizen_needs(client, catalog):
    page = client.get("/thu-tuc/3.000465/").content.decode()
    for text in (
        "Thành phần hồ sơ",
        "Quy trình nội bộ",
        "10.000 đồng",
        "Trong ngày",
        "Căn cứ pháp lý",
        "giá trị minh họa",
        "In trang này",
        "Bộ phận Một cửa",
    ):
        assert text in page, text


def test_unknown_values_say_so(client, catalog):
    page = client.get("/thu-tuc/1.012955/").content.decode()
    assert "Chưa có thông tin" in page


def test_abolished_procedures_are_not_public(client, catalog):
    Procedure.objects.filter(code="3.000465").update(publication_status="abolished")
    assert client.get("/thu-tuc/3.000465/").status_code == 404
    assert "/thu-tuc/3.000465/" not in client.get("/thu-tuc/", {"q": "ban sao"}).content.decode()


def test_unknown_procedure_is_a_vietnamese_404(client, catalog):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không có thủ tục này" in response.content.decode()
