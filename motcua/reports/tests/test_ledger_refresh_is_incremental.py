"""`rollup_refresh` rebuilds the II.06a cells of the one rollup from the dossiers: the same rows
however often it runs, and only the days that can have changed since the previous run."""

import time_machine
from django.core.management import call_command

from motcua.dossiers.models import Dossier
from motcua.metrics.models import DailyProcedureStats, RollupRefresh
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_catch_up
from motcua.reports.constants import CELL_SUMS, OPEN_SUMS, Cell
from motcua.reports.ii06a import ii06a_report
from motcua.reports.periods import custom_period
from motcua.reports.selectors import dossier_ids_in_cell
from motcua.reports.tests.conftest import vn


def rows() -> list[tuple]:
    return list(
        DailyProcedureStats.objects.order_by("day", "procedure_id")
        .annotate(
            accepted_direct=CELL_SUMS[Cell.DIRECT],
            early=CELL_SUMS[Cell.EARLY],
            late=CELL_SUMS[Cell.LATE],
            in_time=OPEN_SUMS[Cell.OPEN_IN_TIME],
            overdue=OPEN_SUMS[Cell.OPEN_OVERDUE],
        )
        .values_list(
            "day", "procedure__code", "accepted_direct", "early", "late", "in_time", "overdue"
        )
    )


def test_refreshing_twice_gives_the_same_rows(desk):
    code = desk.receive(vn(2026, 10, 5, 9))  # due Mon 12/10 17:00
    desk.finish(code, vn(2026, 10, 13, 9))  # late
    with time_machine.travel(vn(2026, 10, 14, 10), tick=False):
        call_command("rollup_refresh")  # the first run reads every day since the first dossier
        first = rows()
        call_command("rollup_refresh", "--all")
        call_command("rollup_refresh")
    assert rows() == first
    day = {row[0]: row[2:] for row in first}
    assert day[vn(2026, 10, 5).date()] == (1, 0, 0, 1, 0)  # accepted, open in time that night
    assert day[vn(2026, 10, 11).date()] == (0, 0, 0, 1, 0)
    assert day[vn(2026, 10, 12).date()] == (0, 0, 0, 0, 1)  # due at 17:00: overdue by midnight
    assert day[vn(2026, 10, 13).date()] == (0, 0, 1, 0, 0)  # settled late, nothing open
    assert set(day) == {vn(2026, 10, n).date() for n in range(5, 14)}
    assert RollupRefresh.objects.filter(finished_at__isnull=False).count() == 3


def test_the_next_run_starts_at_the_earliest_change(desk):
    desk.receive(vn(2026, 10, 5, 9))
    with time_machine.travel(vn(2026, 10, 20, 10), tick=False):
        call_command("rollup_refresh")
        # Nothing changed: yesterday and today (the open snapshots of passing days).
        days = days_to_refresh()
        assert (days[0], days[-1]) == (vn(2026, 10, 19).date(), vn(2026, 10, 20).date())
    # History written later at a past moment (administrator replay) reaches back to its day.
    desk.receive(vn(2026, 10, 8, 9))
    with time_machine.travel(vn(2026, 10, 20, 11), tick=False):
        days = days_to_refresh()
        assert (days[0], days[-1]) == (vn(2026, 10, 8).date(), vn(2026, 10, 20).date())
        assert len(days) == 13  # every day between


def test_a_report_catches_up_with_a_small_backlog_before_answering(desk):
    code = desk.receive(vn(2026, 10, 5, 9))
    with time_machine.travel(vn(2026, 10, 20, 10), tick=False):
        call_command("rollup_refresh")
    desk.finish(code, vn(2026, 10, 20, 11))
    with time_machine.travel(vn(2026, 10, 20, 12), tick=False):
        window = custom_period(vn(2026, 10, 1).date(), vn(2026, 10, 20).date())
        assert ii06a_report(period=window).total.col(7) == 0  # the ledger is behind
        assert rollup_catch_up() is True
        report = ii06a_report(period=window)
    assert (report.total.col(7), report.total.col(10), report.total.col(11)) == (1, 1, 0)


def test_a_period_ending_today_is_judged_as_of_the_refresh(desk):
    code = desk.receive(vn(2026, 10, 5, 9))  # due Mon 12/10 17:00
    window = custom_period(vn(2026, 10, 1).date(), vn(2026, 10, 12).date())
    for now, in_time, overdue in ((vn(2026, 10, 12, 10), 1, 0), (vn(2026, 10, 12, 18), 0, 1)):
        with time_machine.travel(now, tick=False):
            call_command("rollup_refresh")
            report = ii06a_report(period=window)
            assert (report.total.col(12), report.total.col(13)) == (in_time, overdue)
            cell = Cell.OPEN_IN_TIME if in_time else Cell.OPEN_OVERDUE
            ids = dossier_ids_in_cell(
                Dossier.objects.all(), cell=cell, first=window.first, last=report.as_of
            )
            assert list(Dossier.objects.filter(pk__in=ids).values_list("code", flat=True)) == [code]
