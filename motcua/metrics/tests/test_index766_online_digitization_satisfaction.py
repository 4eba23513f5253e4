"""Groups 3, 4 and 5 of the 766 index from the rollups, and "chưa có dữ liệu" where MotCua has
no data yet. Period: October 2026. Four diploma dossiers (the procedure yields a paper result),
each with two papers:

  P  online, both papers scanned, finished 08/10 with an electronic result; rated unsatisfied
  Q  online, no scans, finished 08/10 without an electronic result
  R  at the counter, its papers are P's files taken again, finished 09/10 with an e-result
  S  by post, still open

3.3 online share: P only (Q has a paper result and no e-result) = 1/4 = 25 %; threshold 50 %:
    4 × 25/50 = 2.00 points.
4.1 e-results among results of paper-result procedures: P, R of P, Q, R = 66.67 %, 6 × 2/3 = 4.00.
4.2 digitized (every paper scanned and an e-result): P, R of 3 = 66.67 %; threshold 80 %:
    4 × 66.67/80 = 3.33.
4.3 reused: R of 4 = 25 %, 2 × 25/80 = 0.625 → 0.63, shown only once a data store is connected.
5.4 satisfaction: 3 settled, none late, P unsatisfied: 2/3 = 66.67 %; threshold 90 %:
    6 × 66.67/90 = 4.44.
"""

import time_machine

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.metrics.constants import CONNECTED_SOURCES, Source
from motcua.metrics.selectors import index_766, indicator_dossiers, unit_scope
from motcua.metrics.tests.conftest import (
    EDIT_DIPLOMA,
    FEE_PROCEDURE,
    REFRESHED_AT,
    intake,
    refresh,
    stored_file,
    vn,
)
from motcua.ratings.services import rating_submit

FIRST, LAST = vn(2026, 10, 1).date(), vn(2026, 10, 31).date()


def figures():
    with time_machine.travel(REFRESHED_AT, tick=False):
        result = index_766(first=FIRST, last=LAST, scope=unit_scope(None))
    return {i.definition.id: i for g in result.groups for i in g.indicators}, result


def drilled(formula: str, good: bool, names: dict[str, str]) -> list[str]:
    with time_machine.travel(REFRESHED_AT, tick=False):
        found = indicator_dossiers(
            formula=formula, good=good, first=FIRST, last=LAST, scope=unit_scope(None)
        )
        return sorted(names[d.code] for d in found)


def make_dossiers(desk, demo, citizen) -> dict[str, str]:
    scans = [stored_file("don.pdf"), stored_file("van-bang.pdf")]
    made = {
        "P": intake(demo, vn(2026, 10, 5, 9), channel=2, files=scans, citizen=citizen),
        "Q": intake(demo, vn(2026, 10, 5, 10), channel=2),
        "R": intake(demo, vn(2026, 10, 5, 11), files=scans),
        "S": intake(demo, vn(2026, 10, 5, 14), channel=3),
    }
    desk.finish(made["P"], vn(2026, 10, 8, 10), params={"result_file_id": stored_file("kq.pdf")})
    desk.finish(made["Q"], vn(2026, 10, 8, 11))
    desk.finish(made["R"], vn(2026, 10, 9, 10), params={"result_file_id": stored_file("kq2.pdf")})
    with time_machine.travel(vn(2026, 10, 10, 9), tick=False):
        rating_submit(
            dossier=Dossier.objects.get(code=made["P"]),
            citizen=citizen,
            satisfaction="unsatisfied",
            scores={},
        )
    return made


def test_online_digitization_and_satisfaction_figures(desk, demo, citizen):
    make_dossiers(desk, demo, citizen)
    refresh()
    found, _ = figures()
    expected = {
        "3.3": (1, 4, "25.00", "2.00"),
        "4.1": (2, 3, "66.67", "4.00"),
        "4.2": (2, 3, "66.67", "3.33"),
        "5.4": (2, 3, "66.67", "4.44"),
    }
    for key, (numerator, denominator, rate, points) in expected.items():
        got = found[key]
        assert (got.numerator, got.denominator, str(got.rate), str(got.points)) == (
            numerator,
            denominator,
            rate,
            points,
        ), key
    assert "đồng bộ" in found["3.3"].note  # the national factor it leaves out, said so
    # P and Q came online (II.06a's online column says 2); Q has no e-result: said so.
    assert "có 2 hồ sơ nộp trực tuyến" in found["3.3"].note
    assert "1 hồ sơ của thủ tục trả kết quả bản giấy chưa có kết quả điện tử" in found["3.3"].note
    assert "PAKN" in found["5.4"].note


