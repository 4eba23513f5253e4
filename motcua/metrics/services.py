"""Writes for statistics: the one rollup (each day's figures and each dossier's counted facts,
rebuilt from the dossiers by `rollup_refresh`), and loading versions of the 766 index scheme."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.core.localtime import to_local
from motcua.dossiers.constants import Channel, EndKind, OpenState, Satisfaction, Timeliness
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.timeliness import OpenTimeline, dossier_settlement, due_basis, processing_end
from motcua.metrics.distribution import SAMPLE_CAP, histogram_of
from motcua.metrics.index766 import scheme_of
from motcua.metrics.models import DailyProcedureStats, DossierFact, IndexScheme, RollupRefresh
from motcua.metrics.selectors import (
    day_bounds,
    days_to_refresh,
    dossiers_active_between,
    last_refresh,
    rollup_lag,
)
from motcua.workdays.selectors import CalendarsByDay

UPDATED_FIELDS = [
    "received",
    "settled",
    "settled_early",
    "settled_on_time",
    "settled_late",
    "withdrawn",
    "refused",
    "stopped_early",
    "stopped_late",
    "settled_extended",
    "timed",
    "minutes_sum",
    "minutes_sample",
    "minutes_histogram",
    "received_online",
    "received_postal",
    "received_online_e_result",
    "received_reused",
    "received_paid_online",
    "results_electronic",
    "results_digitized",
    "rated",
    "rated_unsatisfied",
    "rated_unsatisfied_late",
    "open_in_time",
    "open_overdue",
    "open_untimed",
]
FACT_FIELDS = [
    "procedure",
    "receiving_unit",
    "accepted_on",
    "ended_on",
    "channel",
    "timeliness",
    "has_result",
    "e_result",
    "digitized",
    "reused",
    "paid_online",
    "satisfaction",
]


@dataclass
class _Row:
    received: int = 0
    settled: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    withdrawn: int = 0
    refused: int = 0
    stopped_early: int = 0
    stopped_late: int = 0
    extended: int = 0
    minutes: list[int] = field(default_factory=list)
    online: int = 0
    postal: int = 0
    online_e_result: int = 0
    reused: int = 0
    paid_online: int = 0
    results_electronic: int = 0
    results_digitized: int = 0
    rated: int = 0
    unsatisfied: int = 0
    unsatisfied_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    open_untimed: int = 0


Key = tuple[int, int]  # (procedure, receiving unit)


@dataclass
class _Span:
    rows: dict[date, dict[Key, _Row]]
    facts: list[DossierFact] = field(default_factory=list)


ONE_DAY = timedelta(days=1)
# Days read together: one scan of the dossier table serves up to this many consecutive days.
SPAN_DAYS = 31
BATCH = 1000


def _spans(days: list[date]) -> list[list[date]]:
    """Sorted days cut into runs of consecutive days, each at most SPAN_DAYS long."""
    spans: list[list[date]] = []
    for day in days:
        last = spans[-1] if spans else None
        if last and (day - last[-1]).days == 1 and len(last) < SPAN_DAYS:
            last.append(day)
        else:
            spans.append([day])
    return spans


def _batches(dossiers: Iterable[Dossier]) -> Iterator[list[Dossier]]:
    batch: list[Dossier] = []
    for dossier in dossiers:
        batch.append(dossier)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _Papers:
    digitized: bool = False  # every paper handed in (not merely shown) kept as a file
    reused: bool = False  # a file already attached to an earlier dossier


def _papers(batch: list[Dossier]) -> dict[int, _Papers]:
    """Per dossier of the batch: are its papers scanned, and is one of them taken again from an
    earlier dossier (the same stored file, as a citizen's data store or a re-submission gives)."""
    rows = list(
        DossierComponent.objects.filter(dossier_id__in=[d.pk for d in batch]).values_list(
            "dossier_id", "file_id", "shown_only"
        )
    )
    first_user: dict[int, int] = {}
    files = {file_id for _, file_id, _ in rows if file_id is not None}
    used = DossierComponent.objects.filter(file_id__in=files).values_list("file_id", "dossier_id")
    for file_id, dossier_id in used:
        assert file_id is not None  # filtered
        first_user[file_id] = min(dossier_id, first_user.get(file_id, dossier_id))
    papers: dict[int, list[int | None]] = defaultdict(list)
    found = {d.pk: _Papers() for d in batch}
    for dossier_id, file_id, shown_only in rows:
        if not shown_only:
            papers[dossier_id].append(file_id)
        if file_id is not None and first_user[file_id] < dossier_id:
            found[dossier_id].reused = True
    for dossier_id, files_of in papers.items():
        found[dossier_id].digitized = all(f is not None for f in files_of)
    return found


def _count_span(
    span: list[date], calendars: CalendarsByDay, basis: str, now: datetime, later: frozenset[date]
) -> _Span:
    """Each day's rows of the span, keyed by (procedure, receiving unit), and the facts of the
    dossiers accepted or ended in it: one scan of the dossiers being processed at some moment of
    the span, each judged by timeliness.py. A dossier ending on a `later` day of the same run is
    judged and its fact written there, once, not here too (its acceptance-day counts need no
    judgement)."""
    start, end = day_bounds(span[0])[0], day_bounds(span[-1])[1]
    first_day, last_day = span[0], span[-1]
    # Today's "end of day" is the run itself: a period ending today is judged as of now.
    moments = [min(day_bounds(day)[1], now) for day in span]
    result = _Span(rows={day: {} for day in span})
    rows = result.rows

    def row(day: date, key: Key) -> _Row:
        found = rows[day].get(key)
        if found is None:
            found = rows[day][key] = _Row()
        return found

    for batch in _batches(dossiers_active_between(start, end).iterator(chunk_size=BATCH)):
        papers = _papers(batch)
        for dossier in batch:
            accepted_at = dossier.accepted_at
            assert accepted_at is not None  # filtered by the selector
            accepted_on = to_local(accepted_at).date()
            key = (dossier.procedure_id, dossier.receiving_unit_id)
            ended = processing_end(dossier)
            ended_on = to_local(ended[0]).date() if ended is not None else None
            e_result = dossier.result_file_id is not None
            rating = dossier.rating_value or ""  # type: ignore[attr-defined]
            found = papers[dossier.pk]
            digitized = e_result and found.digitized
            accepted_here = first_day <= accepted_on <= last_day
            ended_here = ended_on is not None and first_day <= ended_on <= last_day
            judged_later = not ended_here and ended_on in later
            settlement = (
                dossier_settlement(dossier, calendars[accepted_on], due_basis=basis)
                if (accepted_here and not judged_later) or ended_here
                else None
            )
            if accepted_here:
                r = row(accepted_on, key)
                r.received += 1
                online = dossier.channel == Channel.ONLINE
                r.online += online
                r.postal += dossier.channel == Channel.POSTAL
                r.online_e_result += online and e_result
                r.reused += found.reused
                r.paid_online += dossier.paid_online
            if settlement is not None and ended_here:
                assert ended_on is not None  # the settlement's end (processing_end)
                r = row(ended_on, key)
                verdict = settlement.timeliness
                early, late = verdict == Timeliness.EARLY, verdict == Timeliness.LATE
                r.settled += 1
                r.early += early
                r.on_time += verdict == Timeliness.ON_TIME
                r.late += late
                r.extended += settlement.extended
                if settlement.has_result:
                    r.minutes.append(round(settlement.working_seconds / 60))
                    r.results_electronic += e_result
                    r.results_digitized += digitized
                else:
                    r.withdrawn += settlement.end == EndKind.WITHDRAWN
                    r.refused += settlement.end == EndKind.REFUSED
                    r.stopped_early += early
                    r.stopped_late += late
                if rating:
                    unsatisfied = rating == Satisfaction.UNSATISFIED
                    r.rated += 1
                    r.unsatisfied += unsatisfied
                    r.unsatisfied_late += unsatisfied and late
            # Open at the end of the days from its acceptance to the day before processing
            # ended (an end at midnight belongs to the new day).
            first_open = max(first_day, accepted_on)
            last_open = last_day if ended_on is None else min(last_day, ended_on - ONE_DAY)
            if first_open <= last_open:
                timeline = OpenTimeline(dossier, due_basis=basis)
                offset = (first_open - first_day).days
                for index in range(offset, offset + (last_open - first_open).days + 1):
                    state = timeline.state_at(moments[index])
                    r = row(span[index], key)
                    if state == OpenState.IN_TIME:
                        r.open_in_time += 1
                    elif state == OpenState.OVERDUE:
                        r.open_overdue += 1
                    else:  # no due time (or accepted after the run began, today)
                        r.open_untimed += 1
            if (accepted_here and not judged_later) or ended_here:
                result.facts.append(
                    DossierFact(
                        dossier_id=dossier.pk,
                        procedure_id=dossier.procedure_id,
                        receiving_unit_id=dossier.receiving_unit_id,
                        accepted_on=accepted_on,
                        ended_on=ended_on,
                        channel=dossier.channel,
                        timeliness=settlement.timeliness if settlement else "",
                        has_result=bool(settlement and settlement.has_result),
                        e_result=e_result,
                        digitized=digitized,
                        reused=found.reused,
                        paid_online=dossier.paid_online,
                        satisfaction=rating,
                    )
                )
    return result


def _day_row(day: date, key: Key, row: _Row) -> DailyProcedureStats:
    procedure_id, unit_id = key
    return DailyProcedureStats(
        day=day,
        procedure_id=procedure_id,
        receiving_unit_id=unit_id,
        received=row.received,
        settled=row.settled,
        settled_early=row.early,
        settled_on_time=row.on_time,
        settled_late=row.late,
        withdrawn=row.withdrawn,
        refused=row.refused,
        stopped_early=row.stopped_early,
        stopped_late=row.stopped_late,
        settled_extended=row.extended,
        timed=len(row.minutes),
        minutes_sum=sum(row.minutes),
        minutes_sample=sorted(row.minutes) if len(row.minutes) <= SAMPLE_CAP else None,
        minutes_histogram=histogram_of(row.minutes),
        received_online=row.online,
        received_postal=row.postal,
        received_online_e_result=row.online_e_result,
        received_reused=row.reused,
        received_paid_online=row.paid_online,
        results_electronic=row.results_electronic,
        results_digitized=row.results_digitized,
        rated=row.rated,
        rated_unsatisfied=row.unsatisfied,
        rated_unsatisfied_late=row.unsatisfied_late,
        open_in_time=row.open_in_time,
        open_overdue=row.open_overdue,
        open_untimed=row.open_untimed,
    )


def _store_span(span: list[date], counted: _Span) -> int:
    """Replace the span's day rows (a missing row means zero) and upsert its facts."""
    built = [_day_row(day, key, row) for day in span for key, row in counted.rows[day].items()]
    # Delete what no longer exists, then upsert: two runs at once converge on the same rows
    # instead of colliding on the unique constraint.
    keys = {(row.day, row.procedure_id, row.receiving_unit_id) for row in built}
    existing = DailyProcedureStats.objects.filter(day__gte=span[0], day__lte=span[-1])
    stale = [
        pk
        for pk, *key in existing.values_list(
            "pk", "day", "procedure_id", "receiving_unit_id"
        ).iterator()
        if tuple(key) not in keys
    ]
    for start in range(0, len(stale), BATCH):
        DailyProcedureStats.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    DailyProcedureStats.objects.bulk_create(
        built,
        batch_size=BATCH // 2,
        update_conflicts=True,
        unique_fields=["day", "procedure", "receiving_unit"],
        update_fields=UPDATED_FIELDS,
    )
    latest = {fact.dossier_id: fact for fact in counted.facts}  # a dossier may be met twice
    DossierFact.objects.bulk_create(
        list(latest.values()),
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=FACT_FIELDS,
    )
    return len(built)


# Per-dossier rollups kept by other apps (the evaluation scores, ratings/services.py): each is
# given the accepted dossiers changed since the previous run (None: every one) and returns how
# many it rescored. They register in their AppConfig.ready(), so this spine imports none of them
# and a new indicator plugs in here rather than adding its own refresh, task and watermark.
DossierRollup = Callable[[list[int] | None], int]
DOSSIER_ROLLUPS: list[DossierRollup] = []
# A row whose id was taken before a run started may commit just after the run read its table: the
# next run looks back this many ids (rescoring a dossier twice changes nothing).
ID_LOOKBACK = 200


def register_dossier_rollup(rollup: DossierRollup) -> None:
    if rollup not in DOSSIER_ROLLUPS:
        DOSSIER_ROLLUPS.append(rollup)


def _dossiers_changed(previous: RollupRefresh | None, everything: bool) -> list[int] | None:
    """Accepted dossiers with a history event or a rating newer than the previous run's
    watermark (None: all of them, on the first run or when asked)."""
    if everything or previous is None:
        return None
    events = DossierEvent.objects.filter(pk__gt=previous.last_event_id - ID_LOOKBACK)
    ids = set(events.values_list("dossier_id", flat=True))
    rated = Dossier.objects.filter(rating__pk__gt=previous.last_rating_id - ID_LOOKBACK)
    ids.update(rated.values_list("pk", flat=True))
    return sorted(ids)


def rollup_refresh(
    *, days: Iterable[date], everything: bool = False, now: datetime | None = None
) -> RollupRefresh:
    """Rebuild the rollup of `days` from the dossiers, then the per-dossier rollups of the
    dossiers changed since the previous run (all of them with `everything`). Idempotent, safe to
    run twice or at once: one scan of the dossiers per run of up to SPAN_DAYS consecutive days."""
    now = now or timezone.now()
    previous = last_refresh()
    # The watermark is read before any dossier: whatever happens after is the next run's.
    run = RollupRefresh.objects.create(
        started_at=now,
        last_event_id=DossierEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        last_rating_id=Dossier.objects.aggregate(last=Max("rating__pk"))["last"] or 0,
    )
    calendars = CalendarsByDay()
    basis = due_basis()
    chosen = sorted(set(days))
    for span in _spans(chosen):
        later = frozenset(day for day in chosen if day > span[-1])
        counted = _count_span(span, calendars, basis, now, later)
        with transaction.atomic():  # one commit per span, not per day
            run.rows += _store_span(span, counted)
    if DOSSIER_ROLLUPS:
        changed = _dossiers_changed(previous, everything)
        run.dossiers = sum(rollup(changed) for rollup in DOSSIER_ROLLUPS)
    if chosen:
        run.first_day, run.last_day = chosen[0], chosen[-1]
    run.days = len(chosen)
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "dossiers", "first_day", "last_day", "days", "finished_at"])
    return run


