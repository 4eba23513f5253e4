"""Only a dossier received at the counter counts as received in Biểu II.06a and the 766 index;
one refused (Mẫu 03) or asked to supplement (Mẫu 02) there is not, until it is received.

Month 10/2026 runs 15/09 → 14/10/2026, counter dossiers of EDIT_DIPLOMA (5 working days):
  R1 received Mon 05/10 09:00 (due 12/10 17:00), finished Thu 08/10: early;
  R2 received Tue 06/10 09:00 (due 13/10 17:00), still open at the end of 14/10: overdue;
  X  refused at the counter Mon 05/10 10:00: never received, in no column (not "trả lại");
  Y  asked to supplement at the counter Mon 05/10 11:00, never back: never received;
  Z  asked to supplement Tue 06/10 10:00, back Thu 08/10 09:00 and received 09:30 (due
     Thu 15/10 17:00), open at the end of 14/10: in time.
By hand: received (3) = counter (5) = R1 R2 Z = 3; settled (7) = early (8) = R1 = 1;
in progress (11) = 2: in time (12) Z, overdue (13) R2; withdrawn 0; refused 0.
766 for 01/10 → 31/10: 3.3's denominator is the 3 received dossiers (none online: 0/3).
"""

import time_machine

from motcua.dossiers.constants import CounterOutcome
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.metrics.models import DossierFact
from motcua.metrics.selectors import index_766, unit_scope
from motcua.metrics.tests.conftest import REFRESHED_AT
from motcua.metrics.tests.conftest import refresh as rollup_refresh
from motcua.reports.ii06a import ii06a_report
from motcua.reports.periods import period_of
from motcua.reports.tests.conftest import EDIT_DIPLOMA, refresh, vn

KEYS = ["col3", "col4", "col5", "col6", "col7", "col8", "col9", "col10", "col11", "col12"]
KEYS += ["col13", "withdrawn", "refused"]


def at_counter(demo, when, **kwargs) -> str:
    with time_machine.travel(when, tick=False):
        return dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=1,
            applicant=APPLICANT,
            actor=demo["tiepnhan"],
            **kwargs,
        ).code


def make(desk, demo) -> dict[str, str]:
    made = {
        "R1": at_counter(demo, vn(2026, 10, 5, 9)),
        "R2": at_counter(demo, vn(2026, 10, 6, 9)),
        "X": at_counter(demo, vn(2026, 10, 5, 10), outcome=CounterOutcome.REFUSE, note="Sai"),
        "Y": at_counter(
            demo,
            vn(2026, 10, 5, 11),
            outcome=CounterOutcome.REQUEST_SUPPLEMENT,
            supplement_items=["Giấy khai sinh"],
        ),
        "Z": at_counter(
            demo,
            vn(2026, 10, 6, 10),
            outcome=CounterOutcome.REQUEST_SUPPLEMENT,
            supplement_items=["Giấy khai sinh"],
        ),
    }
    desk.finish(made["R1"], vn(2026, 10, 8, 10))
    desk.act(made["Z"], vn(2026, 10, 8, 9), "receive_supplement")
    desk.act(made["Z"], vn(2026, 10, 8, 9, 30), "accept")
    return made


def test_ii06a_counts_only_the_received(desk, demo):
    made = make(desk, demo)
    assert Dossier.objects.get(code=made["Z"]).due_at == vn(2026, 10, 15, 17)
    refresh(vn(2026, 11, 20, 10), vn(2026, 9, 1))
    report = ii06a_report(period=period_of("thang", 2026, 10))
    total = report.total.as_dict()
    #                                    3  4  5  6  7  8  9 10 11 12 13 rút trả
    assert [total[key] for key in KEYS] == [3, 0, 3, 0, 1, 1, 0, 0, 2, 1, 1, 0, 0]
    assert report.errors == []


def test_the_766_rollup_counts_only_the_received(desk, demo):
    made = make(desk, demo)
    rollup_refresh()
    facts = DossierFact.objects.values_list("dossier__code", flat=True)
    assert sorted(facts) == sorted([made["R1"], made["R2"], made["Z"]])
    with time_machine.travel(REFRESHED_AT, tick=False):
        result = index_766(
            first=vn(2026, 10, 1).date(), last=vn(2026, 10, 31).date(), scope=unit_scope(None)
        )
    found = {i.definition.id: i for g in result.groups for i in g.indicators}
    assert (found["3.3"].numerator, found["3.3"].denominator) == (0, 3)
