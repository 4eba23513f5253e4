"""The 766 scheme is versioned configuration: groups, points, thresholds, bands and sources are
data with a legal basis; the code only knows formulas and the scoring rule."""

import copy
import io
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedures_in_force
from motcua.metrics.index766 import SchemeError, index_compute, scheme_of, score
from motcua.metrics.models import IndexScheme
from motcua.metrics.selectors import index_766, index_inputs, scheme_in_force, unit_scope
from motcua.metrics.services import index_scheme_load
from motcua.metrics.tests.conftest import REFRESHED_AT, vn

SCHEMES = Path(__file__).resolve().parent.parent / "schemes"


def shipped(name: str) -> dict:
    return json.loads((SCHEMES / name).read_text(encoding="utf-8"))


def test_the_current_dashboard_layout_is_shipped_and_in_force(db):
    stored = scheme_in_force(date(2026, 4, 14))
    assert stored is not None and stored.code == "766-dvcqg-6-nhom"
    scheme = scheme_of(stored.definition)
    assert [int(g.max_points) for g in scheme.groups] == [18, 20, 12, 22, 10, 18]
    assert scheme.max_points == 100 and scheme.bands == ()
    assert "766/QĐ-TTg" in scheme.legal_basis and scheme.sources
    assert scheme_in_force(date(2022, 6, 22)) is None  # before the decision: no index


def test_the_2022_five_group_layout_is_representable_and_gives_the_same_total(demo):
    five, six = (
        scheme_of(shipped("766-2022-5-nhom.json")),
        scheme_of(shipped("766-dvcqg-6-nhom.json")),
    )
    assert [int(g.max_points) for g in five.groups] == [18, 20, 22, 22, 18]
    with time_machine.travel(REFRESHED_AT, tick=False):
        inputs = index_inputs(
            first=date(2026, 10, 1), last=date(2026, 10, 31), scope=unit_scope(None)
        )
    a, b = index_compute(five, inputs), index_compute(six, inputs)
    assert a.points == b.points
    group3 = next(g for g in a.groups if g.definition.id == "3")
    parts = [g.points for g in b.groups if g.definition.id in ("3", "3b") and g.points is not None]
    assert group3.points == sum(parts, Decimal(0))


def test_points_follow_the_threshold_rule_rounded_half_up():
    # min(max, rate × max ÷ threshold); without a threshold rate × max; 2 decimals.
    assert score(Fraction(2, 3), Decimal(4), Decimal(80)) == Decimal("3.33")
    assert score(Fraction(9, 10), Decimal(4), Decimal(80)) == Decimal("4.00")  # capped
    assert score(Fraction(1, 8), Decimal(2), Decimal(80)) == Decimal("0.31")  # 0.3125
    assert score(Fraction(5, 9), Decimal(20), None) == Decimal("11.11")
    assert score(Fraction(1, 200), Decimal(1), None) == Decimal("0.01")  # 0.005 half up


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["groups"][0].update(max_points=17), "khác điểm tối đa"),
        (
            lambda d: d["groups"][0]["indicators"][0].update(formula="doan_bua"),
            "không có công thức",
        ),
        (lambda d: d["groups"][1]["indicators"][0].update(id="1.1"), "trùng"),
        (lambda d: d["groups"][2]["indicators"][0].update(threshold=0), "lớn hơn 0"),
        (lambda d: d.update(bands=[{"name": "Tốt", "min_points": 80}]), "legal_basis"),
        (lambda d: d.update(effective_from="23/6/2022"), "YYYY-MM-DD"),
    ],
)
def test_a_broken_definition_is_refused_with_a_reason(change, message):
    definition = copy.deepcopy(shipped("766-dvcqg-6-nhom.json"))
    change(definition)
    with pytest.raises(SchemeError, match=message):
        scheme_of(definition)


