"""The background engine end to end: a receptionist accepts a dossier, and the SMS reaches the
simulator through the scheduler and a real database worker, with no command typed."""

import pytest
import time_machine
from django_tasks import TaskResultStatus, task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.integrations.sms.models import SimulatedSms
from motcua.outbox.models import OutboxMessage
from motcua.scheduler.models import Schedule
from motcua.scheduler.services import scheduler_tick


@pytest.fixture
def work_off_the_queue(monkeypatch):
    """One real worker, as `manage.py db_worker --batch` runs it: claim, run, record, until empty.

    The worker drops connections left inside a transaction, as it should between tasks; here the
    test's own transaction wraps it, so that clean-up is switched off for the test.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db
@time_machine.travel(vn(2026, 10, 5, 9), tick=False)
def test_the_acceptance_sms_arrives_through_scheduler_and_worker(
    demo, database_tasks, only, work_off_the_queue
):
    only("outbox-deliver")
    code = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    ).code
    assert not SimulatedSms.objects.exists()  # nothing is sent inside the receptionist's request

    assert scheduler_tick().enqueued == ["outbox-deliver"]
    work_off_the_queue()

    sms = SimulatedSms.objects.get()
    assert sms.to == "+84912345678" and f"Hồ sơ {code} đã được tiếp nhận" in sms.text
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    run = DBTaskResult.objects.get()
    assert run.status == TaskResultStatus.SUCCESSFUL and run.return_value == {
        "sent": 1,
        "failed": 0,
    }


@task()
def always_fails() -> None:
    raise ConnectionError("máy chủ tổng hợp không phản hồi")


@pytest.mark.django_db
def test_a_failing_task_is_recorded_and_the_worker_goes_on(
    database_tasks, only, work_off_the_queue
):
    """A failure stays in the queue's table with its error (the admin lists it), and the next
    task still runs."""
    only("outbox-deliver")
    Schedule.objects.create(
        name="broken", description="x", task_path=f"{__name__}.always_fails", every_seconds=60
    )
    assert sorted(scheduler_tick().enqueued) == ["broken", "outbox-deliver"]
    work_off_the_queue()
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses == {
        f"{__name__}.always_fails": TaskResultStatus.FAILED,
        "motcua.outbox.tasks.outbox_deliver": TaskResultStatus.SUCCESSFUL,
    }
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "không phản hồi" in failed.traceback
