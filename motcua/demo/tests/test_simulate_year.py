"""A small simulated year: the same seed gives the same year, and every history is one the
workflow allows."""

import random
from collections import Counter
from io import StringIO
from itertools import pairwise

import pytest
import time_machine
from django.core.management import CommandError, call_command

from motcua.audit.services import audit_problems
from motcua.demo.simulation import make_plans, simulate_year
from motcua.dossiers.constants import OPEN_STATUSES, Action, Stage, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.workflow import MOVES_BY_ACTION
from motcua.workdays.selectors import load_calendar

NOW = vn(2026, 3, 2, 9)


def _history_problems(dossier: Dossier) -> list[str]:
    events = list(dossier.events.order_by("id"))
    problems = []
    if events[0].action != Action.RECEIVE or events[0].at != dossier.received_at:
        problems.append("does not start with its reception")
    for before, after in pairwise(events):
        if after.at < before.at:
            problems.append(f"{after.action} before {before.action}")
        if after.from_status != before.to_status or after.from_stage != before.to_stage:
            problems.append(f"{after.action} does not start where {before.action} ended")
        if Stage(after.from_stage) not in MOVES_BY_ACTION[Action(after.action)].from_stages:
            problems.append(f"{after.action} from {after.from_stage}")
    if events[-1].to_status != dossier.status:
        problems.append("last event does not give the dossier's status")
    return [f"{dossier.code}: {p}" for p in problems]


@time_machine.travel(NOW, tick=False)
def test_a_seeded_year_is_the_same_every_time_and_every_history_is_valid(demo):
    summary = simulate_year(dossiers=60, year=2025, seed=7)

    assert summary.dossiers == Dossier.objects.count() == 60
    assert summary.codes[0] == "000.05.15.H99-250115-0001"
    assert summary.codes == sorted(summary.codes)  # numbered in the order received
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert statuses == summary.statuses
    assert statuses == {Status.RETURNED: 55, Status.REFUSED: 3, Status.STOPPED: 2}
    assert (summary.supplements, summary.second_supplements) == (11, 2)
    assert Dossier.objects.filter(channel=2).count() > Dossier.objects.filter(channel=3).count()

    problems = [p for d in Dossier.objects.all() for p in _history_problems(d)]
    assert problems == []
    assert all(d.received_at < vn(2026, 1, 1) for d in Dossier.objects.all())
    assert 0.85 <= summary.on_time_share <= 1.0
    assert 0.8 <= summary.step_on_time_share <= 0.97
    assert list(audit_problems()) == []


def test_plans_depend_only_on_the_seed(db):
    procedures = [("1.000001", 30), ("1.000002", 1)]
    calendar = load_calendar()
    times = [vn(2025, 3, 3, 8 + i) for i in range(5)]
    first = make_plans(rng=random.Random(3), procedures=procedures, times=times)
    again = make_plans(rng=random.Random(3), procedures=procedures, times=times)
    other = make_plans(rng=random.Random(4), procedures=procedures, times=times)
    assert first == again != other
    assert calendar.is_working(times[0].date())


@time_machine.travel(NOW, tick=False)
def test_the_current_year_stops_at_now_with_dossiers_still_open(demo):
    simulate_year(dossiers=12, year=2026, seed=1)
    assert all(e.at <= NOW for d in Dossier.objects.all() for e in d.events.all())
    assert Dossier.objects.filter(status__in=OPEN_STATUSES).exists()


def test_the_command_refuses_without_the_demo_organisation(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("simulate_year", dossiers=5, year=2025, seed=1, stdout=StringIO())


@time_machine.travel(NOW, tick=False)
def test_the_command_prints_progress_and_a_summary(demo):
    out = StringIO()
    call_command("simulate_year", dossiers=4, year=2025, seed=2, every=2, stdout=out)
    text = out.getvalue()
    assert "… 2 hồ sơ" in text and "Đã tạo 4 hồ sơ" in text and "Đúng hạn" in text
