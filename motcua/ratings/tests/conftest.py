"""Dossiers walked through the real services at chosen moments, by the demo staff of each step.

EDIT_DIPLOMA (5 working days) has five steps: 1 Bộ phận Một cửa 2.5 h (tiepnhan), 2 Phòng QLCL
14 h (chuyenvien), 3 Phòng QLCL 4 h (truongphong), 4 Sở GDĐT 4 h (giamdoc approves), 5 Văn thư Sở
2.5 h (vanthu finishes). Office hours 08–12 and 13–17; October 2026 has no holiday. A hand-over
before the step's due day is early (2), on its due day on time (1), after its due time late (0).
"""

from datetime import datetime

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.metrics.models import RollupRefresh
from motcua.metrics.services import rollup_refresh
from motcua.ratings.models import Rating

__all__ = ["EDIT_DIPLOMA", "Office", "evaluation_refresh", "vn"]


def evaluation_refresh() -> RollupRefresh:
    """The one rollup refresh, for its per-dossier part only (the evaluation scores)."""
    return rollup_refresh(days=[])


# (action, username) of each step's move, in order.
STEP_MOVES = [
    ("forward", "tiepnhan"),
    ("forward", "chuyenvien"),
    ("forward", "truongphong"),
    ("approve", "giamdoc"),
    ("finish", "vanthu"),
]


class Office:
    """The demo staff acting on dossiers at chosen moments."""

    def __init__(self, demo: dict) -> None:
        self.demo = demo

    def receive(self, when: datetime, procedure: str = EDIT_DIPLOMA, channel: int = 1) -> str:
        with time_machine.travel(when, tick=False):
            return dossier_receive(
                procedure_code=procedure,
                channel=channel,
                applicant=APPLICANT,
                actor=self.demo["tiepnhan"],
            ).code

    def act(self, code: str, when: datetime, action: str, who: str = "quantri", **kw) -> Dossier:
        kw.setdefault("note", "Ghi chú")
        with time_machine.travel(when, tick=False):
            return dossier_transition(code=code, action=action, actor=self.demo[who], **kw)

    def steps(self, code: str, *moments: datetime, first: int = 1) -> Dossier:
        """Make the step moves from step `first` on, one at each moment, by the step's officer."""
        dossier = Dossier.objects.get(code=code)
        for (action, who), when in zip(STEP_MOVES[first - 1 :], moments, strict=False):
            dossier = self.act(code, when, action, who)
        return dossier

    def rate(self, code: str, satisfaction: str, **scores: int) -> Rating:
        return Rating.objects.create(
            dossier=Dossier.objects.get(code=code), satisfaction=satisfaction, scores=scores
        )


@pytest.fixture
def office(demo) -> Office:
    return Office(demo)


@pytest.fixture
def three(office):
    """Dossiers A, B and C of test_quarterly_summary_by_hand, rated and scored."""
    a = office.receive(vn(2026, 10, 5, 16))
    office.steps(a, *(vn(2026, 10, 5, 16, m) for m in (10, 20, 30, 40, 50)))
    b = office.receive(vn(2026, 10, 5, 9))
    office.steps(
        b,
        vn(2026, 10, 5, 9, 10),
        vn(2026, 10, 6, 16),
        vn(2026, 10, 7, 10),
        vn(2026, 10, 7, 14),
        vn(2026, 10, 7, 16),
    )
    c = office.receive(vn(2026, 10, 5, 9, 5))
    office.steps(
        c,
        vn(2026, 10, 6, 9),
        vn(2026, 10, 7, 15),
        vn(2026, 10, 8, 9),
        vn(2026, 10, 13, 9),
        vn(2026, 10, 13, 11),
    )
    office.rate(a, "very_satisfied", i3=2, i4=2, i5=2, i6=2, i7=2, i9=2)
    office.rate(b, "satisfied", i3=1, i4=2, i6=1, i7=1)
    office.rate(c, "unsatisfied", i3=0, i4=1, i6=0, i7=0)
    evaluation_refresh()
    return a, b, c
