"""Biểu II.06a from dossiers worked out by hand (conftest.py, `october`: the letters A–O).

Month 10/2026 runs 15/09 → 14/10/2026. Field "văn bằng" (EDIT_DIPLOMA):
- received (3) = online C (4: 1) + counter D E F G H I J N O (5: 9) + carried A B (6: 2) = 12;
- settled (7) = early A E (8: 2) + on time C (9: 1) + late D H (10: 2) = 5;
- withdrawn I, refused J; K (refused before acceptance) and L (accepted 15/10) are not in it;
- in progress at 14/10 (11) = within time F N (12: 2) + overdue B G O (13: 3) = 5;
  12 = 5 + 5 + 1 + 1.
Field "với nước ngoài" (OTHER): M, received and settled early (liên thông step in between).
"""

import pytest

from motcua.dossiers.models import Dossier
from motcua.reports.constants import Cell
from motcua.reports.ii06a import identity_errors, ii06a_report
from motcua.reports.periods import period_of
from motcua.reports.selectors import dossier_ids_in_cell
from motcua.reports.tests.conftest import refresh, vn

DIPLOMAS = "Hệ thống văn bằng, chứng chỉ"
ABROAD = "Giáo dục, đào tạo với nước ngoài"
KEYS = ["col3", "col4", "col5", "col6", "col7", "col8", "col9", "col10", "col11", "col12"]
KEYS += ["col13", "withdrawn", "refused"]


def figures(line) -> list[int]:
    data = line.as_dict()
    return [data[key] for key in KEYS]


def rows_of(report) -> dict[str, list[int]]:
    return {line.label: figures(line) for line in report.lines}


def test_month_10_column_by_column(october):
    report = ii06a_report(period=period_of("thang", 2026, 10))
    assert [line.label for line in report.lines] == [ABROAD, DIPLOMAS]
    assert [line.number for line in report.lines] == [1, 2]
    #                           3  4  5  6  7  8  9 10 11 12 13 rút trả
    assert rows_of(report) == {
        DIPLOMAS: [12, 1, 9, 2, 5, 2, 1, 2, 5, 2, 3, 1, 1],
        ABROAD: [1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    }
    assert figures(report.total) == [13, 1, 10, 2, 6, 3, 1, 2, 5, 2, 3, 1, 1]
    assert report.errors == []
    assert report.as_of == vn(2026, 10, 14).date() and report.warnings == []


def test_the_months_around_it_and_the_carry_over(october):
    september = ii06a_report(period=period_of("thang", 2026, 9))  # 15/08 → 14/09
    november = ii06a_report(period=period_of("thang", 2026, 11))  # 15/10 → 14/11
    october_report = ii06a_report(period=period_of("thang", 2026, 10))
    # September: A and B received at the counter, both open and in time at 14/09.
    assert rows_of(september) == {DIPLOMAS: [2, 0, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0]}
    # November: carried B F G N O; L accepted online; settled O (15/10, late: judged against the
    # due time before the apology), B (19/10, late), N (20/10, on time); open at 14/11: F still
    # waiting for the supplement asked in time, G waiting after its due time, L past 22/10.
    assert rows_of(november) == {DIPLOMAS: [6, 1, 0, 5, 3, 0, 1, 2, 3, 1, 2, 0, 0]}
    # The carry-over of a period is the previous period's in progress, row by row and in total.
    for before, after in ((september, october_report), (october_report, november)):
        assert after.total.col(6) == before.total.col(11)
        previous = {line.label: line.col(11) for line in before.lines}
        for line in after.lines:
            assert line.col(6) == previous.get(line.label, 0)
    assert all(not identity_errors(line) for line in [*november.lines, november.total])


def test_a_quarter_not_over_yet_runs_to_the_last_rebuilt_day(october):
    # Q4 2026 is 15/09 → 14/12/2026; the ledger was rebuilt up to 20/11/2026.
    report = ii06a_report(period=period_of("quy", 2026, 4))
    assert report.as_of == vn(2026, 11, 20).date()
    assert "20/11/2026" in report.warnings[0]
    # Received: C L online, D E F G H I J M N O at the counter, A B carried over; settled early
    # A E M, on time C N, late B D H O; in progress at 20/11: F (in time), G L (overdue).
    assert figures(report.total) == [14, 2, 10, 2, 9, 3, 2, 4, 3, 1, 2, 1, 1]
    assert report.errors == []


def test_each_figure_lists_exactly_its_dossiers(october):
    report = ii06a_report(period=period_of("thang", 2026, 10))
    letter = {v: k for k, v in october.items()}
    everything = Dossier.objects.all()

    def listed(cell: str, **row) -> set[str]:
        ids = dossier_ids_in_cell(
            everything.filter(**row), cell=cell, first=report.period.first, last=report.as_of
        )
        codes = Dossier.objects.filter(pk__in=ids).values_list("code", flat=True)
        return {letter[code] for code in codes}

    assert listed(Cell.CARRIED) == {"A", "B"}
    assert listed(Cell.ONLINE) == {"C"}
    assert listed(Cell.EARLY) == {"A", "E", "M"}
    assert listed(Cell.LATE) == {"D", "H"}
    assert listed(Cell.OPEN_IN_TIME) == {"F", "N"}
    assert listed(Cell.OPEN_OVERDUE) == {"B", "G", "O"}
    assert listed(Cell.WITHDRAWN) == {"I"}
    assert listed(Cell.REFUSED) == {"J"}
    assert "K" not in listed(Cell.RECEIVED) and "L" not in listed(Cell.RECEIVED)
    # Every cell of every row and of the total: the list is as long as the figure.
    for line in [*report.lines, report.total]:
        row = {} if line.number is None else {"procedure__field": line.key}
        for cell in Cell.values:
            assert len(listed(cell, **row)) == line.cell(cell), (line.label, cell)


@pytest.mark.parametrize("kind", ["thang", "quy"])
def test_a_period_without_dossiers_has_no_rows_and_a_zero_total(db, kind):
    refresh(vn(2026, 11, 20, 10), vn(2026, 11, 1))
    report = ii06a_report(period=period_of(kind, 2026, 2))
    assert report.lines == []
    assert figures(report.total) == [0] * 13
    assert report.errors == []
