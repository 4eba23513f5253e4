import unicodedata

import pytest

from motcua.catalog.published import published_records
from motcua.catalog.search import rank
from motcua.catalog.selectors import procedures_matching
from motcua.catalog.services import catalog_import

COPY = "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc (tại cấp tỉnh)"
EDIT = "Chỉnh sửa nội dung văn bằng, chứng chỉ (tại cấp tỉnh)"


@pytest.fixture
def catalog(db):
    assert catalog_import(records=published_records()).ok


def names(query: str, **filters: str) -> list[str]:
    return [p.name for p in procedures_matching(q=query, **filters)]


@pytest.mark.parametrize(
    "query",
    [
        "cap ban sao van bang",
        "Cấp bản sao văn bằng",
        unicodedata.normalize("NFD", "cấp bản sao"),
        "CAP BAN SAO",
        "cap ban sao van bagn",
        "cấp bản xao văn bằng",
        "3.000465",
    ],
)
def test_queries_find_the_copy_procedure_first(catalog, query):
    assert names(query)[0] == COPY


def test_d_finds_đ_and_typos_are_tolerated(catalog):
    assert any("đào tạo" in n.lower() for n in names("dao tao"))
    assert names("chinh sua van bang")[0] == EDIT
    assert names("chinhh sua van bang")[0] == EDIT


def test_unrelated_queries_find_nothing(catalog):
    assert names("giấy phép lái xe ô tô") == []
    assert names("   ") != []  # an empty query lists everything


def test_filters_narrow_the_results(catalog):
    full = procedures_matching(online_level="toan_trinh")
    assert full and all(p.online_level == "toan_trinh" for p in full)
    assert len(procedures_matching(level="xa")) == 0
    field = procedures_matching(field="Hệ thống văn bằng, chứng chỉ")
    # 1.004889 is published under "Văn bằng, chứng chỉ", a recorded synonym of the field.
    assert {p.code for p in field} == {"3.000465", "3.000466", "1.004889"}


def test_rank_prefers_phrase_matches_and_shorter_names():
    docs = [
        (1, "Xét duyệt hồ sơ học bổng cho học sinh trường chuyên tỉnh"),
        (2, "Học bổng"),
        (3, "Cấp học bổng và hỗ trợ"),
    ]
    assert [hit.key for hit in rank("hoc bong", docs)][:2] == [2, 3]
