"""How the history of one dossier turns into its scores: supplements, pauses, withdrawal,
liên thông, and the refresh keeping up with changes.

EDIT_DIPLOMA: received Mon 05/10/2026 09:00, due Mon 12/10 17:00 (5 working days).
"""

from decimal import Decimal

import pytest

from motcua.accounts.models import Unit
from motcua.audit.models import AuditEvent
from motcua.demo import organisation as org
from motcua.dossiers.exceptions import InvalidInput, NotPermitted
from motcua.metrics.models import RollupRefresh
from motcua.ratings.models import DossierScore, EvaluationScheme
from motcua.ratings.selectors import evaluation_summary
from motcua.ratings.services import self_assessment_record
from motcua.ratings.tests.conftest import evaluation_refresh, vn


def score_of(code):
    return DossierScore.objects.get(dossier__code=code)


def steps_of(code):
    return {s.unit.code: s.i2 for s in score_of(code).unit_steps.select_related("unit")}


def test_a_repeated_supplement_request_scores_0_on_indicator_1(office):
    code = office.receive(vn(2026, 10, 5, 9))
    for day in (5, 6):
        office.act(code, vn(2026, 10, day, 10), "request_supplement", params={"items": ["Đơn"]})
        office.act(code, vn(2026, 10, day, 11), "receive_supplement")
    office.steps(code, *(vn(2026, 10, 7, h) for h in (9, 10, 11, 13, 14)))  # days early
    evaluation_refresh()
    score = score_of(code)
    # NĐ 61/2018 Đ15 k3: a second request makes the dossier late whatever the dates.
    assert score.i1 == 0 and score.late and score.has_result


def test_time_waiting_for_a_supplement_does_not_count(office):
    code = office.receive(vn(2026, 10, 5, 9))
    office.act(code, vn(2026, 10, 6, 9), "request_supplement", params={"items": ["Đơn"]})
    # Received Thu 08/10 14:00: the clock restarts, due Thu 15/10 17:00; step 1 (2.5 h) restarts
    # too and is due Thu 16:30.
    office.act(code, vn(2026, 10, 8, 14), "receive_supplement")
    office.steps(
        code,
        vn(2026, 10, 8, 16),  # step 1, due Thu 16:30: on time (1)
        vn(2026, 10, 9, 9),  # step 2 from Thu 16:00, 14 h → due Tue 13/10 10:00: early (2)
        vn(2026, 10, 9, 10),  # step 3, 4 h → due Fri 14:00: on time (1)
        vn(2026, 10, 12, 9),  # step 4 from Fri 10:00, 4 h → due Fri 15:00: late (0)
        vn(2026, 10, 15, 10),  # step 5 from Mon 09:00, 2.5 h → due Mon 11:30: late (0)
    )
    evaluation_refresh()
    # Finished Thu 15/10 10:00, after the first due date (Mon 12/10) but on the due day after
    # the restart: on time, 1 point.
    assert score_of(code).i1 == 1
    assert steps_of(code) == {
        org.ONE_STOP: 1,
        org.QUALITY: 1,  # worst of its two steps (2, 1)
        org.DEPARTMENT: 0,
        org.CLERKS: 0,
    }


def test_a_withdrawn_dossier_has_no_indicator_1_but_its_finished_steps_count(office):
    code = office.receive(vn(2026, 10, 5, 16))
    office.steps(code, vn(2026, 10, 5, 16, 30))  # step 1 due Tue 09:30: early (2)
    office.act(code, vn(2026, 10, 6, 10), "withdraw", who="tiepnhan")
    evaluation_refresh()
    score = score_of(code)
    assert not score.has_result and score.i1 is None
    assert score.ended_on.isoformat() == "2026-10-06"
    # Phòng QLCL's step was cut short by the withdrawal: its time is not judged.
    assert steps_of(code) == {org.ONE_STOP: 2}
    summary = evaluation_summary(unit=Unit.objects.get(code=org.DEPARTMENT), year=2026, quarter=4)
    points = {line.number: line.points for line in summary.lines}
    assert points[1] is None and points[2] == Decimal("2.0") and summary.settled == 0


