"""Issue 10, item 8: QĐ 766 indicator 3.1, TT 01/2018 indicator 9 and the public catalog count
the procedures offered online by one rule (Procedure.counts_as_online_service), and each page
says why its count differs from the catalog's levels. Counted by hand from
data/procedures-sgddt.json: 23 "toàn trình" and 1 "một phần" are published; the 16 procedures
without a published level get "một phần" as a demo value, so the catalog shows 23 + 17."""

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from motcua.accounts.models import Unit
from motcua.accounts.permissions import unit_and_descendants
from motcua.catalog.models import Procedure
from motcua.demo.organisation import DEPARTMENT
from motcua.metrics.selectors import index_766, unit_scope
from motcua.ratings.selectors import _online_facts

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)
DEMO_NOTE = "Không tính 16 TTHC có mức độ dịch vụ công trực tuyến là giá trị minh họa"


@pytest.mark.django_db
def test_the_catalog_the_index_and_the_evaluation_count_the_same_procedures(demo) -> None:
    procedures = list(Procedure.objects.all())
    assert Counter(p.online_level for p in procedures) == {"toan_trinh": 23, "mot_phan": 17}
    assert sum(p.online_level_is_demo for p in procedures) == 16
    assert sum(p.counts_as_online_service for p in procedures) == 24

    result = index_766(first=FIRST, last=LAST, scope=unit_scope(None))
    assert result is not None
    found = {i.definition.id: i for g in result.groups for i in g.indicators}
    assert (found["3.1"].numerator, found["3.1"].denominator) == (24, 40)
    assert found["3.1"].note.startswith(DEMO_NOTE)

    department = Unit.objects.get(code=DEPARTMENT)
    total, offered, *_, left_out = _online_facts(unit_and_descendants(department), FIRST, LAST)
    assert (total, offered, left_out) == (40, 24, 16)


@pytest.mark.django_db
def test_the_catalog_marks_a_demo_online_level(client, demo) -> None:
    page = client.get(reverse("portal:catalog"), {"online_level": "mot_phan"})
    text = page.content.decode()
    assert "17 thủ tục" in text
    assert text.count("Trực tuyến: Một phần (minh họa)") == 16
