"""Issue 11, "On time, one home": one dossier, one verdict, wherever it is shown.

EDIT_DIPLOMA takes 5 working days: received Mon 05/10/2026 09:00, due Mon 12/10/2026 17:00. On
Fri 09/10 the desk apologises and moves the return date to Fri 16/10; the result is ready on Thu
15/10 10:00, after the original due time and before the moved one. The national portal (766)
judges it against the due time before the apology: late. So must its page, the tracking page,
the process control slip, II.06a, the 766 drill-down, the evaluation and the API.
"""

import re

import pytest
import time_machine

from motcua.dossiers.constants import Timeliness
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import render_slip
from motcua.dossiers.tests.test_official_slips import pdf_text
from motcua.dossiers.timeliness import judge
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh
from motcua.metrics.tests.conftest import REFRESHED_AT, Desk, refresh, vn
from motcua.ratings.models import DossierScore
from motcua.reports.constants import Cell
from motcua.reports.ii06a import ii06a_report
from motcua.reports.periods import period_of
from motcua.reports.selectors import dossier_ids_in_cell


@pytest.fixture
def apologised(demo) -> Dossier:
    desk = Desk(demo)
    code = desk.receive(vn(2026, 10, 5, 9))
    desk.act(code, vn(2026, 10, 9, 10), "apologize", params={"new_due_at": "2026-10-16"})
    desk.finish(code, vn(2026, 10, 15, 10))
    dossier = Dossier.objects.get(code=code)
    assert dossier.due_at == vn(2026, 10, 16, 17) and dossier.original_due_at < dossier.finished_at
    return dossier


def text_of(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_an_apologised_dossier_finished_after_its_first_due_time_is_late_everywhere(
    client, demo, apologised
):
    code = apologised.code
    verdict = judge(apologised)
    assert verdict.settled and verdict.timeliness == Timeliness.LATE
    assert verdict.due_at == vn(2026, 10, 12, 17) and verdict.on_time is False
    said = "Kết quả giải quyết so với hạn: Quá hạn (so với hạn trước khi hẹn lại 17:00 12/10/2026)"

    # Its page in the back office.
    client.force_login(demo["quantri"])
    page = text_of(client.get(f"/can-bo/ho-so/{code}/").content)
    assert said in page
    assert "so với hạn: Đúng hạn" not in page and "so với hạn: Trước hạn" not in page

    # The API, beside each event's step verdict.
    detail = client.get(f"/api/v1/dossiers/{code}").json()
    assert detail["on_time"] is False
    assert all("timeliness" in event for event in detail["history"])

    # The public tracking page and its API (anonymous, code + last 4 digits of the CCCD).
    client.logout()
    tracked = client.get(f"/tra-cuu/{code}", {"verify": "1234"})
    assert said in text_of(tracked.content)
    public = client.get(f"/api/v1/track/{code}", {"verify": "1234"}).json()
    assert public["on_time"] is False and public["timeliness_label"] == "Quá hạn"

    # The process control slip.
    slip = pdf_text(render_slip(apologised, "control-slip", "pdf").content)
    assert "Kết quả giải quyết hồ sơ so với hạn: Quá hạn" in slip

    # II.06a, month 11/2026 (15/10 → 14/11): settled late, column 10.
    with time_machine.travel(vn(2026, 11, 20, 10), tick=False):
        rollup_refresh(days=days_to_refresh(everything=True))
    report = ii06a_report(period=period_of("thang", 2026, 11))
    assert report.total.cell(Cell.LATE) == 1 and report.total.cell(Cell.ON_TIME) == 0
    listed = dossier_ids_in_cell(
        Dossier.objects.all(), cell=Cell.LATE, first=report.period.first, last=report.as_of
    )
    assert list(listed) == [apologised.pk]

    # The 766 index (indicator 2.1) and its drill-down: among the late ones.
    refresh()
    client.force_login(demo["quantri"])
    with time_machine.travel(REFRESHED_AT, tick=False):
        index = client.get("/api/v1/metrics/766", {"from": "2026-10-01", "to": "2026-10-31"})
        found = {i["id"]: i for g in index.json()["groups"] for i in g["indicators"]}
        assert (found["2.1"]["numerator"], found["2.1"]["denominator"]) == (0, 1)
        query = {"from": "2026-10-01", "to": "2026-10-31"}
        late = client.get("/can-bo/chi-so-766/2.1/ho-so/", {**query, "nhom": "tre-han"})
        in_time = client.get("/can-bo/chi-so-766/2.1/ho-so/", {**query, "nhom": "dung-han"})
    assert code in late.content.decode() and code not in in_time.content.decode()

    # The evaluation (TT 01/2018 indicator 1): late, no point.
    rollup_refresh(days=[])  # the per-dossier part: the evaluation scores
    score = DossierScore.objects.get(dossier=apologised)
    assert score.late and score.i1 == 0