def test_a_lien_thong_agency_is_scored_on_its_own_time(office):
    police = Unit.objects.get(code=org.POLICE)
    code = office.receive(vn(2026, 10, 5, 16))
    office.steps(code, vn(2026, 10, 5, 16, 10))  # step 1 early
    # Sent to the police for 2 working days on Tue 06/10 08:00 (counted from the next working
    # day: due Thu 08/10 17:00), answered Fri 09/10 09:00: late (0).
    office.act(
        code,
        vn(2026, 10, 6, 8),
        "forward_external",
        who="chuyenvien",
        params={"to_unit": police.code, "days": 2},
    )
    office.act(code, vn(2026, 10, 9, 9), "receive_external", who="chuyenvien")
    # Step 2 (from Mon 16:10, 14 h → due Wed 14:10) is handed over Fri: late (0).
    office.steps(code, *(vn(2026, 10, 9, h) for h in (10, 11, 13, 14)), first=2)
    evaluation_refresh()
    steps = steps_of(code)
    assert steps[org.POLICE] == 0 and steps[org.QUALITY] == 0 and steps[org.ONE_STOP] == 2
    summary = evaluation_summary(unit=police, year=2026, quarter=4)
    points = {line.number: line.points for line in summary.lines}
    assert points[2] == Decimal("0.0") and points[1] == Decimal("2.0")
    assert summary.officers == []  # no officer of the police acted
    # Whoever logged the police's answer is not scored on the police's time: the specialist's
    # own step 2 was late (0), and that is all that counts for them.
    quality = evaluation_summary(unit=Unit.objects.get(code=org.QUALITY), year=2026, quarter=4)
    specialist = next(o for o in quality.officers if o.name == "Trần Văn Chuyên")
    assert specialist.lines[1].points == Decimal("0.0") and specialist.lines[1].sample == 1


def test_refresh_is_idempotent_and_picks_up_a_late_rating(office):
    code = office.receive(vn(2026, 10, 5, 16))
    office.steps(code, *(vn(2026, 10, 5, 16, m) for m in (10, 20, 30, 40, 50)))
    evaluation_refresh()
    first = list(DossierScore.objects.values())
    evaluation_refresh()
    again = list(DossierScore.objects.values())
    for row in (*first, *again):
        row.pop("computed_at")
    assert first == again and len(first) == 1
    assert score_of(code).i7 is None
    office.rate(code, "satisfied", i3=2, i4=1, i7=1)
    run = evaluation_refresh()
    score = score_of(code)
    assert (score.i3, score.i4, score.i7, score.satisfaction) == (2, 1, 1, "satisfied")
    assert run.dossiers == 1 and RollupRefresh.objects.count() == 3


def test_without_a_scheme_in_force_there_is_no_evaluation(office):
    EvaluationScheme.objects.update(enabled=False)
    code = office.receive(vn(2026, 10, 5, 16))
    office.steps(code, *(vn(2026, 10, 5, 16, m) for m in (10, 20, 30, 40, 50)))
    evaluation_refresh()
    assert not DossierScore.objects.exists()
    department = Unit.objects.get(code=org.DEPARTMENT)
    assert evaluation_summary(unit=department, year=2026, quarter=4) is None


def test_a_unit_self_assesses_indicator_5_with_a_reason(office, demo):
    department = Unit.objects.get(code=org.DEPARTMENT)
    scheme = EvaluationScheme.objects.get(code="TT01-2018")
    entry = self_assessment_record(
        scheme=scheme,
        unit=department,
        year=2026,
        quarter=4,
        indicator=5,
        points="2",
        note="25% TTHC giao Bộ phận Một cửa thẩm định, phê duyệt (QĐ 12/QĐ-SGDĐT)",
        actor=demo["giamdoc"],
    )
    assert AuditEvent.objects.filter(action="evaluation.self_assessed").count() == 1
    summary = evaluation_summary(unit=department, year=2026, quarter=4)
    line = next(line for line in summary.lines if line.number == 5)
    assert line.points == Decimal("2") and line.origin_label == "Tự chấm"
    assert "QĐ 12/QĐ-SGDĐT" in line.self_note and summary.total == Decimal("2")
    assert entry.entered_by == demo["giamdoc"]
    with pytest.raises(InvalidInput):  # measured from the history: not for the unit to say
        self_assessment_record(
            scheme=scheme,
            unit=department,
            year=2026,
            quarter=4,
            indicator=1,
            points="2",
            note="x",
            actor=demo["giamdoc"],
        )
    with pytest.raises(InvalidInput):
        self_assessment_record(
            scheme=scheme,
            unit=department,
            year=2026,
            quarter=4,
            indicator=5,
            points="1.5",
            note="x",
            actor=demo["giamdoc"],
        )
    with pytest.raises(NotPermitted):  # a specialist does not score the department
        self_assessment_record(
            scheme=scheme,
            unit=department,
            year=2026,
            quarter=4,
            indicator=5,
            points="2",
            note="x",
            actor=demo["chuyenvien"],
        )
