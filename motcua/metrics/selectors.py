"""Reads for statistics: the dossiers behind a day's figures, the public tables, and the 766
index (its inputs from the rollups, its trend and the dossiers behind each figure)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from motcua.accounts.constants import UnitKind
from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import Perm, unit_and_descendants, units_with_perm
from motcua.catalog.constants import OnlineLevel
from motcua.catalog.models import Component, Fee, Procedure, ProcedureCase, ProcessStep
from motcua.catalog.selectors import procedures_in_force
from motcua.core.inputs import date_range
from motcua.core.localtime import VN_TZ, to_local
from motcua.dossiers.constants import Channel, OpenState, Satisfaction, Timeliness
from motcua.dossiers.models import Apology, Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.timeliness import DUE_ACTIONS, OpenTimeline, due_basis
from motcua.metrics.constants import CONNECTED_SOURCES
from motcua.metrics.distribution import Distribution
from motcua.metrics.index766 import (
    FLOW_SUMS,
    Flow,
    IndexInputs,
    IndexResult,
    ProcedureFacts,
    Scheme,
    index_compute,
    scheme_of,
)
from motcua.metrics.models import DailyProcedureStats, DossierFact, IndexScheme, RollupRefresh
from motcua.workdays.selectors import load_calendar

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


def dossiers_active_between(start: datetime, end: datetime) -> QuerySet[Dossier]:
    """Accepted dossiers that were being processed at some moment of [start, end): accepted
    before `end`, not ended before `start`; ready for `dossier_settlement` and `OpenTimeline`
    (only the fields they and the 766 counts read), with the rating."""
    ended = Coalesce("finished_at", "returned_at", "stopped_at")  # the national priority
    return (
        Dossier.objects.filter(accepted_at__lt=end)
        .alias(ended=ended)
        .filter(Q(ended__isnull=True) | Q(ended__gte=start))
        .select_related("deadline")
        .only(*ACTIVE_FIELDS)
        .annotate(rating_value=F("rating__satisfaction"))
        .prefetch_related(
            # Only what the judgement reads: a full rebuild loads millions of these.
            Prefetch(
                "supplements",
                SupplementRequest.objects.only("dossier_id", "requested_at", "received_at"),
            ),
            Prefetch("apologies", Apology.objects.only("dossier_id", "sent_at", "previous_due_at")),
            Prefetch(
                "events",
                queryset=DossierEvent.objects.filter(action__in=DUE_ACTIONS)
                .order_by("at", "pk")
                .only("dossier_id", "at", "due_at"),
                to_attr="due_events",
            ),
        )
        .order_by("pk")
    )


ACTIVE_FIELDS = (
    "procedure_id",
    "receiving_unit_id",
    "channel",
    "status",
    "accepted_at",
    "finished_at",
    "returned_at",
    "stopped_at",
    "supplement_count",
    "result_file_id",
    "paid_online",
    "deadline__due_at",
)


def dossier_days_touched_since(moment: datetime, after_event: int = 0) -> set[date]:
    """The days whose rollups may have changed since `moment`: the acceptance and end days (as
    they are now and as last counted) of the dossiers changed or rated since; and every day from
    the earliest event recorded since the last run with a time before `moment` (history typed
    in afterwards changes which dossiers were open on the days between)."""
    days: set[date] = set()
    changed = Q(updated_at__gte=moment) | Q(rating__created_at__gte=moment)
    rows = Dossier.objects.filter(changed).values_list(
        "accepted_at",
        "finished_at",
        "returned_at",
        "stopped_at",
        "fact__accepted_on",
        "fact__ended_on",
    )
    for accepted, finished, returned, stopped, counted_on, counted_end in rows.iterator():
        ended = finished or returned or stopped
        days.update(to_local(t).date() for t in (accepted, ended) if t is not None)
        days.update(d for d in (counted_on, counted_end) if d is not None)
    earliest = DossierEvent.objects.filter(pk__gt=after_event, at__lt=moment).aggregate(
        first=Min("at")
    )["first"]
    if earliest is not None:
        first, today = to_local(earliest).date(), timezone.localdate()
        days.update(first + timedelta(days=n) for n in range((today - first).days + 1))
    return days


def first_dossier_day() -> date | None:
    """The day of the first dossier, but never before MOTCUA_EARLIEST_DATE: the rollups start
    there even if older data slipped in."""
    first = Dossier.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return max(to_local(first).date(), date_range()[0]) if first else None


def last_refresh() -> RollupRefresh | None:
    """The last run of `rollup_refresh` that finished."""
    return RollupRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def days_to_refresh(*, days: int = 2, everything: bool = False) -> list[date]:
    """The days to rebuild: the last `days` days (today included), every day since the previous
    run began (time passing turns open dossiers overdue), and every day whose dossiers changed
    since; every day since the first dossier (or the first row) on the first run or when asked.
    """
    today = timezone.localdate()
    wanted = {today - timedelta(days=n) for n in range(max(days, 0))}
    previous = last_refresh()
    if everything or previous is None:
        oldest = [
            found
            for found in (
                first_dossier_day(),
                DailyProcedureStats.objects.aggregate(first=Min("day"))["first"],
            )
            if found is not None
        ]
        if oldest:
            first = min(oldest)
            wanted.update(first + timedelta(days=n) for n in range((today - first).days + 1))
    else:
        since = previous.started_at - TOUCH_MARGIN
        first = to_local(since).date()
        wanted.update(first + timedelta(days=n) for n in range((today - first).days + 1))
        wanted.update(dossier_days_touched_since(since, previous.last_event_id))
    return sorted(day for day in wanted if date_range()[0] <= day <= today)


@dataclass(frozen=True)
class Lag:
    refresh: RollupRefresh | None
    events: int  # dossier events since that run (counted up to a limit)

    @property
    def up_to_date(self) -> bool:
        return (
            self.refresh is not None
            and self.events == 0
            and self.refresh.last_day is not None
            and self.refresh.last_day >= timezone.localdate()
        )


def rollup_lag(*, limit: int) -> Lag:
    """How far behind the dossiers the rollup is."""
    refresh = last_refresh()
    since = refresh.last_event_id if refresh else 0
    events = DossierEvent.objects.filter(pk__gt=since)[: limit + 1].count()
    return Lag(refresh=refresh, events=events)


def with_flows(rows: QuerySet[DailyProcedureStats]) -> QuerySet[DailyProcedureStats]:
    """The rows with a dossier received or settled that day (the others hold only the end of
    day snapshot of open dossiers)."""
    return rows.filter(Q(received__gt=0) | Q(settled__gt=0))


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
        self.stopped = sums["withdrawn"] + sums["refused"]
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
    "withdrawn",
    "refused",
    "settled_extended",
)


def public_stats(*, first_day: date, last_day: date, min_sample: int) -> PublicStats:
    """Per procedure and per receiving unit, from the daily rollup of [first_day, last_day]."""
    rows = with_flows(DailyProcedureStats.objects.filter(day__gte=first_day, day__lte=last_day))
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


# --- the 766 index: scope, inputs from the rollups, trend, drill-down -------------------------


@dataclass(frozen=True)
class Scope:
    """The dossiers a unit answers for: received at a desk in the unit's subtree, or of a
    procedure whose internal process has a step at a specialist unit of the subtree (so a
    department's director also sees its dossiers received at the provincial centre).
    `units` None: everything."""

    units: frozenset[int] | None
    procedures: frozenset[int] = frozenset()

    def rows(self) -> Q:
        """For rollup rows, facts and dossiers alike (each has procedure and receiving_unit)."""
        if self.units is None:
            return Q()
        return Q(receiving_unit__in=self.units) | Q(procedure__in=self.procedures)

    def catalog(self) -> Q:
        """The procedures of the scope: handled in it, or implemented by one of its units."""
        if self.units is None:
            return Q()
        return Q(pk__in=self.procedures) | Q(implementing_unit__in=self.units)


def unit_scope(units: set[int] | frozenset[int] | None) -> Scope:
    if units is None:
        return Scope(units=None)
    handled = ProcessStep.objects.filter(
        unit__in=units, unit__kind=UnitKind.SPECIALIST_UNIT
    ).values_list("case__procedure_id", flat=True)
    return Scope(units=frozenset(units), procedures=frozenset(handled))


def scheme_in_force(day: date) -> IndexScheme | None:
    """The version of the 766 index for a period ending on `day`."""
    return IndexScheme.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def index_sources() -> frozenset[str]:
    """The data sources this installation has (settings.MOTCUA_INDEX_SOURCES to change)."""
    return frozenset(getattr(settings, "MOTCUA_INDEX_SOURCES", CONNECTED_SOURCES))


def snapshot_moment(day: date) -> datetime:
    """The moment a day's open dossiers were counted at: its end, or the last refresh if that
    came earlier (today)."""
    end = day_bounds(day)[1]
    refresh = last_refresh()
    return min(end, refresh.started_at) if refresh is not None else end


def _procedure_facts(pks: set[int], scope: Scope, last: date) -> dict[int, ProcedureFacts]:
    """The catalog facts of the procedures counted in the flows (`pks`), of the scope's
    procedures in force at `last`, and of the scope's announced ones (1.1 looks at any)."""
    in_force = set(procedures_in_force(last).values_list("pk", flat=True))
    of_scope = Procedure.objects.filter(scope.catalog())
    wanted = pks | (in_force & set(of_scope.values_list("pk", flat=True)))
    wanted |= set(of_scope.filter(decision_date__isnull=False).values_list("pk", flat=True))
    untimed = ProcedureCase.objects.filter(procedure=OuterRef("pk"), processing_time_unit="")
    procedures = Procedure.objects.filter(pk__in=wanted).annotate(
        fee_bearing=Exists(Fee.objects.filter(procedure=OuterRef("pk"), amount_vnd__gt=0)),
        has_components=Exists(Component.objects.filter(procedure=OuterRef("pk"))),
        has_cases=Exists(ProcedureCase.objects.filter(procedure=OuterRef("pk"))),
        untimed=Exists(untimed),
    )
    found: dict[int, ProcedureFacts] = {}
    for p in procedures:
        shaky = set(p.unknown_fields) | set(p.demo_fields)
        present = {
            "name": bool(p.name.strip()),
            "sequence": bool(p.sequence),
            "submission_places": bool(p.submission_places.strip()),
            "components": p.has_components,
            "processing_time": p.has_cases and not p.untimed,
            "implementing_unit": p.implementing_unit_id is not None,
            "result": bool(p.result.strip()),
            "legal_bases": bool(p.legal_bases),
            "fees": "fees" not in shaky,
        }
        found[p.pk] = ProcedureFacts(
            pk=p.pk,
            in_force=p.pk in in_force,
            online_level=p.online_level,
            online_level_demo=p.online_level_is_demo,
            online_service=p.counts_as_online_service,
            fully_online_eligible=p.fully_online_eligible,
            result_paper=p.result_paper,
            fee_bearing=p.fee_bearing,
            present=frozenset(k for k, ok in present.items() if ok and k not in shaky),
            decision_date=p.decision_date,
            effective_from=p.effective_from,
        )
    return found


def _open_counts(rows: QuerySet[DailyProcedureStats, Any]) -> QuerySet[Any]:
    """In time (i) and overdue (o) at the end of the day, per group of `rows`; those without a
    due time are not judged (the index leaves them out). Only groups with an open dossier."""
    counts = rows.annotate(i=Sum("open_in_time"), o=Sum("open_overdue")).order_by()
    return counts.filter(Q(i__gt=0) | Q(o__gt=0))


FLOW_TOTALS = {name: Coalesce(Sum(name), 0) for name in FLOW_SUMS}


def _flow(sums: Mapping[str, Any]) -> Flow:
    return Flow(**{name: sums[name] for name in FLOW_SUMS})


def index_inputs(*, first: date, last: date, scope: Scope) -> IndexInputs:
    """What the formulas read for [first, last] in `scope`: two queries over the rollups."""
    last = min(last, timezone.localdate())
    flows: dict[int, Flow] = {}
    rows = DailyProcedureStats.objects.filter(scope.rows(), day__gte=first, day__lte=last)
    for sums in with_flows(rows).values("procedure_id").annotate(**FLOW_TOTALS).order_by():
        flows[sums["procedure_id"]] = _flow(sums)
    opened = DailyProcedureStats.objects.filter(scope.rows(), day=last).values("procedure_id")
    for counts in _open_counts(opened):
        flow = flows.setdefault(counts["procedure_id"], Flow())
        flow.open_in_time, flow.open_overdue = counts["i"], counts["o"]
    return IndexInputs(
        first=first,
        last=last,
        flows=flows,
        procedures=_procedure_facts(set(flows), scope, last),
        sources=index_sources(),
        minutes_per_day=load_calendar(last).hours.seconds_per_day // 60,
    )


def index_766(*, first: date, last: date, scope: Scope) -> IndexResult | None:
    """The 766 index of a period for a scope, by the scheme in force at its last day (None when
    no scheme is configured)."""
    stored = scheme_in_force(last)
    if stored is None:
        return None
    return index_compute(
        scheme_of(stored.definition), index_inputs(first=first, last=last, scope=scope)
    )


@dataclass
class TrendMonth:
    first: date
    last: date
    result: IndexResult


def _month_start(day: date, back: int = 0) -> date:
    months = day.year * 12 + day.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def index_trend(*, last: date, scope: Scope, months: int = 12) -> list[TrendMonth]:
    """The index of each of the `months` calendar months ending with `last`'s month, from one
    query over the flows and one over the month-end open counts."""
    last = min(last, timezone.localdate())
    starts = [_month_start(last, back) for back in range(months - 1, -1, -1)]
    ends = [_month_start(start, -1) - timedelta(days=1) for start in starts]
    ends[-1] = last
    by_month: dict[date, dict[int, Flow]] = {start: {} for start in starts}
    rows = DailyProcedureStats.objects.filter(scope.rows(), day__gte=starts[0], day__lte=last)
    grouped = with_flows(rows).annotate(month=TruncMonth("day")).values("month", "procedure_id")
    for sums in grouped.annotate(**FLOW_TOTALS).order_by():
        by_month[_month_start(sums["month"])][sums["procedure_id"]] = _flow(sums)
    opened = DailyProcedureStats.objects.filter(scope.rows(), day__in=ends)
    for counts in _open_counts(opened.values("day", "procedure_id")):
        flow = by_month[_month_start(counts["day"])].setdefault(counts["procedure_id"], Flow())
        flow.open_in_time, flow.open_overdue = counts["i"], counts["o"]
    used = {pk for flows in by_month.values() for pk in flows}
    procedures = _procedure_facts(used, scope, last)
    sources = index_sources()
    minutes = load_calendar(last).hours.seconds_per_day // 60
    versions = list(
        IndexScheme.objects.filter(effective_from__lte=last).order_by("-effective_from")
    )
    parsed: dict[int, Scheme] = {}
    trend = []
    for start, end in zip(starts, ends, strict=True):
        stored = next((v for v in versions if v.effective_from <= end), None)
        if stored is None:
            continue
        if stored.pk not in parsed:
            parsed[stored.pk] = scheme_of(stored.definition)
        inputs = IndexInputs(
            first=start,
            last=end,
            flows=by_month[start],
            procedures=procedures,
            sources=sources,
            minutes_per_day=minutes,
        )
        trend.append(TrendMonth(start, end, index_compute(parsed[stored.pk], inputs)))
    return trend


@dataclass(frozen=True)
class Drill:
    """The dossiers behind an indicator: those counted in its numerator, and the rest of its
    denominator, each named for the page (`?nhom=`)."""

    good: tuple[str, str]  # (slug, label)
    bad: tuple[str, str]
    dossiers: Callable[[date, date, Scope, bool], QuerySet[Dossier]]


def _facts(scope: Scope) -> QuerySet[DossierFact]:
    return DossierFact.objects.filter(scope.rows())


def _accepted(first: date, last: date, scope: Scope) -> QuerySet[DossierFact]:
    return _facts(scope).filter(accepted_on__gte=first, accepted_on__lte=last)


def _ended(first: date, last: date, scope: Scope) -> QuerySet[DossierFact]:
    return _facts(scope).filter(ended_on__gte=first, ended_on__lte=last)


def _dossiers(facts: QuerySet[DossierFact], extra: Q | None = None) -> QuerySet[Dossier]:
    chosen = Q(pk__in=facts.values("dossier_id"))
    return Dossier.objects.filter(chosen | extra if extra is not None else chosen)


def open_at_period_end(last: date, scope: Scope) -> dict[int, str]:
    """Dossier id → OpenState for the dossiers of `scope` still being processed when the day
    `last` was counted (the same moment and rule as the rollup). Kept until the next refresh:
    the pages of a list ask for it again."""
    moment = snapshot_moment(min(last, timezone.localdate()))
    refresh = last_refresh()
    key = f"metrics:open:{last}:{hash(scope)}:{refresh.pk if refresh else 0}"
    states: dict[int, str] | None = cache.get(key)
    if states is not None:
        return states
    # Candidates from the facts (indexed days) rather than a scan of every dossier.
    candidates = _facts(scope).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=last), accepted_on__lte=last
    )
    dossiers = dossiers_active_between(moment, moment).filter(
        pk__in=candidates.values("dossier_id")
    )
    basis = due_basis()
    states = {}
    for dossier in dossiers.iterator(1000):
        state = OpenTimeline(dossier, due_basis=basis).state_at(moment)
        if state is not None:
            states[dossier.pk] = state
    cache.set(key, states, timeout=OPEN_CACHE_SECONDS)
    return states


