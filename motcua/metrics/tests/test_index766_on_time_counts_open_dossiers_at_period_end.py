"""Indicator 2.1 of the 766 index, from the rollups: dossiers settled in the period plus those
still being processed at its last day (judged at that day's end), by the national rules.

Period: Mon 05/10/2026 – Wed 14/10/2026, so the snapshot is taken at 15/10 00:00.
EDIT_DIPLOMA takes 5 working days: received Mon 05/10, due Mon 12/10 17:00 (October 2026 has no
holiday). Counted (9):

  settled in the period              open at the end of 14/10
  A  early (finished 09/10)           C  in time: supplement received 08/10, due restarts 15/10
  B  late (finished 13/10)            D  overdue: a second supplement request
  G  early (withdrawn 06/10)          E  in time: waiting for a supplement asked 07/10 < due
  H2 late (received 28/09, ends 07/10) F  overdue: due 12/10 17:00 passed
  I  early, after a liên thông step

Not counted: H1 (received 28/09, finished 02/10, before the period) and J (received 15/10).
2.1 = (A + G + I + C + E) / 9 = 5/9 = 55.56 %, 20 × 5/9 = 11.11 points.
"""

import pytest
import time_machine
from django.db.models import Q

from motcua.demo.organisation import POLICE
from motcua.metrics.models import DailyProcedureStats
from motcua.metrics.selectors import index_766, index_trend, indicator_dossiers, unit_scope
from motcua.metrics.tests.conftest import REFRESHED_AT, refresh, vn

FIRST, LAST = vn(2026, 10, 5).date(), vn(2026, 10, 14).date()


@pytest.fixture
def dossiers(desk) -> dict[str, str]:
    made = {name: desk.receive(vn(2026, 10, 5, 8 + n)) for n, name in enumerate("ABCDEFGI")}
    desk.finish(made["A"], vn(2026, 10, 9, 10))
    desk.finish(made["B"], vn(2026, 10, 13, 9))
    desk.act(made["C"], vn(2026, 10, 6, 9), "request_supplement", params={"items": ["Đơn"]})
    desk.act(made["C"], vn(2026, 10, 8, 14), "receive_supplement")
    for day in (5, 6):
        desk.act(made["D"], vn(2026, 10, day, 14), "request_supplement", params={"items": ["Đơn"]})
        desk.act(made["D"], vn(2026, 10, day, 15), "receive_supplement")
    desk.act(made["E"], vn(2026, 10, 7, 9), "request_supplement", params={"items": ["Đơn"]})
    desk.act(made["G"], vn(2026, 10, 6, 9), "withdraw")
    made["H1"] = desk.receive(vn(2026, 9, 28, 9))
    desk.finish(made["H1"], vn(2026, 10, 2, 10))
    made["H2"] = desk.receive(vn(2026, 9, 28, 10))
    desk.finish(made["H2"], vn(2026, 10, 7, 10))
    desk.act(made["I"], vn(2026, 10, 6, 9), "forward_external", params={"to_unit": POLICE})
    desk.act(made["I"], vn(2026, 10, 7, 9), "receive_external")
    desk.finish(made["I"], vn(2026, 10, 8, 10))
    made["J"] = desk.receive(vn(2026, 10, 15, 9))
    refresh()
    return made


def indicator(result, indicator_id):
    return next(i for g in result.groups for i in g.indicators if i.definition.id == indicator_id)


def test_settled_and_still_open_dossiers_make_the_on_time_rate(dossiers):
    with time_machine.travel(REFRESHED_AT, tick=False):
        result = index_766(first=FIRST, last=LAST, scope=unit_scope(None))
    on_time = indicator(result, "2.1")
    assert (on_time.numerator, on_time.denominator) == (5, 9)
    assert str(on_time.rate) == "55.56" and str(on_time.points) == "11.11"
    group = next(g for g in result.groups if g.definition.id == "2")
    assert str(group.points) == "11.11" and group.measured_max_points == 20


def test_the_end_of_day_snapshot_counts_open_dossiers_by_their_state_then(dossiers):
    counts = {
        row.day: (row.open_in_time, row.open_overdue)
        for row in DailyProcedureStats.objects.filter(
            Q(open_in_time__gt=0) | Q(open_overdue__gt=0),
            day__in=[FIRST, LAST, vn(2026, 10, 12).date()],
        )
    }
    # 05/10 evening: A–I open and in time (D's first supplement came back at 15:00); H2, due
    # 05/10 17:00, overdue; H1 finished on 02/10.
    assert counts[FIRST] == (8, 1)
    # 12/10 evening (due 17:00 passed): B, F overdue, D overdue; C (due 15/10), E (waiting) in time.
    assert counts[vn(2026, 10, 12).date()] == (2, 3)
    assert counts[LAST] == (2, 2)


def test_the_drill_down_lists_exactly_the_dossiers_counted(dossiers):
    codes = {code: name for name, code in dossiers.items()}
    with time_machine.travel(REFRESHED_AT, tick=False):
        scope = unit_scope(None)
        good = indicator_dossiers(formula="on_time", good=True, first=FIRST, last=LAST, scope=scope)
        bad = indicator_dossiers(formula="on_time", good=False, first=FIRST, last=LAST, scope=scope)
        assert sorted(codes[d.code] for d in good) == ["A", "C", "E", "G", "I"]
        assert sorted(codes[d.code] for d in bad) == ["B", "D", "F", "H2"]


def test_a_period_with_no_dossier_has_no_rate_rather_than_zero(dossiers):
    empty = vn(2026, 8, 1).date(), vn(2026, 8, 31).date()
    with time_machine.travel(REFRESHED_AT, tick=False):
        result = index_766(first=empty[0], last=empty[1], scope=unit_scope(None))
    on_time = indicator(result, "2.1")
    assert (on_time.numerator, on_time.denominator) == (0, 0)
    assert on_time.rate is None and on_time.points is None
    assert "Không có hồ sơ" in on_time.note
    assert next(g for g in result.groups if g.definition.id == "2").points is None


def test_the_twelve_month_trend_scores_each_month_like_the_index(dossiers):
    with time_machine.travel(REFRESHED_AT, tick=False):
        trend = index_trend(last=vn(2026, 10, 31).date(), scope=unit_scope(None))
        october = index_766(
            first=vn(2026, 10, 1).date(), last=vn(2026, 10, 31).date(), scope=unit_scope(None)
        )
    assert [m.first.month for m in trend] == [11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert trend[-1].result.points == october.points
    # September: H1 and H2 still open and in time at the end of 30/09 (due 05/10): 2/2.
    september = indicator(trend[-2].result, "2.1")
    assert (september.numerator, september.denominator, str(september.points)) == (2, 2, "20.00")
    august = indicator(trend[-3].result, "2.1")
    assert august.denominator == 0 and august.points is None
