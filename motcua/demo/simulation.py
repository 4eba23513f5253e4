"""A simulated year of dossiers: one seeded plan per dossier, one story per plan, two writers.

Each dossier gets a plan drawn from one seeded `random.Random` (procedure, channel, reception
time, how long each step takes, whether a supplement, refusal, withdrawal or apology happens).
`live()` turns a plan into its story: every move with its time, and the state the services would
leave (due times from the real deadline engine in `motcua/workdays`, step due times, timeliness,
supplement requests, apologies). Events that would fall after the year's end (or after now) are
not made, so late-year dossiers stay open as they would be.

Two writers take the stories:
- the service path (`simulate_year`) replays every move through `dossier_receive` /
  `dossier_transition` with `at=` as the administrator (the only person the services let write
  past times), then checks that the services computed what the story says (about 0.12 s a
  dossier on SQLite: the demo, the tests, a few thousand dossiers);
- the bulk path (`simulation_bulk.simulate_year_bulk`) writes the stories' final rows directly,
  for millions of dossiers.
Both draw the same plans and the same stories, so a seed gives the same year either way.
"""

import bisect
import math
import random
import time as clock
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from motcua.accounts.constants import Role
from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import holds_role
from motcua.catalog.applicability import components_needed
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedures_in_force
from motcua.core.folding import fold, nfc
from motcua.core.localtime import VN_TZ, to_local
from motcua.core.localtime import at as local_at
from motcua.demo.organisation import DEPARTMENT
from motcua.documents.models import FileKind, StoredFile
from motcua.documents.uploads import store_upload
from motcua.dossiers.constants import Action, Channel, ResultChannel, Stage, Status, Timeliness
from motcua.dossiers.models import Dossier, DossierCounter
from motcua.dossiers.numbering import dossier_code
from motcua.dossiers.services import (
    Applicant,
    dossier_receive,
    dossier_search_text,
    dossier_transition,
    receiving_unit_for,
)
from motcua.dossiers.timeliness import due_basis, judged_due_at, settled_verdict, verdict
from motcua.dossiers.workflow import status_for
from motcua.workdays.calendar import DayStatus, WorkCalendar
from motcua.workdays.constants import SupplementPolicy
from motcua.workdays.deadlines import (
    Duration,
    add_working_time,
    compute_deadline,
    working_seconds_between,
)
from motcua.workdays.models import Deadline, DeadlineRules
from motcua.workdays.selectors import load_calendar
from motcua.workdays.services import deadline_result

ADMIN_USERNAME = "quantri"
CHANNELS = ((Channel.ONLINE, 55), (Channel.COUNTER, 40), (Channel.POSTAL, 5))
RESULT_CHANNEL = {
    Channel.ONLINE: ResultChannel.ONLINE,
    Channel.COUNTER: ResultChannel.COUNTER,
    Channel.POSTAL: ResultChannel.POSTAL,
}
# How often each kind of procedure is asked for, relative to a rare one (weight 1): diplomas and
# their copies are most of a Sở GDĐT's one-stop traffic; opening a school is rare.
TOPIC_WEIGHTS = (
    ("van bang", 30),
    ("chuyen truong", 10),
    ("hoc lai", 6),
    ("tiep nhan hoc sinh", 4),
    ("hoc bong", 4),
    ("ho tro", 4),
    ("day them", 4),
    ("ngoai ngu", 3),
)
REFUSAL_SHARE = 0.03
WITHDRAWAL_SHARE = 0.02
SUPPLEMENT_SHARE = 0.10
SECOND_SUPPLEMENT_SHARE = 0.15
TROUBLED_SHARE = 0.08  # dossiers whose appraisal drags on (verification, missing originals)
APOLOGY_SHARE = 0.7  # of dossiers about to be late, the share whose head signs an apology
STEP_MEDIAN = 0.55  # a step usually takes about half its allotted time
STEP_SIGMA = 0.35  # lognormal spread: about 95 % of ordinary steps end in time
# Channels whose results are also issued electronically (a signed file the citizen downloads):
# the result of an online dossier goes back online. Without them a simulated year has no
# electronic result at all, and QĐ 766 indicators 3.3 and 4.1 read 0 whatever the channels.
ELECTRONIC_RESULT_CHANNELS = (Channel.ONLINE,)
RESULT_FILE_NAME = "Kết quả giải quyết (mô phỏng).pdf"

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quang", "Hồng")
GIVEN: tuple[str, ...] = (
    *("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Mai"),
    *("Nam", "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"),
)
COMMUNES = ("Phường Trung Tâm", "Phường Bắc Sơn", "Xã Đông Hòa", "Xã Tân Lập", "Phường Hòa Bình")


class SimulationError(Exception):
    """The database is not ready for a simulation (in Vietnamese, for the command)."""


@dataclass
class Plan:
    """Everything random about one dossier, drawn before any write."""

    number: int
    procedure_code: str
    channel: int
    received_at: datetime
    applicant: dict[str, str]
    step_factors: list[float]
    refuse: bool = False
    withdraw_at_step: int | None = None  # 1-based step index before which the applicant quits
    supplements: int = 0
    supplement_at_step: int = 2
    supplement_waits: list[float] = field(default_factory=list)  # working hours
    apologize: bool = False