OPEN_CACHE_SECONDS = 2 * 3600  # outlives an hourly refresh; a new run changes the key anyway


def _on_time_dossiers(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    verdicts = [Timeliness.EARLY, Timeliness.ON_TIME] if good else [Timeliness.LATE]
    wanted = OpenState.IN_TIME if good else OpenState.OVERDUE
    opened = [pk for pk, state in open_at_period_end(last, scope).items() if state == wanted]
    return _dossiers(_ended(first, last, scope).filter(timeliness__in=verdicts), Q(pk__in=opened))


def _online_dossiers(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    online = Q(channel=Channel.ONLINE) & (Q(e_result=True) | Q(procedure__result_paper=False))
    facts = _accepted(first, last, scope)
    return _dossiers(facts.filter(online) if good else facts.exclude(online))


def _fully_online_dossiers(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    facts = _accepted(first, last, scope).filter(procedure__fully_online_eligible=True)
    full = Q(channel=Channel.ONLINE, procedure__online_level=OnlineLevel.FULL)
    return _dossiers(facts.filter(full) if good else facts.exclude(full))


def _fee_bearing() -> Q:
    return Q(procedure__in=Fee.objects.filter(amount_vnd__gt=0).values("procedure_id"))


def _paid_online(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    facts = _accepted(first, last, scope).filter(_fee_bearing())
    return _dossiers(facts.filter(paid_online=good))


def _electronic_results(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    facts = _ended(first, last, scope).filter(has_result=True, procedure__result_paper=True)
    return _dossiers(facts.filter(e_result=good))


def _digitized(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    return _dossiers(_ended(first, last, scope).filter(has_result=True, digitized=good))


def _reused(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    return _dossiers(_accepted(first, last, scope).filter(reused=good))


def _satisfaction(first: date, last: date, scope: Scope, good: bool) -> QuerySet[Dossier]:
    classified = [Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE]
    facts = _ended(first, last, scope).filter(timeliness__in=classified)
    bad = Q(timeliness=Timeliness.LATE) | Q(satisfaction=Satisfaction.UNSATISFIED)
    return _dossiers(facts.exclude(bad) if good else facts.filter(bad))


DRILLS: dict[str, Drill] = {
    "on_time": Drill(
        ("dung-han", "Trước hạn, đúng hạn, còn hạn"), ("tre-han", "Quá hạn"), _on_time_dossiers
    ),
    "online_dossiers": Drill(
        ("truc-tuyen", "Nộp trực tuyến"), ("khac", "Nộp trực tiếp, bưu chính"), _online_dossiers
    ),
    "fully_online_dossiers": Drill(
        ("toan-trinh", "Trực tuyến toàn trình"), ("khac", "Cách khác"), _fully_online_dossiers
    ),
    "paid_online": Drill(
        ("da-thanh-toan", "Thanh toán trực tuyến"),
        ("khac", "Chưa thanh toán trực tuyến"),
        _paid_online,
    ),
    "electronic_results": Drill(
        ("co-ket-qua-dien-tu", "Có kết quả điện tử"),
        ("khong", "Chưa có kết quả điện tử"),
        _electronic_results,
    ),
    "digitized": Drill(("da-so-hoa", "Đã số hóa"), ("chua-so-hoa", "Chưa số hóa"), _digitized),
    "reused_data": Drill(("dung-lai", "Có dùng lại dữ liệu"), ("khong", "Không"), _reused),
    "dossier_satisfaction": Drill(
        ("hai-long", "Đúng hạn, không bị đánh giá không hài lòng"),
        ("khong-hai-long", "Quá hạn hoặc không hài lòng"),
        _satisfaction,
    ),
}


def indicator_dossiers(
    *, formula: str, good: bool, first: date, last: date, scope: Scope
) -> QuerySet[Dossier]:
    """The dossiers counted in an indicator's numerator (`good`) or in the rest of its
    denominator, for the period and scope, from the facts written with the rollup."""
    last = min(last, timezone.localdate())
    return (
        DRILLS[formula]
        .dossiers(first, last, scope, good)
        .select_related("procedure", "receiving_unit", "deadline", "fact")
        .order_by("accepted_at", "pk")
    )


class ScopeError(LookupError):
    """A unit that does not exist (`forbidden` False) or is outside the caller's units."""

    def __init__(self, message: str, *, forbidden: bool) -> None:
        super().__init__(message)
        self.forbidden = forbidden


def index_scope_for(user: User, unit_code: str = "") -> tuple[Scope, Unit | None]:
    """The scope a user may see the index of: one unit of theirs and the units below it, or
    all of their units (everything for an administrator)."""
    allowed = units_with_perm(user, Perm.REPORTS_VIEW)
    if allowed is not None and not allowed:
        raise ScopeError("Bạn không có quyền xem báo cáo, thống kê.", forbidden=True)
    if not unit_code:
        return unit_scope(allowed), None
    unit = Unit.objects.filter(code=unit_code.strip()).first()
    if unit is None:
        raise ScopeError(f"Không có đơn vị mã {unit_code}.", forbidden=False)
    if allowed is not None and unit.pk not in allowed:
        raise ScopeError("Đơn vị này không thuộc phạm vi bạn được xem.", forbidden=True)
    return unit_scope(unit_and_descendants(unit)), unit


def units_for_index(user: User) -> list[Unit]:
    """The units a user may choose on the index page."""
    allowed = units_with_perm(user, Perm.REPORTS_VIEW)
    units = Unit.objects.filter(is_active=True).order_by("code")
    return list(units if allowed is None else units.filter(pk__in=allowed))
