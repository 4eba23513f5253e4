"""Dossiers made through the real services at historic times, by the demo staff (the `demo`
fixture is global; `desk` walks dossiers through their steps as the administrator)."""

from datetime import datetime, timedelta

import pytest
import time_machine

from motcua.metrics.services import rollup_refresh
from motcua.metrics.tests.conftest import EDIT_DIPLOMA, OTHER, Desk, vn

__all__ = ["EDIT_DIPLOMA", "OTHER", "Desk", "refresh", "vn"]


@pytest.fixture
def desk(demo) -> Desk:
    return Desk(demo)


def refresh(now: datetime, first: datetime) -> None:
    """Rebuild the rollup from `first`'s day to `now`'s day, the clock standing at `now`."""
    days = [first.date() + timedelta(days=n) for n in range((now.date() - first.date()).days + 1)]
    with time_machine.travel(now, tick=False):
        rollup_refresh(days=days)


LIAISON = "000.00.20.H99"  # Công an tỉnh, an external agency (liên thông)
NOW = vn(2026, 11, 20, 10)


@pytest.fixture
def october(desk) -> dict[str, str]:
    """Dossiers around the report month 10/2026 (15/09 → 14/10/2026, no holiday in it), each
    named by the letter the tests use; the ledger is rebuilt at NOW (20/11/2026).

    EDIT_DIPLOMA takes 5 working days (field "Hệ thống văn bằng, chứng chỉ"); OTHER 15 (field
    "Giáo dục, đào tạo với nước ngoài"). Counter dossiers unless said otherwise.
    """
    d: dict[str, str] = {}
    supplement = {"items": ["Bản sao văn bằng"]}
    # A: received 11/09 (month 9), due Fri 18/09 17:00, finished Wed 16/09: early.
    d["A"] = desk.receive(vn(2026, 9, 11, 9))
    desk.finish(d["A"], vn(2026, 9, 16, 10))
    # B: received 10/09, due Thu 17/09 17:00; finished Mon 19/10 (month 11): late.
    d["B"] = desk.receive(vn(2026, 9, 10, 9))
    desk.finish(d["B"], vn(2026, 10, 19, 10))
    # C: online, submitted 05/10 08:30, accepted 09:00 (due 12/10 17:00), finished 12/10 16:00.
    d["C"] = desk.receive(vn(2026, 10, 5, 8, 30), channel=2)
    desk.act(d["C"], vn(2026, 10, 5, 9), "accept")
    desk.finish(d["C"], vn(2026, 10, 12, 16))
    # D: received 05/10 10:00 (due 12/10 17:00), finished Tue 13/10 09:00: late.
    d["D"] = desk.receive(vn(2026, 10, 5, 10))
    desk.finish(d["D"], vn(2026, 10, 13, 9))
    # E: received 05/10 09:00; supplement asked Tue 06/10 09:00, received Thu 08/10 14:00: the
    # clock restarts, due Thu 15/10 17:00; finished Wed 14/10 10:00: early.
    d["E"] = desk.receive(vn(2026, 10, 5, 9))
    desk.act(d["E"], vn(2026, 10, 6, 9), "request_supplement", params=supplement)
    desk.act(d["E"], vn(2026, 10, 8, 14), "receive_supplement")
    desk.finish(d["E"], vn(2026, 10, 14, 10))
    # F: received Fri 09/10 (due Fri 16/10 17:00); supplement asked Mon 12/10 10:00 and never
    # received: judged at the request, in time.
    d["F"] = desk.receive(vn(2026, 10, 9, 9))
    desk.act(d["F"], vn(2026, 10, 12, 10), "request_supplement", params=supplement)
    # G: received Mon 28/09 (due Mon 05/10 17:00); supplement asked Tue 06/10, after the due
    # time, never received: overdue.
    d["G"] = desk.receive(vn(2026, 9, 28, 9))
    desk.act(d["G"], vn(2026, 10, 6, 9), "request_supplement", params=supplement)
    # H: received 05/10 11:00; two supplement requests (06/10 and 07/10, each answered within the
    # hour), finished Thu 08/10 long before any due time: late for the repeated request.
    d["H"] = desk.receive(vn(2026, 10, 5, 11))
    desk.act(d["H"], vn(2026, 10, 6, 9), "request_supplement", params=supplement)
    desk.act(d["H"], vn(2026, 10, 6, 10), "receive_supplement")
    desk.act(d["H"], vn(2026, 10, 7, 9), "request_supplement", params=supplement)
    desk.act(d["H"], vn(2026, 10, 7, 10), "receive_supplement")
    desk.finish(d["H"], vn(2026, 10, 8, 10))
    # I: received 06/10, withdrawn 07/10. J: received 06/10 10:00, refused at 11:00.
    d["I"] = desk.receive(vn(2026, 10, 6, 9))
    desk.act(d["I"], vn(2026, 10, 7, 9), "withdraw")
    d["J"] = desk.receive(vn(2026, 10, 6, 10))
    desk.act(d["J"], vn(2026, 10, 6, 11), "refuse")
    # K: online, refused before acceptance: never received for handling, in no column.
    d["K"] = desk.receive(vn(2026, 10, 6, 9), channel=2)
    desk.act(d["K"], vn(2026, 10, 6, 10), "refuse")
    # L: online, submitted Wed 14/10, accepted Thu 15/10 09:00 (month 11; due Thu 22/10 17:00),
    # never finished.
    d["L"] = desk.receive(vn(2026, 10, 14, 9), channel=2)
    desk.act(d["L"], vn(2026, 10, 15, 9), "accept")
    # M: OTHER, received 05/10 (due Mon 26/10 17:00); sent to the police (liên thông) 06/10,
    # answer received 12/10, finished Wed 14/10: early.
    d["M"] = desk.receive(vn(2026, 10, 5, 9), procedure=OTHER)
    desk.act(d["M"], vn(2026, 10, 6, 9), "forward_external", params={"to_unit": LIAISON})
    desk.act(d["M"], vn(2026, 10, 12, 9), "receive_external")
    desk.finish(d["M"], vn(2026, 10, 14, 10))
    # N: received Tue 13/10 (due Tue 20/10 17:00), finished 20/10 16:00 (month 11): on time.
    d["N"] = desk.receive(vn(2026, 10, 13, 9))
    desk.finish(d["N"], vn(2026, 10, 20, 16))
    # O: received 05/10 13:00 (due 12/10 17:00); apology on Fri 09/10 with a new date 16/10;
    # finished Thu 15/10 (month 11): judged against the due time before the apology, late.
    d["O"] = desk.receive(vn(2026, 10, 5, 13))
    desk.act(d["O"], vn(2026, 10, 9, 10), "apologize", params={"new_due_at": "2026-10-16"})
    desk.finish(d["O"], vn(2026, 10, 15, 10))
    refresh(NOW, vn(2026, 8, 1))
    return d


