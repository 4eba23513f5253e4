"""Is a dossier on time: the one home of the rule. Every page, inbox, count, slip, report and
index asks this module; nothing else compares a time with a due time.

Settled dossiers, Cổng DVCQG indicator 2.1 of QĐ 766/QĐ-TTg (docs: legal-facts §4.3):
- processing ends at the first terminal event, in the priority Đã xử lý xong > Đã trả kết quả >
  Dừng xử lý / Từ chối (a dossier never accepted is not counted at all);
- it is on time when that end is not after the due time (NgayHenTra), which here is the stored
  deadline: restarts after a supplement and pauses are already in it;
- more than one supplement request makes the dossier late whatever the dates (NĐ 61/2018
  Đ15 k3: the applicant is told everything missing "một lần");
- processing time is the working time from acceptance to the end, less the time spent waiting
  for the applicant's supplements.

An apology or extension (Mẫu 04) moves the return date. By default the dossier is judged against
the due time it had before the move (DueBasis.BEFORE_EXTENSION): the apology exists because it
was late, and periodic reports keep it "quá hạn (đã có thư xin lỗi)". DueBasis.CURRENT judges it
against the moved date instead.

A dossier still being processed at a moment (a period's end) is judged by `open_state`: overdue
after a second supplement request; while it waits for the applicant's supplement, by the time of
the request; otherwise by that moment, each against the due time it had then (its history).

"Quá hạn" (overdue) and "sắp đến hạn" (due soon) now, for every inbox, count, chart, warning and
page (`overdue_q`, `due_soon_q`, `lateness_of`):
- The legal clock runs while the agency holds an accepted dossier (CLOCK_RUNNING_STATUSES: being
  processed, waiting for a fee, or for the agency to act on a withdrawal request). It is then
  overdue once its due time, as it stands now, has passed (an apology or extension moves it).
- While it waits for the applicant's supplement the clock is paused: the dossier is judged at
  the moment the supplement was requested (as `open_state`), so it is overdue only if it was
  already late then.
- A second supplement request makes it overdue whatever the dates, as for settled dossiers.
- Due soon means not overdue, with the clock running, and the dossier or its current step
  falls due within the warning horizon (`warning_limit`). So no dossier is ever both.
Dossiers not yet accepted, with their result ready, returned, refused or stopped are neither.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from motcua.core.localtime import VN_TZ, format_datetime, to_local
from motcua.core.reference import generation
from motcua.dossiers.constants import (
    CLOCK_RUNNING_STATUSES,
    Action,
    EndKind,
    OpenState,
    Stage,
    Status,
    Timeliness,
)
from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.constants import DueBasis
from motcua.workdays.deadlines import working_seconds_between
from motcua.workdays.reference import calendar_for, rules_for


@dataclass(frozen=True)
class Settlement:
    ended_at: datetime
    end: EndKind
    due_at: datetime | None  # the due time the end was compared with
    timeliness: str  # Timeliness value, "" when the dossier has no due time
    repeat_supplement: bool  # late because of a second supplement request
    extended: bool  # its return date was moved by an apology or extension
    working_seconds: float  # acceptance → end, less supplement waits

    @property
    def has_result(self) -> bool:
        return self.end in (EndKind.FINISHED, EndKind.RETURNED)


def verdict(done_at: datetime, due_at: datetime | None) -> str:
    """Trước hạn (before the due day), đúng hạn (on the due day, in time) or quá hạn; "" without
    a due time."""
    if due_at is None:
        return ""
    if done_at > due_at:
        return Timeliness.LATE
    if to_local(done_at).date() < to_local(due_at).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


class _Apology(Protocol):
    @property
    def sent_at(self) -> datetime: ...
    @property
    def previous_due_at(self) -> datetime: ...


def judged_due_at(
    current_due_at: datetime | None, apologies: Iterable[_Apology], due_basis: str
) -> datetime | None:
    """The due time a dossier is judged against: by default the one it had before its first
    apology or extension (DueBasis.BEFORE_EXTENSION), else the current one."""
    first = min(apologies, key=lambda a: a.sent_at, default=None)
    if first is not None and due_basis == DueBasis.BEFORE_EXTENSION:
        return first.previous_due_at
    return current_due_at


def settled_verdict(ended_at: datetime, due_at: datetime | None, supplement_count: int) -> str:
    """A settled dossier's verdict: `verdict` of its end, but late whatever the dates after a
    second supplement request (NĐ 61/2018 Đ15 k3)."""
    judged = verdict(ended_at, due_at)
    return Timeliness.LATE if judged and supplement_count > 1 else judged


def due_basis() -> str:
    """How apologised or extended dossiers are judged: as the counting-rules version in force
    today says (DeadlineRules.due_basis), for every dossier, so that every page, list and report
    agrees; before the first version, before the extension."""
    rules = rules_for(generation(), timezone.localdate())
    return DueBasis(rules.due_basis if rules else DueBasis.BEFORE_EXTENSION).value


# Events after which the dossier's due time may differ (DossierEvent.due_at is the due time after
# the event): acceptance, a supplement received (pause or restart), an apology or extension.
DUE_ACTIONS = (
    Action.RECEIVE,
    Action.ACCEPT,
    Action.RECEIVE_SUPPLEMENT,
    Action.APOLOGIZE,
    Action.EXTEND,
)


def processing_end(dossier: Dossier) -> tuple[datetime, EndKind] | None:
    """When and how processing ended: the first terminal event in the national priority."""
    if dossier.finished_at is not None:
        return dossier.finished_at, EndKind.FINISHED
    if dossier.returned_at is not None:
        return dossier.returned_at, EndKind.RETURNED
    if dossier.stopped_at is not None:
        refused = dossier.status == Status.REFUSED
        return dossier.stopped_at, EndKind.REFUSED if refused else EndKind.WITHDRAWN
    return None


def _merged(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def dossier_settlement(
    dossier: Dossier, calendar: WorkCalendar, *, due_basis: str = DueBasis.BEFORE_EXTENSION
) -> Settlement | None:
    """Classify a settled dossier (None while it is open or if it was never accepted).

    Reads `dossier.deadline`, `dossier.supplements` and `dossier.apologies`: prefetch them.
    """
    ended = processing_end(dossier)
    if ended is None or dossier.accepted_at is None:
        return None
    ended_at, end = ended
    accepted_at = dossier.accepted_at

    apologies = list(dossier.apologies.all())
    current_due_at = dossier.deadline.due_at if dossier.deadline is not None else None
    due_at = judged_due_at(current_due_at, apologies, due_basis)

    waits = [
        (max(s.requested_at, accepted_at), min(s.received_at or ended_at, ended_at))
        for s in dossier.supplements.all()
    ]
    waiting = sum(
        working_seconds_between(calendar, start, end)
        for start, end in _merged([(a, b) for a, b in waits if b > a])
    )
    worked = working_seconds_between(calendar, accepted_at, ended_at) - waiting

    return Settlement(
        ended_at=ended_at,
        end=end,
        due_at=due_at,
        timeliness=settled_verdict(ended_at, due_at, dossier.supplement_count),
        repeat_supplement=dossier.supplement_count > 1,
        extended=bool(apologies),
        working_seconds=max(worked, 0.0),
    )


class OpenTimeline:
    """A dossier's history as needed to judge it at any moment while it is open (built once per
    dossier, asked once per day by the rollup).

    Reads `dossier.due_events` (events of DUE_ACTIONS, ordered by time; or `due_events`),
    `dossier.supplements`, `dossier.apologies` and `dossier.deadline`: prefetch them.
    """

    def __init__(
        self,
        dossier: Dossier,
        *,
        due_basis: str,
        due_events: Iterable[DossierEvent] | None = None,
    ) -> None:
        self.accepted_at = dossier.accepted_at
        ended = processing_end(dossier)
        self.ended_at = ended[0] if ended is not None else None
        self.requests = sorted(
            ((s.requested_at, s.received_at) for s in dossier.supplements.all()),
            key=lambda r: r[0],
        )
        apologies = sorted(dossier.apologies.all(), key=lambda a: a.sent_at)
        # Judged before any extension: the first apology's previous due time, once it is sent.
        self.frozen = (
            (apologies[0].sent_at, apologies[0].previous_due_at)
            if apologies and due_basis == DueBasis.BEFORE_EXTENSION
            else None
        )
        if due_events is None:
            # Prefetch(to_attr="due_events") sets it, which Dossier does not declare.
            due_events = dossier.due_events  # type: ignore[attr-defined]
        changes: list[tuple[datetime, datetime]] = [
            (e.at, e.due_at) for e in due_events if e.due_at is not None
        ]
        # After the last change the stored deadline holds, with later calendar corrections.
        if changes and dossier.deadline is not None:
            changes[-1] = (changes[-1][0], dossier.deadline.due_at)
        self.changes = changes

    def due_as_of(self, moment: datetime) -> datetime | None:
        """The due time the dossier had just before `moment`."""
        if self.frozen is not None and self.frozen[0] < moment:
            return self.frozen[1]
        due = None
        for at, due_at in self.changes:
            if at >= moment:
                break
            due = due_at
        return due

    def state_at(self, moment: datetime) -> str | None:
        """In time or overdue at `moment`; None when the dossier was not accepted yet, had
        already ended, or has no due time."""
        if self.accepted_at is None or self.accepted_at >= moment:
            return None
        if self.ended_at is not None and self.ended_at < moment:
            return None
        requested = [r for r in self.requests if r[0] < moment]
        if len(requested) > 1:  # NĐ 61/2018 Đ15 k3, as for settled dossiers
            return OpenState.OVERDUE
        waiting = next((r for r in requested if r[1] is None or r[1] >= moment), None)
        judged_at = waiting[0] if waiting is not None else moment
        due_at = self.due_as_of(judged_at)
        if due_at is None:
            return None
        return OpenState.OVERDUE if judged_at > due_at else OpenState.IN_TIME


def open_state(dossier: Dossier, moment: datetime, *, due_basis: str) -> str | None:
    """In time or overdue for a dossier still being processed at `moment` (see OpenTimeline)."""
    return OpenTimeline(dossier, due_basis=due_basis).state_at(moment)


@dataclass(frozen=True)
class Judgement:
    """One dossier judged now, as its page, the tracking page, the control slip and the API say
    it: settled dossiers by `dossier_settlement`, open ones by `open_state` at `now` (late as soon
    as they are already overdue; no verdict yet while they are in time)."""

    timeliness: str  # Timeliness; "" while open and in time, or without a due time
    settled: bool
    due_at: datetime | None  # the due time it is judged against
    extended: bool  # its return date was moved by an apology or extension
    repeat_supplement: bool  # late because of a second supplement request
    before_extension: bool = False  # judged against the due time before the first apology

    @property
    def on_time(self) -> bool | None:
        """The API's `on_time`: None while there is no verdict yet."""
        return None if not self.timeliness else self.timeliness != Timeliness.LATE

    @property
    def label(self) -> str:
        return Timeliness(self.timeliness).label if self.timeliness else ""

    @property
    def basis(self) -> str:
        """What the verdict was measured against, in words (empty when nothing to say)."""
        if self.repeat_supplement and self.timeliness == Timeliness.LATE:
            return "yêu cầu bổ sung hồ sơ quá một lần"
        if self.due_at is None:
            return ""
        if self.before_extension:
            return f"so với hạn trước khi hẹn lại {format_datetime(self.due_at)}"
        return f"so với hạn {format_datetime(self.due_at)}"

    @property
    def sentence(self) -> str:
        """The verdict in one sentence for people (empty while there is none)."""
        if not self.timeliness:
            return ""
        basis = f" ({self.basis})" if self.basis else ""
        if self.settled:
            return f"Kết quả giải quyết so với hạn: {self.label}{basis}."
        return f"Hồ sơ đã quá hạn giải quyết{basis}."


