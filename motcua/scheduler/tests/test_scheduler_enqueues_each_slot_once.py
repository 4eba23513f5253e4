"""The scheduler enqueues each schedule once per slot, whoever ticks and however often."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.localtime import VN_TZ
from motcua.core.tests.concurrency import run_together
from motcua.scheduler.models import Schedule, ScheduledRun
from motcua.scheduler.services import scheduler_tick, slot_start

NOON = datetime(2026, 12, 2, 12, 0, 3, tzinfo=VN_TZ)


def test_slots_follow_local_time():
    daily_at_seven = Schedule(every_seconds=86400, offset_seconds=7 * 3600)
    assert slot_start(daily_at_seven, NOON) == datetime(2026, 12, 2, 7, tzinfo=VN_TZ)
    early = datetime(2026, 12, 2, 6, 59, tzinfo=VN_TZ)
    assert slot_start(daily_at_seven, early) == datetime(2026, 12, 1, 7, tzinfo=VN_TZ)
    every_ten = Schedule(every_seconds=10, offset_seconds=0)
    assert slot_start(every_ten, NOON) == datetime(2026, 12, 2, 12, tzinfo=VN_TZ)


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_and_the_next_slot_again(database_tasks, only):
    only("outbox-deliver", "rollup-refresh")
    assert sorted(scheduler_tick(now=NOON).enqueued) == ["outbox-deliver", "rollup-refresh"]
    assert scheduler_tick(now=NOON + timedelta(seconds=5)).enqueued == []  # same slots
    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(queued.values_list("task_path", flat=True)) == [
        "motcua.metrics.tasks.rollup_refresh_recent",
        "motcua.outbox.tasks.outbox_deliver",
    ]
    # Ten seconds on: a new outbox slot, but the previous delivery is still waiting in the queue.
    later = scheduler_tick(now=NOON + timedelta(seconds=10))
    assert later.enqueued == [] and later.skipped_busy == ["outbox-deliver"]
    queued.update(status=TaskResultStatus.SUCCESSFUL)
    assert scheduler_tick(now=NOON + timedelta(seconds=20)).enqueued == ["outbox-deliver"]


@pytest.mark.django_db
def test_a_lost_run_no_longer_holds_its_schedule_back(database_tasks, only):
    """A worker killed mid-task leaves its task RUNNING for ever; after an hour it is not waited
    for."""
    only("outbox-deliver")
    scheduler_tick(now=NOON)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    ScheduledRun.objects.update(created_at=NOON)
    assert scheduler_tick(now=NOON + timedelta(minutes=30)).skipped_busy == ["outbox-deliver"]
    assert scheduler_tick(now=NOON + timedelta(minutes=61)).enqueued == ["outbox-deliver"]


@pytest.mark.django_db
def test_a_schedule_naming_no_task_is_reported_and_the_others_still_run(database_tasks, only):
    only("outbox-deliver")
    Schedule.objects.create(
        name="typo", description="x", task_path="motcua.outbox.tasks.nothing", every_seconds=60
    )
    result = scheduler_tick(now=NOON)
    assert result.failed == ["typo"] and result.enqueued == ["outbox-deliver"]
    assert not ScheduledRun.objects.filter(schedule__name="typo").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers: run with DATABASE_URL=postgres://… (SQLite serialises them)",
)
def test_two_schedulers_ticking_at_once_enqueue_each_run_once(database_tasks):
    Schedule.objects.all().delete()
    Schedule.objects.create(
        name="deliver",
        description="x",
        task_path="motcua.outbox.tasks.outbox_deliver",
        every_seconds=10,
    )
    for n in range(20):
        moment = NOON + timedelta(seconds=10 * n)
        outcomes = run_together(
            lambda m=moment: scheduler_tick(now=m), lambda m=moment: scheduler_tick(now=m)
        )
        assert not [o for o in outcomes if isinstance(o, Exception)]
        assert sorted(len(o.enqueued) for o in outcomes) == [0, 1]
        DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert ScheduledRun.objects.count() == 20
    assert DBTaskResult.objects.count() == 20
