"""The form's identities are checked on every row and the total, and a broken ledger is said on
screen instead of printed as if it were right."""

from collections import Counter

import time_machine

from motcua.metrics.models import DailyProcedureStats
from motcua.reports.constants import Cell
from motcua.reports.ii06a import Line, identity_errors, ii06a_report
from motcua.reports.periods import custom_period
from motcua.reports.tests.conftest import FEW_NOW, vn


def test_identity_errors_names_each_broken_identity():
    fine = Line(1, "Văn bằng", figures=Counter({Cell.ONLINE: 2, Cell.EARLY: 1, Cell.WITHDRAWN: 1}))
    assert identity_errors(fine) == []
    broken = Line(1, "Văn bằng", figures=Counter({Cell.ONLINE: 2, Cell.EARLY: 1}))
    assert identity_errors(broken) == ["Văn bằng: (3) ≠ (7) + (11) + (14) + (15)"]


def test_a_tampered_ledger_shows_a_warning(client, demo, few):
    window = custom_period(vn(2026, 10, 1).date(), vn(2026, 10, 20).date())
    assert ii06a_report(period=window).errors == []
    row = DailyProcedureStats.objects.filter(day=vn(2026, 10, 20).date(), open_overdue__gt=0).get()
    row.open_overdue += 1
    row.save()
    report = ii06a_report(period=window)
    assert report.errors == [
        "Hệ thống văn bằng, chứng chỉ: (3) ≠ (7) + (11) + (14) + (15)",
        "Tổng cộng: (3) ≠ (7) + (11) + (14) + (15)",
    ]
    client.force_login(demo["giamdoc"])
    with time_machine.travel(FEW_NOW, tick=False):
        page = client.get("/can-bo/bao-cao/?ky=tuy-chon&from=2026-10-01&to=2026-10-20")
        api = client.get("/api/v1/reports/ii06a?from=2026-10-01&to=2026-10-20").json()
    assert "Số liệu không khớp: Tổng cộng: (3) ≠ (7) + (11) + (14) + (15)" in page.content.decode()
    assert api["identities_hold"] is False
