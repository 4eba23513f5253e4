"""`rollup_refresh` rebuilds the daily rollup from the dossiers: the same rows however often."""

import time_machine
from django.core.management import call_command
from django.db.models import Q

from motcua.dossiers.models import Dossier
from motcua.metrics.models import DailyProcedureStats, DossierFact, RollupRefresh
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh
from motcua.metrics.tests.conftest import vn

NOW = vn(2026, 11, 2, 10)
# The rows that hold an end-of-day count of open dossiers.
OPEN_ROWS = DailyProcedureStats.objects.filter(Q(open_in_time__gt=0) | Q(open_overdue__gt=0))


def snapshot() -> list[tuple]:
    return list(
        DailyProcedureStats.objects.order_by("day", "procedure_id").values_list(
            "day",
            "procedure__code",
            "received",
            "settled",
            "settled_on_time",
            "settled_late",
            "timed",
            "minutes_sum",
            "minutes_sample",
            "minutes_histogram",
        )
    )


def test_refreshing_twice_gives_the_same_rows(desk):
    first = desk.receive(vn(2026, 10, 5, 9))
    desk.settle(first, vn(2026, 10, 12, 16))
    late = desk.receive(vn(2026, 10, 5, 10))
    desk.settle(late, vn(2026, 10, 13, 9))
    with time_machine.travel(NOW, tick=False):
        call_command("rollup_refresh")  # first run: every day since the first dossier
        rows = snapshot()
        call_command("rollup_refresh", "--all")
        call_command("rollup_refresh")
    assert snapshot() == rows
    by_day = {(day, code): rest for day, code, *rest in rows}
    assert by_day[(vn(2026, 10, 5).date(), "3.000466")][:2] == [2, 0]  # received, settled
    assert by_day[(vn(2026, 10, 12).date(), "3.000466")] == [
        0,
        1,
        1,
        0,
        1,
        2760,
        [2760],
        [[2760, 1]],
    ]
    assert by_day[(vn(2026, 10, 13).date(), "3.000466")][1:4] == [1, 0, 1]
    assert RollupRefresh.objects.filter(finished_at__isnull=False).count() == 3


def test_a_day_with_nothing_left_loses_its_row(desk):
    code = desk.settle(desk.receive(vn(2026, 10, 5, 9)), vn(2026, 10, 9, 10))
    days = [vn(2026, 10, 5).date(), vn(2026, 10, 9).date()]
    with time_machine.travel(NOW, tick=False):
        rollup_refresh(days=days)
        assert DailyProcedureStats.objects.count() == 2
        Dossier.objects.filter(code=code).delete()  # e.g. a test dossier removed by an admin
        rollup_refresh(days=days)
    assert not DailyProcedureStats.objects.exists()


def test_days_touched_since_the_last_run_are_refreshed(desk):
    code = desk.receive(vn(2026, 10, 5, 9))
    with time_machine.travel(NOW, tick=False):
        rollup_refresh(days=days_to_refresh())
    with time_machine.travel(vn(2026, 11, 3, 9), tick=False):
        assert days_to_refresh() == [vn(2026, 11, 2).date(), vn(2026, 11, 3).date()]
    # An administrator records, on 03/11, that the result was ready on 20/10.
    desk.finish(code, vn(2026, 11, 3, 9), at=vn(2026, 10, 20, 10))
    with time_machine.travel(vn(2026, 11, 3, 10), tick=False):
        days = days_to_refresh()
        assert vn(2026, 10, 20).date() in days and vn(2026, 10, 5).date() in days
        rollup_refresh(days=days)
    row = DailyProcedureStats.objects.get(day=vn(2026, 10, 20).date())
    assert (row.settled, row.settled_late) == (1, 1)


def test_history_typed_in_later_corrects_the_open_counts_of_the_days_between(desk):
    code = desk.receive(vn(2026, 10, 5, 9))  # due Mon 12/10 17:00
    with time_machine.travel(NOW, tick=False):
        rollup_refresh(days=days_to_refresh())
    day = vn(2026, 10, 20).date()
    assert DailyProcedureStats.objects.get(day=day).open_overdue == 1
    # On 03/11 an administrator records that the result was ready on 09/10.
    desk.finish(code, vn(2026, 11, 3, 9), at=vn(2026, 10, 9, 10))
    with time_machine.travel(vn(2026, 11, 3, 10), tick=False):
        days = days_to_refresh()
        assert {vn(2026, 10, 9).date(), day, vn(2026, 11, 2).date()} <= set(days)
        rollup_refresh(days=days)
    assert not OPEN_ROWS.filter(day__gte=vn(2026, 10, 9).date()).exists()
    assert OPEN_ROWS.get(day=vn(2026, 10, 8).date()).open_in_time == 1
    assert DossierFact.objects.get(dossier__code=code).timeliness == "early"