def test_indicators_without_a_data_source_say_so_instead_of_zero(desk, demo, citizen):
    make_dossiers(desk, demo, citizen)
    refresh()
    found, result = figures()
    for key in ("1.2", "1.4", "3.5", "3.5b", "3.6", "4.3", "4.4", "4.5a", "4.6", "5.2", "5.3"):
        assert found[key].points is None and found[key].rate is None, key
        assert found[key].note.startswith("Chưa có dữ liệu"), key
    payment = next(g for g in result.groups if g.definition.id == "3b")
    feedback = next(g for g in result.groups if g.definition.id == "5")
    assert payment.points is None  # no figure at all, not 0 of 10
    assert feedback.points == found["5.4"].points and feedback.measured_max_points == 6
    assert result.band is None  # no band is configured, and the index is not complete


def test_reuse_is_counted_once_a_data_store_is_connected(desk, demo, citizen, settings):
    made = make_dossiers(desk, demo, citizen)
    refresh()
    settings.MOTCUA_INDEX_SOURCES = CONNECTED_SOURCES | {Source.VAULT}
    found, _ = figures()
    reused = found["4.3"]
    assert (reused.numerator, reused.denominator, str(reused.rate)) == (1, 4, "25.00")
    assert str(reused.points) == "0.63"
    names = {code: name for name, code in made.items()}
    assert drilled("reused_data", True, names) == ["R"]


def test_online_payment_share_once_a_payment_gateway_is_connected(desk, demo, settings):
    # Two dossiers of the fee-bearing procedure; one paid online, one at the counter.
    paid = intake(demo, vn(2026, 10, 5, 9), procedure=FEE_PROCEDURE, channel=2)
    cash = intake(demo, vn(2026, 10, 5, 10), procedure=FEE_PROCEDURE)
    for code, online in ((paid, True), (cash, False)):
        desk.act(code, vn(2026, 10, 5, 15), "request_payment")
        desk.act(code, vn(2026, 10, 6, 9), "confirm_payment", params={"paid_online": online})
    intake(demo, vn(2026, 10, 5, 11))  # no fee: not in the denominator
    refresh()
    found, _ = figures()
    assert found["3.6"].points is None  # typed by an officer, no gateway: not shown
    settings.MOTCUA_INDEX_SOURCES = CONNECTED_SOURCES | {Source.PAYMENT}
    found, _ = figures()
    assert (found["3.6"].numerator, found["3.6"].denominator, str(found["3.6"].points)) == (
        1,
        2,
        "3.00",
    )
    # 3.5b: fee-bearing procedures in force with an online payment: 1 of 1.
    charged = [p for p in Procedure.objects.all() if any(f.amount_vnd for f in p.fees.all())]
    assert len(charged) == 1
    assert (found["3.5b"].numerator, found["3.5b"].denominator) == (1, 1)
    assert found["3.5"].points is None  # integration per procedure is not recorded anywhere


def test_the_drill_down_of_each_dossier_figure(desk, demo, citizen):
    made = make_dossiers(desk, demo, citizen)
    refresh()
    names = {code: name for name, code in made.items()}
    assert drilled("online_dossiers", True, names) == ["P"]
    assert drilled("online_dossiers", False, names) == ["Q", "R", "S"]
    assert drilled("electronic_results", True, names) == ["P", "R"]
    assert drilled("electronic_results", False, names) == ["Q"]
    assert drilled("digitized", False, names) == ["Q"]
    assert drilled("dossier_satisfaction", False, names) == ["P"]
    assert drilled("dossier_satisfaction", True, names) == ["Q", "R"]


def test_fully_online_share_services_used_and_average_time(desk, demo, citizen):
    """Only the diploma procedure (eligible, toàn trình) and the fee procedure (toàn trình) offer
    online service. 3.4: online P, Q of the 4 diploma dossiers = 50 %, 4 × 0.5 = 2.00 points.
    3.2 (monitored): 1 of the 2 online services has an online dossier. 2.2 (monitored): P 25 h,
    Q 25 h, R 31 h of work = 81 h / 3 = 27 h = 3.375 → 3.38 working days of 8 hours."""
    Procedure.objects.update(online_level="khong", demo_fields=[])
    Procedure.objects.filter(code=EDIT_DIPLOMA).update(
        online_level="toan_trinh", fully_online_eligible=True
    )
    Procedure.objects.filter(code=FEE_PROCEDURE).update(online_level="toan_trinh")
    make_dossiers(desk, demo, citizen)
    refresh()
    found, _ = figures()
    assert (found["3.4"].numerator, found["3.4"].denominator, str(found["3.4"].points)) == (
        2,
        4,
        "2.00",
    )
    assert (found["3.2"].numerator, found["3.2"].denominator) == (1, 2)
    assert found["3.2"].points is None and "không tính điểm" in found["3.2"].note
    assert str(found["2.2"].value) == "3.38" and found["2.2"].value_unit == "ngày làm việc"
    assert found["2.2"].points is None
