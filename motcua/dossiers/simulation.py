"""A simulated year of dossiers, made through the real services with historical times.

Each dossier gets a plan drawn from one seeded `random.Random` (procedure, channel, reception
time, how long each step takes, whether a supplement, refusal, withdrawal or apology happens),
then every move is replayed through `dossier_receive` / `dossier_transition` with `at=` by the
administrator (the only person the services let write past times). Events that would fall after
the year's end (or after now) are not made, so late-year dossiers stay open as they would be.

This is the path for the demo, the tests and benchmarks of a few thousand dossiers (about
0.12 s a dossier on SQLite). For millions, see "Simulated year" in docs/operations.md: the bulk
path writes final rows directly and skips the per-event services.
"""

import math
import random
import time as clock
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.demo import DEPARTMENT
from motcua.accounts.models import Unit, User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedures_in_force
from motcua.core.folding import fold
from motcua.core.localtime import VN_TZ, to_local
from motcua.dossiers.constants import Action, Channel, ResultChannel, Status, Timeliness
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.deadlines import add_working_time, working_seconds_between
from motcua.workdays.selectors import load_calendar

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
        """Share of finished dossiers whose result was ready by the (possibly moved) due time."""
        done = self.finished_in_time + self.finished_late
        return self.finished_in_time / done if done else 0.0

    @property
    def step_on_time_share(self) -> float:
        done = self.steps_in_time + self.steps_late
        return self.steps_in_time / done if done else 0.0

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


def _procedures() -> list[tuple[str, int]]:
    """Procedures a dossier can be taken for (default case with a time and a process)."""
    usable = []
    for procedure in procedures_in_force().order_by("code").prefetch_related("cases__steps"):
        case = next((c for c in procedure.cases.all() if c.is_default), None)
        if case is not None and case.processing_time is not None and case.steps.all():
            usable.append((procedure.code, _weight(procedure)))
    return usable


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


def make_plans(
    *, rng: random.Random, procedures: list[tuple[str, int]], times: list[datetime]
) -> list[Plan]:
    """One plan per reception time, drawn in a fixed order so a seed gives the same year."""
    codes = [code for code, _ in procedures]
    weights = [w for _, w in procedures]
    plans = []
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
        plans.append(plan)
    return plans


