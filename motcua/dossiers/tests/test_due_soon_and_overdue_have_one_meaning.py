""" "Sắp đến hạn" and "Quá hạn" mean one thing everywhere: the inbox tabs, their counts, the
dossier page, the leader's dashboard and the warning sweep.

EDIT_DIPLOMA takes 5 working days; the clock stands at Tue 13/10/2026 10:00 and the warning
horizon is one working day (the close of Wed 14/10):
  LATE      received Mon 05/10, due Mon 12/10 17:00, still at its first step: overdue
  PAUSED    received Mon 05/10, supplement asked Wed 07/10 (in time), still waiting: neither
  PAUSED_LATE received Mon 05/10, supplement asked Tue 13/10 09:00 (after the due time): overdue
  TWICE     received Thu 08/10, asked for supplements twice (NĐ 61 Đ15 k3): overdue
  SOON      received Wed 07/10, due Wed 14/10 17:00: due soon
  LATER     received Fri 09/10, due Fri 16/10 17:00, its first step already late: due soon
  NEW       received Mon 12/10 09:00, its first step falls due within the horizon: due soon
  DONE      received Mon 05/10, result ready on Fri 09/10: neither
"""

import re

import pytest
import time_machine

from motcua.dossiers.alerts import deadline_alerts_sweep
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import inbox
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.timeliness import Lateness, lateness_of
from motcua.metrics.tests.conftest import Desk

NOW = vn(2026, 10, 13, 10)
ITEMS = {"items": ["Bản sao văn bằng"]}


@pytest.fixture
def made(demo) -> dict[str, str]:
    desk = Desk(demo)
    codes = {
        "LATE": desk.receive(vn(2026, 10, 5, 9)),
        "PAUSED": desk.receive(vn(2026, 10, 5, 10)),
        "PAUSED_LATE": desk.receive(vn(2026, 10, 5, 11)),
        "TWICE": desk.receive(vn(2026, 10, 8, 9)),
        "SOON": desk.receive(vn(2026, 10, 7, 9)),
        "LATER": desk.receive(vn(2026, 10, 9, 9)),
        "NEW": desk.receive(vn(2026, 10, 12, 9)),
        "DONE": desk.receive(vn(2026, 10, 5, 14)),
    }
    desk.act(codes["PAUSED"], vn(2026, 10, 7, 9), "request_supplement", params=ITEMS)
    desk.act(codes["PAUSED_LATE"], vn(2026, 10, 13, 9), "request_supplement", params=ITEMS)
    desk.act(codes["TWICE"], vn(2026, 10, 8, 10), "request_supplement", params=ITEMS)
    desk.act(codes["TWICE"], vn(2026, 10, 8, 11), "receive_supplement")
    desk.act(codes["TWICE"], vn(2026, 10, 8, 14), "request_supplement", params=ITEMS)
    desk.act(codes["TWICE"], vn(2026, 10, 8, 15), "receive_supplement")
    desk.finish(codes["DONE"], vn(2026, 10, 9, 10))
    return codes


def listed(user, name: str) -> set[str]:
    return set(inbox(user, name, NOW).values_list("code", flat=True))


@time_machine.travel(NOW, tick=False)
def test_each_dossier_is_due_soon_or_overdue_or_neither(demo, made):
    admin = demo["quantri"]
    overdue, due_soon = listed(admin, "overdue"), listed(admin, "due_soon")
    assert not overdue & due_soon
    assert overdue == {made["LATE"], made["PAUSED_LATE"], made["TWICE"]}
    assert due_soon == {made["SOON"], made["LATER"], made["NEW"]}
    for name, code in made.items():
        expected = (
            Lateness.OVERDUE
            if code in overdue
            else Lateness.DUE_SOON
            if code in due_soon
            else Lateness.NONE
        )
        assert lateness_of(Dossier.objects.get(code=code), NOW) == expected, name


@time_machine.travel(NOW, tick=False)
def test_a_dossier_waiting_for_a_supplement_asked_in_time_is_neither(demo, made):
    paused = Dossier.objects.get(code=made["PAUSED"])
    assert paused.deadline.due_at < NOW  # its stored due time moves only when supplemented
    assert lateness_of(paused, NOW) == Lateness.NONE
    assert made["PAUSED"] in listed(demo["quantri"], "supplement")


@time_machine.travel(NOW, tick=False)
def test_the_dossier_page_says_what_the_inbox_lists(client, demo, made):
    client.force_login(demo["giamdoc"])
    tabs = client.get("/can-bo/", {"hop": "overdue"}).content.decode()
    overdue = set(re.findall(r'href="/can-bo/ho-so/([^/]+)/"', tabs))
    due_soon = set(
        re.findall(
            r'href="/can-bo/ho-so/([^/]+)/"',
            client.get("/can-bo/", {"hop": "due_soon"}).content.decode(),
        )
    )
    assert overdue == {made["LATE"], made["PAUSED_LATE"], made["TWICE"]}
    assert due_soon == {made["SOON"], made["LATER"], made["NEW"]}
    for code in made.values():
        page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
        head = page.split("<dl", 1)[0]
        assert ('class="tag danger">Quá hạn' in head) == (code in overdue), code
        assert ('class="tag warn">Sắp đến hạn' in head) == (code in due_soon), code


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_counts_each_dossier_once(client, demo, made):
    client.force_login(demo["giamdoc"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    soon = re.search(r'class="figure">(\d+)</span></a>hồ sơ sắp đến hạn', page)
    late = re.search(r'class="figure[^"]*">(\d+)</span></a>hồ sơ quá hạn', page)
    assert soon and late and (int(soon.group(1)), int(late.group(1))) == (3, 3)


@time_machine.travel(NOW, tick=False)
def test_the_warning_sweep_uses_the_same_meaning(demo, made):
    result = deadline_alerts_sweep()
    assert result.dossiers_late == 3  # LATE, PAUSED_LATE and TWICE; not PAUSED
    assert result.dossiers_due_soon == 1  # SOON (LATER's own due time is further away)
