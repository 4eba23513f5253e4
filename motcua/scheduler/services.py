"""The scheduler: enqueue each schedule's task once per slot, however many schedulers tick.

A slot is claimed by inserting its (schedule, slot) row; the insert and the enqueue share one
transaction (the database task backend writes its queue row through the same connection), so a
slot is either claimed and queued or neither. A second scheduler's insert fails on the unique
constraint (on PostgreSQL it waits for the first to commit), and it moves on.
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from motcua.core.localtime import VN_TZ
from motcua.scheduler.models import Schedule, ScheduledRun

log = logging.getLogger(__name__)
# Origin of slot arithmetic: a local midnight, so "daily at 07:00" means 07:00 in Vietnam.
LOCAL_EPOCH = datetime(2000, 1, 1, tzinfo=VN_TZ)
# A run still queued or running this long after it was enqueued is taken as lost (a worker
# killed mid-task leaves it RUNNING forever) and no longer holds its schedule back.
MIN_STALE_AFTER = timedelta(hours=1)
BUSY = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@dataclass
class TickResult:
    enqueued: list[str] = field(default_factory=list)
    skipped_busy: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def slot_start(schedule: Schedule, now: datetime) -> datetime:
    """The start of the slot of `schedule` that contains `now`."""
    every = schedule.every_seconds
    elapsed = (now - LOCAL_EPOCH).total_seconds() - schedule.offset_seconds
    index = math.floor(elapsed / every)
    return LOCAL_EPOCH + timedelta(seconds=index * every + schedule.offset_seconds)


# A scheduled task takes no arguments; what it returns is only stored with its result.
ScheduledTask = Task[[], object]


def task_for(schedule: Schedule) -> ScheduledTask:
    """The task a schedule names; ValueError when the path names none."""
    try:
        found = import_string(schedule.task_path)
    except ImportError as exc:
        raise ValueError(f"không tìm thấy tác vụ {schedule.task_path}") from exc
    if not isinstance(found, Task):
        raise ValueError(f"{schedule.task_path} không phải là một tác vụ")
    return found


def _still_busy(task: ScheduledTask, previous: ScheduledRun | None, now: datetime) -> bool:
    """Is the schedule's last enqueued run still waiting or running (and not lost)?"""
    if previous is None or not previous.task_result_id:
        return False
    stale_after = max(MIN_STALE_AFTER, 3 * timedelta(seconds=previous.schedule.every_seconds))
    if now - previous.created_at > stale_after:
        return False
    try:
        return task.get_result(previous.task_result_id).status in BUSY
    except (NotImplementedError, TaskResultDoesNotExist):
        return False  # a backend that keeps no results (immediate) ran it already


def _claim_and_enqueue(
    schedule: Schedule, task: ScheduledTask, slot: datetime, now: datetime
) -> bool:
    """Claim the slot and enqueue its run; False when the previous run is still busy."""
    previous = schedule.runs.filter(outcome=ScheduledRun.Outcome.ENQUEUED).order_by("-slot").first()
    busy = _still_busy(task, previous, now)
    run = ScheduledRun.objects.create(
        schedule=schedule,
        slot=slot,
        outcome=ScheduledRun.Outcome.SKIPPED_BUSY if busy else ScheduledRun.Outcome.ENQUEUED,
    )
    if busy:
        return False
    result = task.enqueue()
    run.task_result_id = str(result.id)
    run.save(update_fields=["task_result_id"])
    return True


def scheduler_tick(*, now: datetime | None = None) -> TickResult:
    """Enqueue the current slot of every enabled schedule not yet claimed by anyone.

    Only the current slot is considered: a scheduler that was down does not replay the slots it
    missed, so a restart never floods the queue.
    """
    now = now or timezone.now()
    result = TickResult()
    for schedule in Schedule.objects.filter(enabled=True):
        slot = slot_start(schedule, now)
        if ScheduledRun.objects.filter(schedule=schedule, slot=slot).exists():
            continue  # the common case, answered without taking a write lock
        try:
            task = task_for(schedule)
        except ValueError as exc:
            log.error("schedule %s: %s", schedule.name, exc)
            result.failed.append(schedule.name)
            continue
        try:
            with transaction.atomic():
                enqueued = _claim_and_enqueue(schedule, task, slot, now)
        except IntegrityError:
            continue  # another scheduler claimed this slot first
        (result.enqueued if enqueued else result.skipped_busy).append(schedule.name)
    return result


def scheduled_runs_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Forget claimed slots older than `older_than`; returns how many were deleted."""
    deleted, _ = ScheduledRun.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