# A report asked for while dossiers changed since the last run catches up first when that is
# little work: few new events, and few days to rebuild or few dossiers to read for each. Never
# more: a larger backlog is the worker's (`rollup_refresh`), and the page says the figures are
# being updated. Bounded whatever the data: at most CATCH_UP_MAX_DAYS days of at most
# CATCH_UP_SMALL_DATABASE dossiers, or CATCH_UP_LONG_DAYS days of any number.
CATCH_UP_MAX_EVENTS = 20000
CATCH_UP_LONG_DAYS = 62
CATCH_UP_MAX_DAYS = 400
CATCH_UP_SMALL_DATABASE = 20000  # dossiers
CATCH_UP_ENQUEUE_EVERY = 600  # seconds


def rollup_catch_up() -> bool:
    """Refresh now if the rollup is behind by a little; True when it is up to date after, False
    when the backlog was left to the worker."""
    lag = rollup_lag(limit=CATCH_UP_MAX_EVENTS)
    if lag.up_to_date:
        return True
    days = days_to_refresh()
    if not days:
        return True
    span = (days[-1] - days[0]).days + 1
    too_long = span > CATCH_UP_LONG_DAYS and Dossier.objects.count() > CATCH_UP_SMALL_DATABASE
    if lag.events > CATCH_UP_MAX_EVENTS or span > CATCH_UP_MAX_DAYS or too_long:
        rollup_catch_up_later()
        return False
    rollup_refresh(days=days)
    return True


