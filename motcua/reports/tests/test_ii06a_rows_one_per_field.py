"""Issue 10, item 8: Biểu II.06a has one row per field, however the published list spells it.
1.012960 is published under "Giáo dục - Đào tạo", 1.005061 under "Giáo dục và Đào tạo", the
diploma copy 3.000465 under "Hệ thống văn bằng, chứng chỉ" and 1.004889 under its synonym
"Văn bằng, chứng chỉ". One dossier each, received at the Sở's desk in October 2026: two rows of
two dossiers each."""

from datetime import date

import time_machine

from motcua.reports.constants import Cell
from motcua.reports.ii06a import ii06a_report
from motcua.reports.periods import custom_period
from motcua.reports.tests.conftest import refresh, vn

NOW = vn(2026, 10, 20, 12)


def test_one_row_per_field_whatever_the_spelling(desk, demo) -> None:
    for hour, code in enumerate(("1.012960", "1.005061", "3.000465", "1.004889"), start=8):
        desk.receive(vn(2026, 10, 5, hour), procedure=code)
    refresh(NOW, vn(2026, 10, 1))
    with time_machine.travel(NOW, tick=False):
        report = ii06a_report(period=custom_period(date(2026, 10, 1), date(2026, 10, 20)))
    rows = {line.label: line.figures[Cell.DIRECT] for line in report.lines}
    assert rows == {"Giáo dục và Đào tạo": 2, "Hệ thống văn bằng, chứng chỉ": 2}
