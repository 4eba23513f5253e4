"""Writes for statistics: rebuilding the daily rollups (and each dossier's counted facts) from the
dossiers, and loading versions of the 766 index scheme."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.core.localtime import to_local
from motcua.dossiers.constants import Channel, OpenState, Timeliness
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.timeliness import OpenTimeline, dossier_settlement, due_basis
from motcua.metrics.distribution import SAMPLE_CAP, histogram_of
from motcua.metrics.index766 import scheme_of
from motcua.metrics.models import (
    DailyOpenStats,
    DailyProcedureStats,
    DossierFact,
    IndexScheme,
    StatsRefresh,
)
from motcua.metrics.selectors import day_bounds, dossiers_active_between
from motcua.ratings.constants import Satisfaction
from motcua.workdays.selectors import CalendarsByDay

UPDATED_FIELDS = [
    "received",
    "settled",
    "settled_early",
    "settled_on_time",
    "settled_late",
    "settled_stopped",
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
    stopped: int = 0
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


Key = tuple[int, int]  # (procedure, receiving unit)


@dataclass
class _Span:
    rows: dict[date, dict[Key, _Row]]
    open: dict[date, dict[Key, list[int]]]  # [in time, overdue] at the end of the day
    facts: list[DossierFact] = field(default_factory=list)


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


def _count_span(span: list[date], calendars: CalendarsByDay, basis: str, now: datetime) -> _Span:
    """Each day's rows of the span, keyed by (procedure, receiving unit), and the facts of the
    dossiers accepted or ended in it."""
    start, end = day_bounds(span[0])[0], day_bounds(span[-1])[1]
    chosen = set(span)
    # Today's "end of day" is the run itself: a period ending today is judged as of now.
    moments = [(day, min(day_bounds(day)[1], now)) for day in span]
    result = _Span(rows={day: {} for day in span}, open={day: {} for day in span})

    def row(day: date, key: Key) -> _Row:
        return result.rows[day].setdefault(key, _Row())

    for batch in _batches(dossiers_active_between(start, end).iterator(chunk_size=BATCH)):
        papers = _papers(batch)
        for dossier in batch:
            accepted_at = dossier.accepted_at
            assert accepted_at is not None  # filtered by the selector
            accepted_on = to_local(accepted_at).date()
            key = (dossier.procedure_id, dossier.receiving_unit_id)
            settlement = dossier_settlement(dossier, calendars[accepted_on], due_basis=basis)
            ended_on = to_local(settlement.ended_at).date() if settlement else None
            e_result = dossier.result_file_id is not None
            rating = getattr(dossier, "rating_value", None) or ""
            digitized = e_result and papers[dossier.pk].digitized
            reused = papers[dossier.pk].reused
            if accepted_on in chosen:
                r = row(accepted_on, key)
                r.received += 1
                r.online += dossier.channel == Channel.ONLINE
                r.postal += dossier.channel == Channel.POSTAL
                r.online_e_result += dossier.channel == Channel.ONLINE and e_result
                r.reused += reused
                r.paid_online += dossier.paid_online
            if settlement is not None and ended_on in chosen:
                r = row(ended_on, key)
                late = settlement.timeliness == Timeliness.LATE
                r.settled += 1
                r.early += settlement.timeliness == Timeliness.EARLY
                r.on_time += settlement.timeliness == Timeliness.ON_TIME
                r.late += late
                r.stopped += not settlement.has_result
                r.extended += settlement.extended
                if settlement.has_result:
                    r.minutes.append(round(settlement.working_seconds / 60))
                    r.results_electronic += e_result
                    r.results_digitized += digitized
                r.rated += bool(rating)
                r.unsatisfied += rating == Satisfaction.UNSATISFIED
                r.unsatisfied_late += rating == Satisfaction.UNSATISFIED and late
            timeline = OpenTimeline(dossier, due_basis=basis)
            for day, moment in moments:
                if day < accepted_on or (ended_on is not None and day > ended_on):
                    continue
                state = timeline.state_at(moment)
                if state is not None:
                    counts = result.open[day].setdefault(key, [0, 0])
                    counts[state == OpenState.OVERDUE] += 1
            if accepted_on in chosen or ended_on in chosen:
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
                        reused=reused,
                        paid_online=dossier.paid_online,
                        satisfaction=rating,
                    )
                )
    return result


def _upsert(model: Any, span: list[date], built: list[Any], fields: list[str]) -> None:
    # Delete what no longer exists, then upsert: two runs at once converge on the same rows
    # instead of colliding on the unique constraint.
    keys = {(row.day, row.procedure_id, row.receiving_unit_id) for row in built}
    existing = model.objects.filter(day__gte=span[0], day__lte=span[-1]).values_list(
        "pk", "day", "procedure_id", "receiving_unit_id"
    )
    stale = [pk for pk, *key in existing.iterator() if tuple(key) not in keys]
    for start in range(0, len(stale), BATCH):
        model.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    model.objects.bulk_create(
        built,
        batch_size=BATCH // 2,
        update_conflicts=True,
        unique_fields=["day", "procedure", "receiving_unit"],
        update_fields=fields,
    )


def _flow_row(day: date, key: Key, row: _Row) -> DailyProcedureStats:
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
        settled_stopped=row.stopped,
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
    )


def _store_span(span: list[date], counted: _Span) -> int:
    """Replace the span's rows of both rollups (a missing row means zero)."""
    flows = [_flow_row(day, key, row) for day in span for key, row in counted.rows[day].items()]
    opened = [
        DailyOpenStats(
            day=day,
            procedure_id=procedure_id,
            receiving_unit_id=unit_id,
            in_time=in_time,
            overdue=overdue,
        )
        for day in span
        for (procedure_id, unit_id), (in_time, overdue) in counted.open[day].items()
    ]
    _upsert(DailyProcedureStats, span, flows, UPDATED_FIELDS)
    _upsert(DailyOpenStats, span, opened, ["in_time", "overdue"])
    return len(flows)


def _store_facts(facts: list[DossierFact]) -> None:
    latest = {fact.dossier_id: fact for fact in facts}  # a dossier may be met twice in a span
    DossierFact.objects.bulk_create(
        list(latest.values()),
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=FACT_FIELDS,
    )


def stats_refresh(*, days: Iterable[date], now: datetime | None = None) -> StatsRefresh:
    """Rebuild the daily rollups of `days` from the dossiers (idempotent, safe to run twice)."""
    now = now or timezone.now()
    last_event = DossierEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    run = StatsRefresh.objects.create(started_at=now, last_event_id=last_event)
    calendars = CalendarsByDay()
    basis = due_basis()
    chosen = sorted(set(days))
    for span in _spans(chosen):
        counted = _count_span(span, calendars, basis, now)
        with transaction.atomic():  # one commit per span, not per day
            run.rows += _store_span(span, counted)
            _store_facts(counted.facts)
    run.days = [day.isoformat() for day in chosen]
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "days", "finished_at"])
    return run


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