def rollup_catch_up_later() -> None:
    """Hand the backlog to the worker now rather than at the scheduler's next slot: once for
    all the requests that find it within CATCH_UP_ENQUEUE_EVERY seconds."""
    from motcua.metrics.tasks import rollup_refresh_recent  # the task module imports this one

    if cache.add("rollup:catch-up-enqueued", True, timeout=CATCH_UP_ENQUEUE_EVERY):
        rollup_refresh_recent.enqueue()


@transaction.atomic
def index_scheme_load(*, definition: dict[str, Any], replace: bool = False) -> IndexScheme:
    """Store a version of the 766 index from its definition (checked first); with `replace`, it
    takes the place of the version with the same code or start date."""
    scheme = scheme_of(definition)  # raises SchemeError with a Vietnamese message
    fields = {
        "code": scheme.code,
        "name": scheme.name,
        "effective_from": scheme.effective_from,
        "legal_basis": scheme.legal_basis,
        "definition": definition,
        "note": scheme.note,
    }
    existing = IndexScheme.objects.filter(code=scheme.code).first() or (
        IndexScheme.objects.filter(effective_from=scheme.effective_from).first()
    )
    if existing is not None and not replace:
        return existing
    if existing is not None:
        IndexScheme.objects.filter(pk=existing.pk).update(**fields)
        existing.refresh_from_db()
        return existing
    return IndexScheme.objects.create(**fields)