class _Replay:
    """Walks one plan through the services, stopping at the horizon."""

    def __init__(
        self, plan: Plan, admin: User, calendar: WorkCalendar, horizon: datetime, summary: Summary
    ) -> None:
        self.plan, self.admin, self.calendar = plan, admin, calendar
        self.horizon, self.summary = horizon, summary
        self.at = plan.received_at
        self.dossier: Dossier | None = None

    def later(self, working_hours: float, base: datetime | None = None) -> datetime:
        moment = add_working_time(self.calendar, base or self.at, working_hours * 3600)
        return moment.replace(microsecond=0) + timedelta(seconds=1)

    def move(self, action: Action, at: datetime, note: str = "", **params: object) -> bool:
        """Make one move at `at`; False (and nothing written) when `at` is past the horizon."""
        if at > self.horizon or self.dossier is None:
            return False
        self.dossier = dossier_transition(
            code=self.dossier.code, action=action, actor=self.admin, note=note, at=at, params=params
        )
        self.at = at
        self.summary.events += 1
        return True

    def run(self) -> Dossier:
        plan = self.plan
        self.dossier = dossier_receive(
            procedure_code=plan.procedure_code,
            channel=plan.channel,
            applicant=plan.applicant,
            actor=self.admin,
            received_at=plan.received_at,
            result_channel=RESULT_CHANNEL[Channel(plan.channel)],
            result_address=plan.applicant["address"] if plan.channel == Channel.POSTAL else "",
        )
        self.summary.events += 1
        if plan.channel != Channel.COUNTER:
            wait = 0.5 + plan.step_factors[-1] * 4  # a receptionist opens the inbox
            if plan.refuse:
                self.move(Action.REFUSE, self.later(wait), "Hồ sơ không thuộc thẩm quyền của Sở.")
                return self.dossier
            if not self.move(Action.ACCEPT, self.later(wait)):
                return self.dossier
        elif plan.refuse:
            self.move(Action.REFUSE, self.later(0.25), "Hồ sơ không đủ điều kiện tiếp nhận.")
            return self.dossier
        self.walk_steps()
        if self.dossier.status == Status.FINISHED:
            hours = 0.5 if plan.channel == Channel.ONLINE else 1 + plan.step_factors[-2] * 12
            self.move(
                Action.RETURN_RESULT,
                self.later(hours),
                f"Trả kết quả cho {plan.applicant['full_name']}.",
            )
        return self.dossier

    def walk_steps(self) -> None:
        plan = self.plan
        index = 0
        supplements_left = plan.supplements
        while self.dossier is not None and self.dossier.status in (
            Status.RECEIVED,
            Status.PROCESSING,
        ):
            index += 1
            d = self.dossier
            step = d.current_step
            assert step is not None
            assert d.step_deadline is not None
            allotted = working_seconds_between(self.calendar, self.at, d.step_deadline.due_at)
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
            if step.role == Role.DIRECTOR and d.approved_at is None:
                action = Action.APPROVE
            elif step.order == max(s.order for s in d.case.steps.all()):
                action = Action.FINISH
            else:
                action = Action.FORWARD
            if not self.move(action, done_at):
                return
            if action == Action.FINISH:
                finish = self.dossier.events.filter(action=Action.FINISH).latest("id")
                late = finish.data.get("overall_timeliness") == Timeliness.LATE
                self.summary.finished_late += late
                self.summary.finished_in_time += not late

    def supplement(self, around: datetime, number: int) -> bool:
        """Ask for missing papers part-way through the step; the applicant brings them later."""
        asked = self.later(working_seconds_between(self.calendar, self.at, around) / 7200)
        items = ["Bản sao giấy khai sinh"] if number == 0 else ["Bản chính văn bằng cần chỉnh sửa"]
        if not self.move(
            Action.REQUEST_SUPPLEMENT,
            asked,
            "Hồ sơ chưa đầy đủ, đề nghị bổ sung.",
            items=items,
        ):
            return False
        self.summary.supplements += 1
        self.summary.second_supplements += number > 0
        brought = self.later(self.plan.supplement_waits[number])
        return self.move(Action.RECEIVE_SUPPLEMENT, brought, "Đã nhận đủ giấy tờ bổ sung.")

    def maybe_apologize(self, done_at: datetime) -> None:
        """The head signs an apology with a new date when this step would end past the due time
        (NĐ 61/2018, Điều 19 k9: once, at the latest one working day before it)."""
        d = self.dossier
        assert d is not None
        assert d.deadline is not None
        due = d.deadline.due_at
        if not self.plan.apologize or d.extension_count or done_at <= due:
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
        if self.move(
            Action.APOLOGIZE,
            sent,
            "Hồ sơ cần xác minh thêm với cơ sở giáo dục cấp văn bằng.",
            new_due_at=new_day.isoformat(),
        ):
            self.summary.apologies += 1


def simulate_year(
    *,
    dossiers: int,
    year: int,
    seed: int,
    progress: Callable[[Summary], None] | None = None,
    every: int = 100,
) -> Summary:
    """Create `dossiers` dossiers received during `year`, each moved through its life."""
    if not demo_ready():
        raise SimulationError(
            "Chưa có tổ chức minh họa (Sở GDĐT và tài khoản quantri): "
            "hãy chạy «python manage.py load_demo» trước."
        )
    procedures = _procedures()
    if not procedures:
        raise SimulationError("Chưa có thủ tục nào có quy trình nội bộ: hãy chạy load_demo.")
    started = clock.monotonic()
    now = timezone.now() - timedelta(minutes=1)
    horizon = min(datetime(year + 1, 1, 1, tzinfo=VN_TZ) - timedelta(seconds=1), now)
    first_day = date(year, 1, 1)
    if datetime(year, 1, 1, tzinfo=VN_TZ) >= horizon:
        raise SimulationError(f"Năm {year} chưa bắt đầu; chỉ mô phỏng được thời gian đã qua.")
    rng = random.Random(seed)
    calendar = load_calendar(first_day)
    times = _reception_times(rng, calendar, dossiers, first_day, horizon)
    plans = make_plans(rng=rng, procedures=procedures, times=times)
    admin = User.objects.get(username=ADMIN_USERNAME)
    summary = Summary()
    for plan in plans:
        dossier = _Replay(plan, admin, calendar, horizon, summary).run()
        summary.dossiers += 1
        summary.statuses[dossier.status] += 1
        summary.codes.append(dossier.code)
        if progress is not None and summary.dossiers % every == 0:
            summary.seconds = clock.monotonic() - started
            progress(summary)
    steps = Counter(
        DossierEvent.objects.filter(dossier__code__in=summary.codes)
        .exclude(timeliness="")
        .values_list("timeliness", flat=True)
    )
    summary.steps_late = steps[Timeliness.LATE]
    summary.steps_in_time = steps[Timeliness.EARLY] + steps[Timeliness.ON_TIME]
    summary.seconds = clock.monotonic() - started
    return summary
