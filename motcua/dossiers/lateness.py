"""What "quá hạn" (overdue) and "sắp đến hạn" (due soon) mean for a dossier now: the one
definition every inbox, count, chart, warning and page asks.

- The legal clock runs while the agency holds an accepted dossier (CLOCK_RUNNING_STATUSES: being
  processed, waiting for a fee, or for the agency to act on a withdrawal request). It is then
  overdue once its due time, as it stands now, has passed (an apology or extension moves it).
- While it waits for the applicant's supplement the clock is paused: the dossier is judged at
  the moment the supplement was requested (as the national statistics do, metrics/timeliness.py
  `open_state`), so it is overdue only if it was already late then.
- A second supplement request makes it overdue whatever the dates (NĐ 61/2018 Đ15 k3:
  everything missing is asked "một lần"), as in the statistics.
- Due soon means not overdue, with the clock running, and the dossier or its current step
  falls due within the warning horizon (`warning_limit`). So no dossier is ever both.
Dossiers not yet accepted, with their result ready, returned, refused or stopped are neither.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from motcua.core.localtime import VN_TZ
from motcua.core.reference import generation
from motcua.dossiers.constants import CLOCK_RUNNING_STATUSES, Stage, Status
from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.workdays.reference import calendar_for


class Lateness:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NONE = ""


def warning_limit(now: datetime, working_days: int | None = None) -> datetime:
    """The close of the `working_days`-th working day from now (the warning horizon)."""
    if working_days is None:
        working_days = settings.MOTCUA_WARNING_WORKING_DAYS
    # The process's cached calendar: every inbox page asks this.
    calendar = calendar_for(generation(), now.astimezone(VN_TZ).date())
    day = now.astimezone(VN_TZ).date()
    for _ in range(working_days):
        day = calendar.next_working_day(day)
    return calendar.closing(day)


def overdue_q(now: datetime) -> Q:
    """Overdue now (see the module's docstring)."""
    # The pending request was made after the due time the dossier had then (the stored due
    # time moves only when the supplement is received).
    requested_late = SupplementRequest.objects.filter(
        dossier=OuterRef("pk"),
        received_at__isnull=True,
        requested_at__gt=OuterRef("deadline__due_at"),
    )
    running = Q(status__in=CLOCK_RUNNING_STATUSES, deadline__isnull=False)
    paused = Q(status=Status.SUPPLEMENT_REQUESTED, deadline__isnull=False)
    return (
        (running & Q(deadline__due_at__lt=now))
        | (paused & Exists(requested_late))
        | ((running | paused) & Q(supplement_count__gt=1))
    )


def due_soon_q(now: datetime, limit: datetime) -> Q:
    """Not overdue, clock running, and the dossier or its current step falls due before
    `limit`, the warning horizon (warn before, not after)."""
    return Q(
        status__in=CLOCK_RUNNING_STATUSES, deadline__due_at__gte=now, supplement_count__lte=1
    ) & (Q(deadline__due_at__lte=limit) | Q(stage=Stage.AT_STEP, step_deadline__due_at__lte=limit))


def late_without_apology_q(now: datetime) -> Q:
    """ "Quá hạn, chưa có văn bản xin lỗi"."""
    return overdue_q(now) & Q(extension_count=0)


def lateness_of(dossier: Dossier, now: datetime | None = None) -> str:
    """Lateness.OVERDUE, DUE_SOON or NONE for one dossier, by the same conditions as the lists
    (asked of the database, so the page and the inbox can never disagree)."""
    now = now or timezone.now()
    one = Dossier.objects.filter(pk=dossier.pk)
    if one.filter(overdue_q(now)).exists():
        return Lateness.OVERDUE
    if one.filter(due_soon_q(now, warning_limit(now))).exists():
        return Lateness.DUE_SOON
    return Lateness.NONE
