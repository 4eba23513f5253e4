"""The quarterly summary of three dossiers, every figure worked out by hand.

Q4 2026 runs 15/09–14/12/2026 (NĐ 09/2019 cut-off, TT 01/2018 scheme). Step due times (see
conftest): received Mon 05/10 09:00, step 1 is due Mon 11:30; received Mon 16:00, step 1 is due
Tue 09:30. The dossier is due Mon 12/10 17:00 when received Mon 05/10 09:00.

A (received Mon 16:00, every step handed over the same Monday, before each step's due day):
  steps desk 2, QLCL 2, Sở 2, Văn thư 2; finished early → indicator 1 = 2.
B (received Mon 09:00): step 1 Mon 09:10 (due Mon 11:30) 1; step 2 Tue 16:00 (due Tue 16:10) 1;
  step 3 Wed 10:00 (due Wed 11:00) 1; step 4 Wed 14:00 (due Wed 15:00) 1; step 5 Wed 16:00
  (due Wed 16:30) 1; finished Wed 07/10, due Mon 12/10 → early → 2.
C (received Mon 09:00): step 1 Tue 09:00 (due Mon 11:30) 0; step 2 Wed 15:00 (due Wed 16:00) 1;
  step 3 Thu 09:00 (due Thu 10:00) 1; step 4 Tue 13/10 09:00 (due Thu 14:00) 0; step 5 Tue 13/10
  11:00 (due Tue 11:30) 1; finished Tue 13/10, due Mon 12/10 17:00 → late → 0.
"""

from decimal import Decimal

from motcua.accounts.models import Unit
from motcua.demo import organisation as org
from motcua.ratings.models import DossierScore, UnitStepScore
from motcua.ratings.selectors import evaluation_summary


def _line(summary, number):
    return next(line for line in summary.lines if line.number == number)


def test_each_dossier_and_each_unit_step_is_scored(three):
    a, b, c = three
    scores = {s.dossier.code: s for s in DossierScore.objects.select_related("dossier")}
    assert [scores[x].i1 for x in (a, b, c)] == [2, 2, 0]
    steps = {
        (s.score.dossier.code, s.unit.code): (s.i2, s.steps)
        for s in UnitStepScore.objects.select_related("score__dossier", "unit")
    }
    assert steps == {
        (a, org.ONE_STOP): (2, 1),
        (a, org.QUALITY): (2, 2),
        (a, org.DEPARTMENT): (2, 1),
        (a, org.CLERKS): (2, 1),
        (b, org.ONE_STOP): (1, 1),
        (b, org.QUALITY): (1, 2),
        (b, org.DEPARTMENT): (1, 1),
        (b, org.CLERKS): (1, 1),
        (c, org.ONE_STOP): (0, 1),
        (c, org.QUALITY): (1, 2),
        (c, org.DEPARTMENT): (0, 1),
        (c, org.CLERKS): (1, 1),
    }


def test_the_department_summary(three):
    summary = evaluation_summary(unit=Unit.objects.get(code=org.DEPARTMENT), year=2026, quarter=4)
    assert summary is not None
    assert (summary.first_day.isoformat(), summary.last_day.isoformat()) == (
        "2026-09-15",
        "2026-12-14",
    )
    points = {line.number: line.points for line in summary.lines}
    # 1: (2+2+0)/3 = 1.33; 2: (8+4+2)/12 = 1.17; 3: 3/3; 4: 5/3 = 1.67; 6: 3/3; 7: 3/3;
    # 5: 3 of 3 results received at the desk → 1; 8: no data; 9: 0 of 3 dossiers online → 0.
    assert points == {
        1: Decimal("1.3"),
        2: Decimal("1.2"),
        3: Decimal("1.0"),
        4: Decimal("1.7"),
        5: Decimal("1"),
        6: Decimal("1.0"),
        7: Decimal("1.0"),
        8: None,
        9: Decimal("0"),
    }
    assert _line(summary, 2).sample == 12
    assert _line(summary, 5).citizen_points == Decimal("2.0")  # only A answered, with 2
    assert "0/3 hồ sơ tiếp nhận trực tuyến (0,0%)" in _line(summary, 9).basis
    assert _line(summary, 8).origin == "no_data" and not _line(summary, 8).counted
    # 1.3 + 1.2 + 1.0 + 1.7 + 1 + 1.0 + 1.0 + 0 = 8.2: trung bình (6 – < 9), over 8 indicators.
    assert summary.total == Decimal("8.2") and summary.counted == 8
    assert summary.band == "Trung bình"
    assert summary.forms == 3 and summary.settled == 3
    assert [(s.label, s.count, s.percent) for s in summary.satisfaction] == [
        ("Rất hài lòng", 1, Decimal("33.3")),
        ("Hài lòng", 1, Decimal("33.3")),
        ("Không hài lòng", 1, Decimal("33.3")),
    ]


def test_officers_are_scored_on_their_own_steps(three):
    summary = evaluation_summary(unit=Unit.objects.get(code=org.DEPARTMENT), year=2026, quarter=4)
    officers = {o.name: o for o in summary.officers}
    assert set(officers) == {
        "Nguyễn Thị Tiếp Nhận",
        "Trần Văn Chuyên",
        "Lê Thị Trưởng",
        "Phạm Văn Giám",
        "Hoàng Thị Văn",
    }
    specialist = officers["Trần Văn Chuyên"]
    # 1: 1.3; own step 2: (2+1+1)/3 = 1.3; 3: 1.0; 4: 1.7; 7: 1.0 → 6.3 ≥ 5.
    assert [line.points for line in specialist.lines] == [
        Decimal("1.3"),
        Decimal("1.3"),
        Decimal("1.0"),
        Decimal("1.7"),
        Decimal("1.0"),
    ]
    assert specialist.total == Decimal("6.3") and specialist.dossiers == 3
    assert specialist.band == "Hoàn thành 100% nhiệm vụ"
    # The director's own steps: 2, 1, 0 → 1.0; total 1.3 + 1.0 + 1.0 + 1.7 + 1.0 = 6.0.
    assert officers["Phạm Văn Giám"].total == Decimal("6.0")


def test_a_specialist_unit_sees_the_dossiers_it_took_part_in(three):
    summary = evaluation_summary(unit=Unit.objects.get(code=org.QUALITY), year=2026, quarter=4)
    points = {line.number: line.points for line in summary.lines}
    # Its own steps: A 2, B 1, C 1 → 1.3. It implements no procedure and receives no dossier:
    # indicator 9 has nothing to measure and is left out.
    assert points[2] == Decimal("1.3") and points[1] == Decimal("1.3")
    assert points[9] is None
    assert {o.name for o in summary.officers} == {"Trần Văn Chuyên", "Lê Thị Trưởng"}


def test_another_quarter_is_empty(three):
    summary = evaluation_summary(unit=Unit.objects.get(code=org.DEPARTMENT), year=2026, quarter=3)
    assert all(line.points is None for line in summary.lines)
    assert summary.total == 0 and summary.counted == 0 and summary.band == ""
    assert summary.forms == 0
    assert [s.percent for s in summary.satisfaction] == [None, None, None]
    assert summary.officers == []
