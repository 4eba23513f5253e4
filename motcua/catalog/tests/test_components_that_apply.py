"""A component is required, conditional (its condition in words) or optional; the importer reads
it from the published names, and one rule says which ones an applicant must provide."""

import pytest

from motcua.catalog.applicability import (
    ApplicabilityError,
    components_missing,
    components_needed,
    conditions_checked,
    need_from_name,
)
from motcua.catalog.constants import ComponentNeed
from motcua.catalog.importing import validate
from motcua.catalog.models import Component
from motcua.demo.catalog import demo_records

EDIT_DIPLOMA = "3.000466"


@pytest.mark.parametrize(
    ("published", "name", "need", "condition"),
    [
        (
            "Giấy giới thiệu chuyển trường (trường hợp xin chuyển đến từ tỉnh, thành phố khác)",
            "Giấy giới thiệu chuyển trường",
            ComponentNeed.CONDITIONAL,
            "trường hợp xin chuyển đến từ tỉnh, thành phố khác",
        ),
        (
            "Trường hợp gửi qua bưu điện: bản sao có chứng thực giấy tờ nêu trên",
            "Bản sao có chứng thực giấy tờ nêu trên",
            ComponentNeed.CONDITIONAL,
            "trường hợp gửi qua bưu điện",
        ),
        ("Ảnh chân dung (nếu có)", "Ảnh chân dung", ComponentNeed.OPTIONAL, ""),
        ("Đơn đề nghị (theo mẫu)", "Đơn đề nghị (theo mẫu)", ComponentNeed.REQUIRED, ""),
    ],
)
def test_the_need_is_read_from_a_published_name(published, name, need, condition):
    split = need_from_name(published)
    assert (split.name, split.need, split.condition) == (name, need, condition)


def test_the_edit_diploma_procedure_has_two_conditional_papers():
    record = next(r.record for r in demo_records() if r.record["code"] == EDIT_DIPLOMA)
    needs = [(c["name"], c["need"], c["condition"]) for c in record["components"]]
    assert needs[2] == (
        "Quyết định cho phép thay đổi hoặc cải chính hộ tịch, xác định lại dân tộc, xác định "
        "lại giới tính",
        "conditional",
        "trường hợp chỉnh sửa do thay đổi, cải chính hộ tịch, xác định lại dân tộc hoặc xác "
        "định lại giới tính",
    )
    assert needs[3][:2] == ("Giấy khai sinh", "conditional")
    assert [n[1] for n in needs] == [
        "required",
        "required",
        "conditional",
        "conditional",
        "required",
    ]


def test_a_conditional_component_needs_its_condition_in_words():
    record = next(r.record for r in demo_records() if r.record["code"] == EDIT_DIPLOMA)
    record["components"][3]["condition"] = " "
    record["components"][0]["need"] = "maybe"
    errors = validate(record, {"000.00.15.H99"})
    assert any("chưa ghi điều kiện áp dụng" in e for e in errors)
    assert any('yêu cầu "maybe"' in e for e in errors)


def _paper(pk, need=ComponentNeed.REQUIRED, shown_only=False):
    return Component(
        pk=pk,
        name=f"Giấy {pk}",
        need=need,
        shown_only=shown_only,
        condition="trường hợp x" if need == ComponentNeed.CONDITIONAL else "",
    )


def test_only_the_papers_that_apply_are_needed():
    papers = [
        _paper(1),
        _paper(2, ComponentNeed.CONDITIONAL),
        _paper(3, ComponentNeed.CONDITIONAL),
        _paper(4, ComponentNeed.OPTIONAL),
        _paper(5, shown_only=True),
    ]
    assert [c.pk for c in components_needed(papers, set())] == [1, 5]
    assert [c.pk for c in components_needed(papers, {3})] == [1, 3, 5]
    assert [c.pk for c in components_needed(papers, {3}, shown_too=False)] == [1, 3]
    assert [c.pk for c in components_missing(papers, {2}, {1, 5})] == [2]
    assert components_missing(papers, {2}, {1, 2, 5}) == []
    assert conditions_checked(papers, [2, 3]) == {2, 3}
    with pytest.raises(ApplicabilityError):
        conditions_checked(papers, [4])