@dataclass
class Summary:
    dossiers: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    events: int = 0
    steps_in_time: int = 0
    steps_late: int = 0
    finished_in_time: int = 0
    finished_late: int = 0
    supplements: int = 0
    second_supplements: int = 0
    apologies: int = 0
    seconds: float = 0.0
    codes: list[str] = field(default_factory=list)

    @property
    def on_time_share(self) -> float:
        """Share of finished dossiers whose result was ready in time (dossiers.timeliness)."""
        done = self.finished_in_time + self.finished_late
        return self.finished_in_time / done if done else 0.0

    @property
    def step_on_time_share(self) -> float:
        done = self.steps_in_time + self.steps_late
        return self.steps_in_time / done if done else 0.0

    def add(self, story: "Story", keep_code: bool = True) -> None:
        """Count one dossier's story."""
        self.dossiers += 1
        self.statuses[story.status] += 1
        self.events += len(story.events)
        for event in story.events:
            if event.timeliness == Timeliness.LATE:
                self.steps_late += 1
            elif event.timeliness:
                self.steps_in_time += 1
            if event.action == Action.FINISH and story.deadline is not None:
                # Judged as the dossier's page and the statistics judge it (dossiers.timeliness).
                due_at = judged_due_at(story.deadline.due_at, story.apologies, due_basis())
                late = settled_verdict(event.at, due_at, story.supplement_count) == Timeliness.LATE
                self.finished_late += late
                self.finished_in_time += not late
        self.supplements += story.supplement_count
        self.second_supplements += max(story.supplement_count - 1, 0)
        self.apologies += len(story.apologies)
        if keep_code:
            self.codes.append(story.code)

    def merge(self, other: "Summary") -> None:
        for name in (
            "dossiers",
            "events",
            "steps_in_time",
            "steps_late",
            "finished_in_time",
            "finished_late",
            "supplements",
            "second_supplements",
            "apologies",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.statuses.update(other.statuses)
        self.codes += other.codes

    def lines(self) -> list[str]:
        """The summary in Vietnamese, one fact a line."""
        rows = [f"Đã tạo {self.dossiers} hồ sơ, {self.events} sự kiện trong {self.seconds:.1f} s."]
        rows += [
            f"  {Status(status).label}: {count}" for status, count in sorted(self.statuses.items())
        ]
        rows.append(
            f"Đúng hạn (hồ sơ có kết quả): {self.on_time_share:.1%}; "
            f"bước xử lý đúng hạn: {self.step_on_time_share:.1%}."
        )
        rows.append(
            f"Yêu cầu bổ sung: {self.supplements} (lần hai: {self.second_supplements}); "
            f"văn bản xin lỗi: {self.apologies}."
        )
        return rows


def demo_ready() -> bool:
    return (
        Unit.objects.filter(code=DEPARTMENT).exists()
        and User.objects.filter(username=ADMIN_USERNAME).exists()
    )


def _weight(procedure: Procedure) -> int:
    topic = fold(procedure.name)
    return next((w for words, w in TOPIC_WEIGHTS if words in topic), 1)


def _usable(procedure: Procedure) -> bool:
    case = next((c for c in procedure.cases.all() if c.is_default), None)
    return case is not None and case.processing_time is not None and bool(case.steps.all())


def _procedures() -> list[tuple[str, int]]:
    """Procedures a dossier can be taken for (default case with a time and a process)."""
    procedures = procedures_in_force().order_by("code").prefetch_related("cases__steps")
    return [(p.code, _weight(p)) for p in procedures if _usable(p)]


def _reception_times(
    rng: random.Random, calendar: WorkCalendar, count: int, start: date, end: datetime
) -> list[datetime]:
    """`count` moments in office hours of working days from `start` up to `end`, sorted."""
    periods = []
    day = start
    while day <= end.date():
        periods += [(a, min(b, end)) for a, b in calendar.periods(day) if a < end]
        day += timedelta(days=1)
    if not periods:
        raise SimulationError("Không có ngày làm việc nào trong khoảng thời gian mô phỏng.")
    weights = [(b - a).total_seconds() for a, b in periods]
    chosen = rng.choices(periods, weights=weights, k=count)
    times = [a + timedelta(seconds=rng.uniform(0, (b - a).total_seconds())) for a, b in chosen]
    return sorted(t.replace(microsecond=0) for t in times)


def _applicant(rng: random.Random) -> dict[str, str]:
    given = rng.choice(GIVEN)
    return {
        "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {given}",
        "id_number": f"0{rng.randint(1, 96):02d}{rng.randint(0, 999999999):09d}",
        "phone": f"09{rng.randint(0, 99999999):08d}",
        "address": f"Số {rng.randint(1, 200)} đường {rng.choice(GIVEN)}",
        "commune": rng.choice(COMMUNES),
        "province": "Tỉnh minh họa",
    }


def iter_plans(
    *, rng: random.Random, procedures: list[tuple[str, int]], times: list[datetime]
) -> Iterator[Plan]:
    """One plan per reception time, drawn in a fixed order so a seed gives the same year; one at
    a time, so a million plans never sit in memory together."""
    codes = [code for code, _ in procedures]
    weights = [w for _, w in procedures]
    for number, received_at in enumerate(times, 1):
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        troubled = rng.random() < TROUBLED_SHARE
        factors = [rng.lognormvariate(math.log(STEP_MEDIAN), STEP_SIGMA) for _ in range(8)]
        if troubled:
            factors[1] = rng.uniform(1.3, 3.5)  # the appraisal step
        plan = Plan(
            number=number,
            procedure_code=rng.choices(codes, weights=weights)[0],
            channel=channel,
            received_at=received_at,
            applicant=_applicant(rng),
            step_factors=factors,
        )
        draw = rng.random()
        if draw < REFUSAL_SHARE:
            plan.refuse = True
        elif draw < REFUSAL_SHARE + WITHDRAWAL_SHARE:
            plan.withdraw_at_step = rng.randint(1, 3)
        elif draw < REFUSAL_SHARE + WITHDRAWAL_SHARE + SUPPLEMENT_SHARE:
            plan.supplements = 2 if rng.random() < SECOND_SUPPLEMENT_SHARE else 1
            plan.supplement_at_step = rng.choice((1, 2, 2))
            plan.supplement_waits = [rng.uniform(4, 80) for _ in range(plan.supplements)]
        plan.apologize = rng.random() < APOLOGY_SHARE
        yield plan


def make_plans(
    *, rng: random.Random, procedures: list[tuple[str, int]], times: list[datetime]
) -> list[Plan]:
    return list(iter_plans(rng=rng, procedures=procedures, times=times))


# --- what the simulation reads once -----------------------------------------------------------


class _MemoCalendar(WorkCalendar):
    """The stored calendar, each day's answer kept: a simulated year asks about the same few
    hundred days millions of times. Answers are the calendar's own."""

    def __init__(self, base: WorkCalendar) -> None:
        super().__init__(overrides=base.overrides, hours=base.hours, rules_basis=base.rules_basis)
        self._status: dict[date, DayStatus] = {}
        self._periods: dict[date, list[tuple[datetime, datetime]]] = {}

    def status(self, day: date) -> DayStatus:
        known = self._status.get(day)
        if known is None:
            known = self._status[day] = super().status(day)
        return known

    def periods(self, day: date) -> list[tuple[datetime, datetime]]:
        known = self._periods.get(day)
        if known is None:
            known = self._periods[day] = super().periods(day)
        return known


class Calendars:
    """The calendar and counting rules in force on a day, as `load_calendar(day)` and
    `rules_in_force(day)` give them, read once per rules version."""

    def __init__(self) -> None:
        rules = list(DeadlineRules.objects.order_by("effective_from"))
        self._starts = [r.effective_from for r in rules]
        self._policies = [r.supplement_policy for r in rules]
        self._calendars: dict[int, WorkCalendar] = {}

    def _version(self, day: date) -> int:
        return bisect.bisect_right(self._starts, day) - 1  # -1: before the first version

    def on(self, day: date) -> WorkCalendar:
        version = self._version(day)
        calendar = self._calendars.get(version)
        if calendar is None:
            first = self._starts[version] if version >= 0 else day
            calendar = self._calendars[version] = _MemoCalendar(load_calendar(first))
        return calendar

    def at(self, moment: datetime) -> WorkCalendar:
        return self.on(to_local(moment).date())

    def supplement_policy(self, day: date) -> str:
        version = self._version(day)
        return self._policies[version] if version >= 0 else SupplementPolicy.RESTART


@dataclass(frozen=True)
class StepInfo:
    id: int
    order: int
    role: str
    name: str
    duration: Duration
    unit_id: int | None


@dataclass(frozen=True)
class ComponentInfo:
    id: int
    name: str
    copy_type: str
    quantity: int
    shown_only: bool


@dataclass
class ProcedureInfo:
    """What intake reads about a procedure, once: its default case, steps, desks, fees."""

    code: str
    id: int
    case_id: int
    processing_time: Duration
    steps: list[StepInfo]
    fees_due_vnd: int
    components: list[ComponentInfo]
    desk: dict[int, Unit]  # receiving unit per channel
    first_holder: dict[int, int | None]  # who holds the first step after acceptance

    @property
    def first_order(self) -> int:
        return self.steps[0].order

    @property
    def last_order(self) -> int:
        return self.steps[-1].order


def _procedure_info(procedure: Procedure, admin: User) -> ProcedureInfo:
    case = procedure.cases.filter(is_default=True).first()
    assert case is not None  # see _usable()
    assert case.processing_time is not None
    steps = [
        StepInfo(s.pk, s.order, s.role, s.name, s.duration, s.unit_id)
        for s in case.steps.order_by("order")
    ]
    # The same components dossier_receive copies onto a dossier taken at the counter (those
    # needed when no condition applies).
    components = [
        ComponentInfo(c.pk, nfc(c.name), c.copy_type, c.quantity or 1, c.shown_only)
        for c in components_needed(
            procedure.components.filter(case__isnull=True) | case.components.all(), ()
        )
    ]
    desk = {channel: receiving_unit_for(admin, procedure, channel) for channel in Channel.values}
    first = steps[0]
    first_holder = {
        channel: admin.pk
        if first.role == Role.RECEPTIONIST and holds_role(admin, {Role.RECEPTIONIST}, unit)
        else None
        for channel, unit in desk.items()
    }
    return ProcedureInfo(
        code=procedure.code,
        id=procedure.pk,
        case_id=case.pk,
        processing_time=case.processing_time,
        steps=steps,
        fees_due_vnd=sum(fee.amount_vnd for fee in procedure.fees.all()),
        components=components,
        desk=desk,
        first_holder=first_holder,
    )


class Numbering:
    """Dossier codes as `next_sequence` would hand them out, counted in memory from the stored
    daily counters (one read per unit and day)."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, date], int] = {}

    def next_code(self, unit: Unit, day: date) -> str:
        key = (unit.pk, day)
        value = self.values.get(key)
        if value is None:
            stored = DossierCounter.objects.filter(unit=unit, day=day).first()
            value = stored.value if stored else 0
        self.values[key] = value + 1
        return dossier_code(unit, day, value + 1)


@dataclass
class Context:
    """Everything a story reads, loaded once for the whole year."""

    admin: User
    calendars: Calendars
    clock_calendar: WorkCalendar  # the simulator's own clock (office hours of the year)
    procedures: dict[str, ProcedureInfo]
    weights: list[tuple[str, int]]
    horizon: datetime
    first_day: date
    result_file: StoredFile | None = None  # the electronic result every simulated one shares

    @property
    def admin_label(self) -> str:
        return str(self.admin)


def load_context(year: int) -> Context:
    """Read the organisation, catalog and calendar for a simulation of `year`."""
    if not demo_ready():
        raise SimulationError(
            "Chưa có tổ chức minh họa (Sở GDĐT và tài khoản quantri): "
            "hãy chạy «python manage.py load_demo» trước."
        )
    weights = _procedures()
    if not weights:
        raise SimulationError("Chưa có thủ tục nào có quy trình nội bộ: hãy chạy load_demo.")
    now = timezone.now() - timedelta(minutes=1)
    horizon = min(datetime(year + 1, 1, 1, tzinfo=VN_TZ) - timedelta(seconds=1), now)
    if datetime(year, 1, 1, tzinfo=VN_TZ) >= horizon:
        raise SimulationError(f"Năm {year} chưa bắt đầu; chỉ mô phỏng được thời gian đã qua.")
    admin = User.objects.get(username=ADMIN_USERNAME)
    codes = [code for code, _ in weights]
    procedures = procedures_in_force().filter(code__in=codes).select_related("implementing_unit")
    first_day = date(year, 1, 1)
    return Context(
        admin=admin,
        calendars=Calendars(),
        clock_calendar=_MemoCalendar(load_calendar(first_day)),
        procedures={p.code: _procedure_info(p, admin) for p in procedures},
        weights=weights,
        horizon=horizon,
        first_day=first_day,
        result_file=_simulated_result_file(admin),
    )


def _simulated_result_file(admin: User) -> StoredFile:
    """One PDF that stands for every simulated electronic result (a simulated past has no real
    signed results), stored and checked like any upload."""
    html = (
        "<h1>Kết quả giải quyết thủ tục hành chính</h1>"
        "<p>Tệp mô phỏng: kết quả điện tử của hồ sơ trong năm mô phỏng (simulate_year).</p>"
    )
    data = HTML(string=html).write_pdf()
    upload = SimpleUploadedFile(RESULT_FILE_NAME, data, content_type="application/pdf")
    return store_upload(upload, kind=FileKind.RESULT, owner=admin)


def year_plans(context: Context, *, dossiers: int, seed: int) -> Iterator[Plan]:
    """The year's plans for a seed: reception times first, then one plan after another."""
    rng = random.Random(seed)
    times = _reception_times(
        rng, context.clock_calendar, dossiers, context.first_day, context.horizon
    )
    return iter_plans(rng=rng, procedures=context.weights, times=times)


# --- the story of one dossier -----------------------------------------------------------------


@dataclass
class StoryEvent:
    """One history event as `dossier_transition` records it, plus what was asked (`params`)."""

    action: Action
    at: datetime
    note: str
    from_status: int | None
    to_status: int
    from_stage: str
    to_stage: str
    from_unit_id: int | None = None
    to_unit_id: int | None = None
    to_user_id: int | None = None
    step_order: int | None = None
    to_step_order: int | None = None
    step_due_at: datetime | None = None
    timeliness: str = ""
    due_at: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class StorySupplement:
    number: int
    items: list[str]
    reason: str
    requested_at: datetime
    return_stage: str
    is_repeat: bool
    received_at: datetime | None = None


@dataclass
class StoryApology:
    kind: str
    reason: str
    at_fault_unit_id: int | None
    previous_due_at: datetime
    new_due_at: datetime
    sent_at: datetime
    sent_in_time: bool


@dataclass(slots=True)
class StoryDeadline:
    """A `Deadline` row as deadline_create and its recomputations leave it (a plain object: a
    year makes millions of them)."""

    owner_type: str
    owner_id: str
    label: str
    received_at: datetime
    counted_from: datetime
    duration_value: Decimal
    duration_unit: str
    apply_cutoff: bool
    effective_start: datetime
    due_at: datetime
    explanation: list[dict[str, Any]]
    paused: list[list[str]] = field(default_factory=list)
    extended_to: datetime | None = None
    extension_reason: str = ""
    is_open: bool = True


@dataclass
class _Change:
    to_stage: str
    note: str = ""
    from_unit_id: int | None = None
    to_unit_id: int | None = None
    to_user_id: int | None = None
    step_order: int | None = None
    to_step_order: int | None = None
    step_due_at: datetime | None = None
    timeliness: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class Story:
    """One dossier's life in memory: the state `dossier_receive` and `dossier_transition` would
    leave after each move, with the rows they would write."""

    def __init__(self, plan: Plan, procedure: ProcedureInfo, code: str, context: Context) -> None:
        self.plan, self.procedure, self.code, self.context = plan, procedure, code, context
        self.calendars = context.calendars
        self.applicant = Applicant.parse(plan.applicant)
        self.channel = plan.channel
        self.receiving_unit = procedure.desk[plan.channel]
        self.received_at = plan.received_at
        self.result_channel = RESULT_CHANNEL[Channel(plan.channel)]
        self.result_address = (
            nfc(plan.applicant["address"]) if plan.channel == Channel.POSTAL else ""
        )
        self.status: int = Status.NEW
        self.stage: str = Stage.AWAITING_RECEPTION
        self.accepted_at: datetime | None = None
        self.deadline: StoryDeadline | None = None
        self.original_due_at: datetime | None = None
        self.extension_count = 0
        self.supplement_count = 0
        self.step: StepInfo | None = None
        self.current_unit_id: int | None = None
        self.holder_id: int | None = None
        self.step_entered_at: datetime | None = None
        self.step_deadline: StoryDeadline | None = None
        self.approved_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.returned_at: datetime | None = None
        self.stopped_at: datetime | None = None
        self.result_file_id: int | None = None
        self.version = 1
        self.deadlines: list[StoryDeadline] = []
        self.deadline_changes: list[tuple[StoryDeadline, datetime, datetime, str]] = []
        self.events: list[StoryEvent] = []
        self.supplements: list[StorySupplement] = []
        self.apologies: list[StoryApology] = []

    @property
    def search_text(self) -> str:
        names = SimpleNamespace(
            code=self.code,
            applicant_name=self.applicant.full_name,
            applicant_id_number=self.applicant.id_number,
            applicant_phone=self.applicant.phone,
            representative_name="",
        )
        return dossier_search_text(cast(Dossier, names))

    # Deadlines, as motcua.workdays.services stores them.

    def _new_deadline(
        self,
        owner_type: str,
        owner_id: str,
        label: str,
        received_at: datetime,
        duration: Duration,
        apply_cutoff: bool,
    ) -> StoryDeadline:
        result = compute_deadline(
            self.calendars.at(received_at), received_at, duration, apply_cutoff=apply_cutoff
        )
        deadline = StoryDeadline(
            owner_type=owner_type,
            owner_id=owner_id,
            label=label,
            received_at=received_at,
            counted_from=received_at,
            duration_value=duration.value,
            duration_unit=duration.unit,
            apply_cutoff=apply_cutoff,
            effective_start=result.effective_start,
            due_at=result.due_at,
            explanation=result.explanation,
        )
        self.deadlines.append(deadline)
        return deadline

    def _recompute(self, deadline: StoryDeadline, calendar: WorkCalendar, cause: str) -> None:
        # The same recomputation as a stored deadline's (it reads only these fields).
        result = deadline_result(cast(Deadline, deadline), calendar)
        if result.due_at != deadline.due_at:
            self.deadline_changes.append((deadline, deadline.due_at, result.due_at, cause))
        deadline.effective_start = result.effective_start
        deadline.due_at = result.due_at
        deadline.explanation = result.explanation

    # Steps, as services._enter_step / _leave_step / _start_processing move them.

    def _enter_step(self, step: StepInfo, at: datetime, holder_id: int | None) -> None:
        if self.step_deadline is not None:
            self.step_deadline.is_open = False
        self.step, self.current_unit_id, self.holder_id = step, step.unit_id, holder_id
        self.step_entered_at = at
        self.step_deadline = self._new_deadline(
            "dossier_step",
            f"{self.code}#{step.order}",
            f"{self.code} – bước {step.order}: {step.name}"[:255],
            at,
            step.duration,
            apply_cutoff=False,
        )

    def _leave_step(self, at: datetime) -> tuple[datetime | None, str]:
        if self.step_deadline is None:
            return None, ""
        self.step_deadline.is_open = False
        return self.step_deadline.due_at, verdict(at, self.step_deadline.due_at)

    def _start_processing(self, at: datetime) -> None:
        self.accepted_at = at
        self.deadline = self._new_deadline(
            "dossier",
            self.code,
            f"Hồ sơ {self.code}",
            at,
            self.procedure.processing_time,
            apply_cutoff=True,
        )
        self.original_due_at = self.deadline.due_at
        self._enter_step(self.procedure.steps[0], at, self.procedure.first_holder[self.channel])

    def _unit_or_desk(self) -> int:
        return self.current_unit_id or self.receiving_unit.pk

    # Intake and moves.

    def receive(self) -> None:
        at = self.received_at
        if self.channel == Channel.COUNTER:
            self._start_processing(at)
            self.stage = Stage.AT_STEP
            self.status = status_for(Stage.AT_STEP, True)
        self.events.append(
            StoryEvent(
                action=Action.RECEIVE,
                at=at,
                note="",
                from_status=None,
                to_status=self.status,
                from_stage="",
                to_stage=self.stage,
                to_unit_id=self._unit_or_desk(),
                to_user_id=self.holder_id,
                to_step_order=self.step.order if self.step else None,
                due_at=self.deadline.due_at if self.deadline else None,
                data={"channel": self.channel},
            )
        )

    def transition(self, action: Action, at: datetime, note: str, params: dict[str, Any]) -> None:
        """What dossier_transition does for the moves a simulated year makes."""
        note = nfc(note)
        from_status, from_stage = self.status, self.stage
        change = getattr(self, f"_{action.value}")(at, note, params)
        self.stage = change.to_stage
        self.status = status_for(
            Stage(change.to_stage),
            bool(self.step and self.step.order == self.procedure.first_order),
        )
        self.version += 1
        self.events.append(
            StoryEvent(
                action=action,
                at=at,
                note=change.note,
                from_status=from_status,
                to_status=self.status,
                from_stage=from_stage,
                to_stage=self.stage,
                from_unit_id=change.from_unit_id,
                to_unit_id=change.to_unit_id,
                to_user_id=change.to_user_id,
                step_order=change.step_order,
                to_step_order=change.to_step_order,
                step_due_at=change.step_due_at,
                timeliness=change.timeliness,
                due_at=self.deadline.due_at if self.deadline else None,
                data=change.data,
                params=params,
            )
        )

    def _accept(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        self._start_processing(at)
        return _Change(
            Stage.AT_STEP,
            note,
            to_unit_id=self.current_unit_id,
            to_user_id=self.holder_id,
            to_step_order=self.step.order if self.step else None,
        )

    def _refuse(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        step_due, on_time = self._leave_step(at)
        if self.deadline is not None:
            self.deadline.is_open = False
        self.stopped_at = at
        return _Change(
            Stage.REFUSED,
            note,
            from_unit_id=self.current_unit_id,
            step_due_at=step_due,
            timeliness=on_time,
        )

    def _hand_over(self, at: datetime, to_step: StepInfo, note: str) -> _Change:
        from_step, from_unit_id = self.step, self.current_unit_id
        step_due, on_time = self._leave_step(at)
        self._enter_step(to_step, at, None)
        return _Change(
            Stage.AT_STEP,
            note,
            from_unit_id=from_unit_id,
            to_unit_id=to_step.unit_id,
            step_order=from_step.order if from_step else None,
            to_step_order=to_step.order,
            step_due_at=step_due,
            timeliness=on_time,
        )

    def _next_step(self) -> StepInfo | None:
        assert self.step is not None
        return next((s for s in self.procedure.steps if s.order > self.step.order), None)

    def _forward(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        nxt = self._next_step()
        assert nxt is not None
        return self._hand_over(at, nxt, note)

    def _approve(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        self.approved_at = at
        nxt = self._next_step()
        return self._finish(at, note, p) if nxt is None else self._hand_over(at, nxt, note)

    def _finish(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        from_unit_id, from_step = self.current_unit_id, self.step
        step_due, on_time = self._leave_step(at)
        self.finished_at = at
        data: dict[str, Any] = {}
        if p.get("result_file_id"):
            assert self.context.result_file is not None
            self.result_file_id = p["result_file_id"]
            data["result_file"] = self.context.result_file.original_name
        if self.deadline is not None:
            self.deadline.is_open = False
        self.step, self.holder_id, self.step_deadline = None, None, None
        self.current_unit_id = self.receiving_unit.pk
        return _Change(
            Stage.RESULT_READY,
            note,
            from_unit_id=from_unit_id,
            to_unit_id=self.receiving_unit.pk,
            step_order=from_step.order if from_step else None,
            step_due_at=step_due,
            timeliness=on_time,
            data=data,
        )

    def _return_result(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        self.returned_at = at
        self.current_unit_id = None
        return _Change(
            Stage.RETURNED,
            note,
            from_unit_id=self.receiving_unit.pk,
            data={"result_channel": self.result_channel},
        )

    def _request_withdrawal(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        return _Change(
            Stage.WITHDRAWAL_REQUESTED,
            note,
            to_unit_id=self.receiving_unit.pk,
            data={"return_stage": self.stage},
        )

    def _withdraw(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        from_unit_id = self.current_unit_id
        step_due, on_time = self._leave_step(at)
        if self.deadline is not None:
            self.deadline.is_open = False
        self.stopped_at = at
        self.step, self.holder_id, self.current_unit_id = None, None, None
        return _Change(
            Stage.STOPPED,
            note,
            from_unit_id=from_unit_id,
            step_due_at=step_due,
            timeliness=on_time,
        )

    def _request_supplement(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        items = [nfc(str(item)) for item in p["items"]]
        self.supplement_count += 1
        repeat = self.supplement_count > 1
        self.supplements.append(
            StorySupplement(self.supplement_count, items, note, at, self.stage, repeat)
        )
        return _Change(
            Stage.AWAITING_SUPPLEMENT,
            note,
            from_unit_id=self.current_unit_id,
            to_unit_id=self.receiving_unit.pk,
            step_order=self.step.order if self.step else None,
            data={
                "missing_items": items,
                "number": self.supplement_count,
                "repeat_violation": repeat,
            },
        )

    def _receive_supplement(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        request = next(s for s in reversed(self.supplements) if s.received_at is None)
        request.received_at = at
        data: dict[str, Any] = {"number": request.number, "files": 0}
        if self.deadline is not None:
            deadline = self.deadline
            before = deadline.due_at
            policy = self.calendars.supplement_policy(to_local(self.received_at).date())
            if policy == SupplementPolicy.PAUSE:
                deadline.paused = [
                    *deadline.paused,
                    [request.requested_at.isoformat(), at.isoformat()],
                ]
                self._recompute(
                    deadline,
                    self.calendars.at(deadline.received_at),
                    f"Chờ bổ sung lần {request.number}",
                )
            else:
                deadline.counted_from = at
                deadline.paused = []
                self._recompute(
                    deadline, self.calendars.at(at), f"Nhận đủ hồ sơ bổ sung lần {request.number}"
                )
            data.update(
                policy=policy, due_before=before.isoformat(), due_after=deadline.due_at.isoformat()
            )
        if request.return_stage == Stage.AT_STEP and self.step is not None:
            self._enter_step(self.step, at, self.holder_id)
        return _Change(request.return_stage, note, to_unit_id=self.current_unit_id, data=data)

    def _unit_at_fault_id(self, at: datetime) -> int | None:
        """services._unit_at_fault on the story (the simulation sends nothing to liên thông)."""
        step_deadline = self.step_deadline
        step_late = step_deadline and verdict(at, step_deadline.due_at) == Timeliness.LATE
        if self.current_unit_id is not None and step_late:
            return self.current_unit_id
        for event in reversed(self.events):
            if event.timeliness == Timeliness.LATE and event.from_unit_id is not None:
                return event.from_unit_id
        return self.current_unit_id

    def _apologize(self, at: datetime, note: str, p: dict[str, Any]) -> _Change:
        deadline = self.deadline
        assert deadline is not None
        reason = note.strip()
        day = date.fromisoformat(p["new_due_at"])
        new_due = local_at(day, self.calendars.on(day).hours.closes)
        previous = deadline.due_at
        calendar = self.calendars.at(at)
        # Điều 19 k9: at the latest one working day before the due time.
        last = to_local(previous).date() - timedelta(days=1)
        while not calendar.is_working(last):
            last -= timedelta(days=1)
        in_time = at <= local_at(last, calendar.hours.closes)
        self.apologies.append(
            StoryApology(
                Action.APOLOGIZE, reason, self._unit_at_fault_id(at), previous, new_due, at, in_time
            )
        )
        deadline.extended_to = new_due
        deadline.extension_reason = f"{Action.APOLOGIZE.label}: {reason}"[:500]
        self._recompute(
            deadline, self.calendars.at(deadline.received_at), deadline.extension_reason
        )
        self.extension_count += 1
        return _Change(
            self.stage,
            reason,
            data={
                "previous_due_at": previous.isoformat(),
                "new_due_at": new_due.isoformat(),
                "original_due_at": self.original_due_at.isoformat()
                if self.original_due_at
                else None,
                "sent_in_time": in_time,
                "extension_count": self.extension_count,
            },
        )


class _Life:
    """The simulator's decisions for one plan: when each move happens, stopping at the horizon."""

    def __init__(self, story: Story) -> None:
        self.story, self.plan = story, story.plan
        self.calendar = story.context.clock_calendar
        self.horizon = story.context.horizon
        self.at = story.received_at

    def later(self, working_hours: float, base: datetime | None = None) -> datetime:
        moment = add_working_time(self.calendar, base or self.at, working_hours * 3600)
        return moment.replace(microsecond=0) + timedelta(seconds=1)

    def move(self, action: Action, at: datetime, note: str = "", **params: Any) -> bool:
        """Make one move at `at`; False (and nothing made) when `at` is past the horizon."""
        if at > self.horizon:
            return False
        self.story.transition(action, at, note, params)
        self.at = at
        return True

    def run(self) -> Story:
        plan, story = self.plan, self.story
        story.receive()
        if plan.channel != Channel.COUNTER:
            wait = 0.5 + plan.step_factors[-1] * 4  # a receptionist opens the inbox
            if plan.refuse:
                self.move(Action.REFUSE, self.later(wait), "Hồ sơ không thuộc thẩm quyền của Sở.")
                return story
            if not self.move(Action.ACCEPT, self.later(wait)):
                return story
        elif plan.refuse:
            self.move(Action.REFUSE, self.later(0.25), "Hồ sơ không đủ điều kiện tiếp nhận.")
            return story
        self.walk_steps()
        if story.status == Status.FINISHED:
            hours = 0.5 if plan.channel == Channel.ONLINE else 1 + plan.step_factors[-2] * 12
            self.move(
                Action.RETURN_RESULT,
                self.later(hours),
                f"Trả kết quả cho {plan.applicant['full_name']}.",
            )
        return story

    def walk_steps(self) -> None:
        plan, story = self.plan, self.story
        index = 0
        supplements_left = plan.supplements
        while story.status in (Status.RECEIVED, Status.PROCESSING):
            index += 1
            step = story.step
            assert step is not None
            assert story.step_deadline is not None
            allotted = working_seconds_between(self.calendar, self.at, story.step_deadline.due_at)
            factor = plan.step_factors[min(index - 1, len(plan.step_factors) - 1)]
            done_at = self.later(max(allotted, 1800) * factor / 3600)
            if plan.withdraw_at_step == index:
                asked = self.later(allotted * factor / 7200 + 0.25)
                if self.move(Action.REQUEST_WITHDRAWAL, asked, "Người nộp không còn nhu cầu."):
                    self.move(Action.WITHDRAW, self.later(1), "Người nộp đề nghị rút hồ sơ.")
                return
            if supplements_left and plan.supplement_at_step <= index:
                if not self.supplement(done_at, plan.supplements - supplements_left):
                    return
                supplements_left -= 1
                index -= 1  # the step starts again with the completed dossier
                continue
            self.maybe_apologize(done_at)
            if step.role == Role.DIRECTOR and story.approved_at is None:
                action = Action.APPROVE
            elif step.order == story.procedure.last_order:
                action = Action.FINISH
            else:
                action = Action.FORWARD
            if not self.move(action, done_at, **self.result_params(step)):
                return

    def result_params(self, step: StepInfo) -> dict[str, Any]:
        """The electronic result, given with the move that ends the last step."""
        result_file = self.story.context.result_file
        if (
            step.order != self.story.procedure.last_order
            or self.plan.channel not in ELECTRONIC_RESULT_CHANNELS
            or result_file is None
        ):
            return {}
        return {"result_file_id": result_file.pk}

    def supplement(self, around: datetime, number: int) -> bool:
        """Ask for missing papers part-way through the step; the applicant brings them later."""
        asked = self.later(working_seconds_between(self.calendar, self.at, around) / 7200)
        items = ["Bản sao giấy khai sinh"] if number == 0 else ["Bản chính văn bằng cần chỉnh sửa"]
        if not self.move(
            Action.REQUEST_SUPPLEMENT, asked, "Hồ sơ chưa đầy đủ, đề nghị bổ sung.", items=items
        ):
            return False
        brought = self.later(self.plan.supplement_waits[number])
        return self.move(Action.RECEIVE_SUPPLEMENT, brought, "Đã nhận đủ giấy tờ bổ sung.")

    def maybe_apologize(self, done_at: datetime) -> None:
        """The head signs an apology with a new date when this step would end past the due time
        (NĐ 61/2018, Điều 19 k9: once, at the latest one working day before it)."""
        story = self.story
        assert story.deadline is not None
        due = story.deadline.due_at
        if not self.plan.apologize or story.extension_count or done_at <= due:
            return
        day_before = to_local(due).date() - timedelta(days=1)
        while not self.calendar.is_working(day_before):
            day_before -= timedelta(days=1)
        sent = max(self.at + timedelta(minutes=5), self.calendar.opening(day_before))
        if sent >= done_at:
            return
        # The remaining steps at their usual pace, then a day's margin.
        finish = self.later(16, done_at)
        new_day = self.calendar.next_working_day(to_local(max(finish, due)).date())
        self.move(
            Action.APOLOGIZE,
            sent,
            "Hồ sơ cần xác minh thêm với cơ sở giáo dục cấp văn bằng.",
            new_due_at=new_day.isoformat(),
        )


def code_for(plan: Plan, context: Context, numbering: Numbering) -> str:
    """The code intake gives the planned dossier (plans come in the order they are received)."""
    unit = context.procedures[plan.procedure_code].desk[plan.channel]
    return numbering.next_code(unit, to_local(plan.received_at).date())


def live(plan: Plan, context: Context, code: str) -> Story:
    """The whole story of one planned dossier, in memory (nothing is written)."""
    return _Life(Story(plan, context.procedures[plan.procedure_code], code, context)).run()


# --- the service path -------------------------------------------------------------------------


def _replay(story: Story, admin: User) -> Dossier:
    """Make every move of the story through the services."""
    plan = story.plan
    dossier = dossier_receive(
        procedure_code=plan.procedure_code,
        channel=plan.channel,
        applicant=plan.applicant,
        actor=admin,
        received_at=plan.received_at,
        result_channel=story.result_channel,
        result_address=plan.applicant["address"] if plan.channel == Channel.POSTAL else "",
    )
    for event in story.events[1:]:
        dossier = dossier_transition(
            code=dossier.code,
            action=event.action,
            actor=admin,
            note=event.note,
            at=event.at,
            params=event.params,
        )
    return dossier


def _disagreement(story: Story, dossier: Dossier) -> str:
    """Where the services' result differs from the story ('' when they agree)."""
    if dossier.code != story.code:
        return f"mã {dossier.code}, dự kiến {story.code}"
    if dossier.status != story.status:
        return f"trạng thái {dossier.status}, dự kiến {story.status}"
    if dossier.due_at != (story.deadline.due_at if story.deadline else None):
        return (
            f"hạn giải quyết {dossier.due_at}, dự kiến {story.deadline and story.deadline.due_at}"
        )
    stored = list(
        dossier.events.order_by("id").values_list("action", "at", "step_due_at", "timeliness")
    )
    expected = [(e.action.value, e.at, e.step_due_at, e.timeliness) for e in story.events]
    if stored != expected:
        return f"lịch sử xử lý {stored} khác dự kiến {expected}"
    return ""


def simulate_year(
    *,
    dossiers: int,
    year: int,
    seed: int,
    progress: Callable[[Summary], None] | None = None,
    every: int = 100,
) -> Summary:
    """Create `dossiers` dossiers received during `year`, each moved through its life by the
    services."""
    context = load_context(year)
    started = clock.monotonic()
    numbering = Numbering()
    summary = Summary()
    for plan in year_plans(context, dossiers=dossiers, seed=seed):
        story = live(plan, context, code_for(plan, context, numbering))
        dossier = _replay(story, context.admin)
        problem = _disagreement(story, dossier)
        if problem:
            raise SimulationError(f"Hồ sơ {dossier.code}: dịch vụ cho {problem}.")
        summary.add(story)
        if progress is not None and summary.dossiers % every == 0:
            summary.seconds = clock.monotonic() - started
            progress(summary)
    summary.seconds = clock.monotonic() - started
    return summary
