"""Reads for statistics: the dossiers behind a day's figures, and the public tables."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.accounts.models import Unit
from motcua.catalog.models import Procedure
from motcua.core.localtime import VN_TZ, to_local
from motcua.dossiers.models import Dossier
from motcua.metrics.distribution import Distribution
from motcua.metrics.models import DailyProcedureStats, StatsRefresh

# A dossier saved just before a run started may commit just after it read that day: look back
# this far past the previous run's start.
TOUCH_MARGIN = timedelta(minutes=10)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight of `day`, Vietnam time."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)
    return start, start + timedelta(days=1)


def dossiers_ended_between(start: datetime, end: datetime) -> QuerySet[Dossier]:
    """Accepted dossiers whose processing ended in [start, end) (first terminal time in the
    priority finished > returned > stopped), ready for `dossier_settlement`."""
    ended = (
        Q(finished_at__gte=start, finished_at__lt=end)
        | Q(finished_at__isnull=True, returned_at__gte=start, returned_at__lt=end)
        | Q(
            finished_at__isnull=True,
            returned_at__isnull=True,
            stopped_at__gte=start,
            stopped_at__lt=end,
        )
    )
    return (
        Dossier.objects.filter(ended, accepted_at__isnull=False)
        .select_related("deadline")
        .prefetch_related("supplements", "apologies")
        .order_by("pk")
    )


def dossier_days_touched_since(moment: datetime) -> set[date]:
    """Acceptance and end days (Vietnam dates) of the dossiers changed since `moment`."""
    days: set[date] = set()
    rows = Dossier.objects.filter(updated_at__gte=moment).values_list(
        "accepted_at", "finished_at", "returned_at", "stopped_at"
    )
    for accepted, finished, returned, stopped in rows.iterator():
        ended = finished or returned or stopped
        days.update(to_local(t).date() for t in (accepted, ended) if t is not None)
    return days


def first_dossier_day() -> date | None:
    first = Dossier.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return to_local(first).date() if first else None


def last_refresh() -> StatsRefresh | None:
    """The last run of `stats_refresh` that finished."""
    return StatsRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def days_to_refresh(*, days: int = 2, everything: bool = False) -> list[date]:
    """The last `days` days (today included), plus every day whose dossiers changed since the
    last finished run; every day since the first dossier on the first run or when asked."""
    today = timezone.localdate()
    wanted = {today - timedelta(days=n) for n in range(max(days, 0))}
    previous = last_refresh()
    first = first_dossier_day()
    if (everything or previous is None) and first is not None:
        wanted.update(first + timedelta(days=n) for n in range((today - first).days + 1))
    elif previous is not None:
        wanted.update(dossier_days_touched_since(previous.started_at - TOUCH_MARGIN))
    return sorted(day for day in wanted if day <= today)


@dataclass
class StatsLine:
    """The figures of one procedure or one unit over a period."""

    key: int
    label: str
    code: str = ""
    received: int = 0
    settled: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    stopped: int = 0
    extended: int = 0
    times: Distribution = field(default_factory=Distribution)
    enough: bool = False  # at least the minimum sample settled: rates shown, and ranked
    times_enough: bool = False  # at least the minimum sample with a result: times shown
    rank: int | None = None

    @property
    def classified(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Share of settled dossiers settled early or on time, in percent."""
        return 100 * (self.early + self.on_time) / self.classified if self.classified else None

    def judge(self, min_sample: int) -> None:
        self.enough = self.settled >= min_sample and self.classified > 0
        self.times_enough = self.enough and self.times.count >= min_sample

    def add_counts(self, sums: dict[str, int]) -> None:
        self.received = sums["received"]
        self.settled = sums["settled"]
        self.early = sums["settled_early"]
        self.on_time = sums["settled_on_time"]
        self.late = sums["settled_late"]
        self.stopped = sums["settled_stopped"]
        self.extended = sums["settled_extended"]


@dataclass
class PublicStats:
    first_day: date
    last_day: date
    min_sample: int
    by_procedure: list[StatsLine]
    by_unit: list[StatsLine]
    total: StatsLine


def _ranked(lines: list[StatsLine], min_sample: int) -> list[StatsLine]:
    """Lines with enough settled dossiers first, best on-time rate then shortest median, each
    with its rank; then the others by name, unranked (a rank from one case says nothing)."""
    for line in lines:
        line.judge(min_sample)
    ranked = sorted(
        (line for line in lines if line.enough),
        key=lambda line: (-(line.on_time_rate or 0), line.times.median or 0, line.label),
    )
    for position, line in enumerate(ranked, start=1):
        line.rank = position
    rest = sorted((line for line in lines if not line.enough), key=lambda line: line.label)
    return ranked + rest


COUNTS = (
    "received",
    "settled",
    "settled_early",
    "settled_on_time",
    "settled_late",
    "settled_stopped",
    "settled_extended",
)


def public_stats(*, first_day: date, last_day: date, min_sample: int) -> PublicStats:
    """Per procedure and per receiving unit, from the daily rollup of [first_day, last_day]."""
    rows = DailyProcedureStats.objects.filter(day__gte=first_day, day__lte=last_day)
    sums = {name: Coalesce(Sum(name), 0) for name in COUNTS}
    by_procedure: dict[int, StatsLine] = {}
    by_unit: dict[int, StatsLine] = {}
    for lines, group in ((by_procedure, "procedure_id"), (by_unit, "receiving_unit_id")):
        for found in rows.values(group).annotate(**sums).order_by():
            lines[found[group]] = StatsLine(key=found[group], label="")
            lines[found[group]].add_counts(found)
    total = StatsLine(key=0, label="Tổng cộng")
    total.add_counts(rows.aggregate(**sums))
    # Counts are summed by the database; the time distributions are merged here.
    times = rows.filter(timed__gt=0).values_list(
        "procedure_id",
        "receiving_unit_id",
        "timed",
        "minutes_sum",
        "minutes_sample",
        "minutes_histogram",
    )
    for procedure_id, unit_id, *distribution in times.iterator(chunk_size=5000):
        by_procedure[procedure_id].times.add_row(*distribution)
        by_unit[unit_id].times.add_row(*distribution)
        total.times.add_row(*distribution)
    for procedure in Procedure.objects.filter(pk__in=by_procedure).only("code", "name"):
        by_procedure[procedure.pk].label = procedure.name
        by_procedure[procedure.pk].code = procedure.code
    for unit in Unit.objects.filter(pk__in=by_unit).only("code", "name"):
        by_unit[unit.pk].label = unit.name
        by_unit[unit.pk].code = unit.code
    total.judge(min_sample)
    return PublicStats(
        first_day=first_day,
        last_day=last_day,
        min_sample=min_sample,
        by_procedure=_ranked(list(by_procedure.values()), min_sample),
        by_unit=_ranked(list(by_unit.values()), min_sample),
        total=total,
    )