def test_a_new_version_applies_from_its_date_and_bands_only_with_a_legal_basis(demo):
    later = copy.deepcopy(shipped("766-dvcqg-6-nhom.json"))
    later.update(code="766-thu-nghiem", effective_from="2026-07-01")
    later["bands"] = [{"name": "Tốt", "min_points": 0, "legal_basis": "Văn bản thử nghiệm số 1"}]
    index_scheme_load(definition=later)
    assert IndexScheme.objects.count() == 2
    with time_machine.travel(REFRESHED_AT, tick=False):
        before = index_766(first=date(2026, 5, 1), last=date(2026, 5, 31), scope=unit_scope(None))
        after = index_766(first=date(2026, 10, 1), last=date(2026, 10, 31), scope=unit_scope(None))
    assert before.scheme.code == "766-dvcqg-6-nhom" and after.scheme.code == "766-thu-nghiem"
    # A band is a verdict on the whole index: never while indicators have no data.
    assert after.measured_max_points < 100 and after.band is None


def test_publication_indicators_come_from_the_catalog(demo):
    """1.1 on time when the decision is dated ≥ 5 working days before taking effect; 1.3 when
    the published facts are all there and none is a demo value; 3.1 online level."""
    Procedure.objects.update(
        decision_date=None, online_level="khong", sequence=[], unknown_fields=[], demo_fields=[]
    )
    total = procedures_in_force(date(2026, 10, 31)).count()
    first, second, third = Procedure.objects.order_by("code")[:3]
    # Effective Thu 15/10/2026; five working days before is Thu 08/10.
    first.decision_date, first.effective_from = date(2026, 10, 8), date(2026, 10, 15)
    second.decision_date, second.effective_from = date(2026, 10, 9), date(2026, 10, 15)
    for p in (first, second):
        p.online_level, p.sequence, p.result = "toan_trinh", ["Bước 1"], "Văn bằng"
        p.save()
    third.online_level, third.demo_fields = "mot_phan", ["online_level"]  # a demo value
    third.save()
    with time_machine.travel(REFRESHED_AT, tick=False):
        result = index_766(first=date(2026, 10, 1), last=date(2026, 10, 31), scope=unit_scope(None))
    found = {i.definition.id: i for g in result.groups for i in g.indicators}
    assert (found["1.1"].numerator, found["1.1"].denominator, str(found["1.1"].points)) == (
        1,
        2,
        "3.00",
    )
    assert (found["1.3"].numerator, found["1.3"].denominator) == (2, total)
    assert (found["3.1"].numerator, found["3.1"].denominator) == (2, total)


def test_the_loader_keeps_an_existing_version_unless_asked_to_replace(db):
    five = shipped("766-2022-5-nhom.json")
    kept = index_scheme_load(definition=five)  # same start date as the shipped one
    assert kept.code == "766-dvcqg-6-nhom"
    replaced = index_scheme_load(definition=five, replace=True)
    assert replaced.code == "766-2022-5-nhom" and IndexScheme.objects.count() == 1
    assert scheme_in_force(vn(2026, 1, 1).date()).code == "766-2022-5-nhom"


def test_the_command_loads_a_shipped_layout_only_when_told_to_replace(db):
    out = io.StringIO()
    call_command("index_scheme_load", "766-2022-5-nhom.json", stdout=out)
    assert "--replace" in out.getvalue()
    call_command("index_scheme_load", "766-2022-5-nhom.json", "--replace", stdout=out)
    assert IndexScheme.objects.get().code == "766-2022-5-nhom"


def test_the_admin_refuses_a_definition_that_does_not_add_up(client, demo):
    client.force_login(demo["quantri"])
    definition = copy.deepcopy(shipped("766-dvcqg-6-nhom.json"))
    definition["groups"][1]["indicators"][0]["max_points"] = 19
    page = client.post(
        "/quan-tri/metrics/indexscheme/add/",
        {
            "code": definition["code"] + "-x",
            "name": "Thử",
            "effective_from": "2027-01-01",
            "legal_basis": "Thử",
            "definition": json.dumps(definition),
            "note": "",
        },
    )
    assert page.status_code == 200 and "khác điểm tối đa của nhóm" in page.content.decode()
    assert IndexScheme.objects.count() == 1