def judge(dossier: Dossier, now: datetime | None = None) -> Judgement:
    """The verdict on one dossier now (see `Judgement`); a few queries, for one page."""
    basis = due_basis()
    extended = dossier.apologies.exists()
    before_extension = extended and basis == DueBasis.BEFORE_EXTENSION
    if processing_end(dossier) is not None:
        accepted_on = to_local(dossier.accepted_at or timezone.now()).date()
        settlement = dossier_settlement(
            dossier, calendar_for(generation(), accepted_on), due_basis=basis
        )
        if settlement is not None:
            return Judgement(
                timeliness=settlement.timeliness,
                settled=True,
                due_at=settlement.due_at,
                extended=settlement.extended,
                repeat_supplement=settlement.repeat_supplement,
                before_extension=before_extension,
            )
        return Judgement("", True, None, extended, False)  # never accepted: not judged
    now = now or timezone.now()
    events = dossier.events.filter(action__in=DUE_ACTIONS).order_by("at", "pk")
    timeline = OpenTimeline(dossier, due_basis=basis, due_events=events)
    state = timeline.state_at(now)
    repeat = dossier.supplement_count > 1
    return Judgement(
        timeliness=Timeliness.LATE if state == OpenState.OVERDUE else "",
        settled=False,
        due_at=timeline.due_as_of(now),
        extended=extended,
        repeat_supplement=repeat,
        before_extension=before_extension,
    )


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