CENTRE = "000.00.90.H99"  # Trung tâm Phục vụ hành chính công tỉnh: a second receiving desk
DESK = "000.05.15.H99"  # Bộ phận Một cửa Sở
FEW_NOW = vn(2026, 10, 20, 12)


@pytest.fixture
def few(desk, demo) -> dict[str, str]:
    """Three dossiers for 01/10 → 20/10/2026, the ledger rebuilt at 20/10 12:00:
    P1 at the Sở's desk, received Mon 05/10 09:00 (due 12/10 17:00), finished 13/10: late;
    P2 online at the Sở's desk, accepted 05/10 09:30, still open on 20/10: overdue;
    P3 at the provincial service centre, received Wed 14/10 (due 21/10 17:00): in time."""
    from motcua.accounts.constants import Role
    from motcua.accounts.models import Membership, Unit, User
    from motcua.dossiers.services import dossier_receive
    from motcua.dossiers.tests.conftest import APPLICANT

    found = {"P1": desk.receive(vn(2026, 10, 5, 9))}
    desk.finish(found["P1"], vn(2026, 10, 13, 9))
    found["P2"] = desk.receive(vn(2026, 10, 5, 8, 30), channel=2)
    desk.act(found["P2"], vn(2026, 10, 5, 9, 30), "accept")
    clerk = User.objects.create_user(username="tiepnhantt", full_name="Lê Văn Trung Tâm")
    Membership.objects.create(
        user=clerk, unit=Unit.objects.get(code=CENTRE), role=Role.RECEPTIONIST
    )
    with time_machine.travel(vn(2026, 10, 14, 9), tick=False):
        found["P3"] = dossier_receive(
            procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=clerk
        ).code
    refresh(FEW_NOW, vn(2026, 10, 1))
    return found
