"""The bulk path of `simulate_year`: the same plans and stories, written as their final rows.

For millions of dossiers. The stories are those of the service path (`simulation.live`), so a
seed gives the same dossiers, codes, due times and histories either way; what differs is how they
reach the database. Each batch of stories is written in one transaction, straight into the
tables (PostgreSQL `COPY`, SQLite `executemany`):
- the dossiers, the units that may see them (`DossierAccess`), their received components, every
  `Deadline` (the dossier's and each step's, with
  the engine's explanation and the changes a supplement or an apology made), the history events
  (hand-overs, step due times and timeliness, as `dossier_transition` records them), supplement
  requests and apologies, and the daily numbering counters;
- one audit row for the whole batch (`dossier.bulk_import`): the history is an import, so there
  is no audit row per event and no outbox message (nobody is notified of a simulated past).
Several worker processes can write batches side by side (`workers`); numbering, plans and
stories are drawn in the parent in order, so the rows do not depend on how many there are (row
ids may interleave). At the end the tables written are analysed, so that the planner of the
refreshes that follow knows their size (PostgreSQL plans a sequential scan per batch otherwise).
"""

import json
import multiprocessing
import time as clock
from collections import deque
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from django.db import connection, connections, models, transaction
from django.utils import timezone

from motcua.audit.services import audit_record
from motcua.core.localtime import to_local
from motcua.demo.simulation import (
    Context,
    Numbering,
    Plan,
    SimulationError,
    Story,
    Summary,
    code_for,
    live,
    load_context,
    year_plans,
)
from motcua.dossiers.access import is_active, units_seeing
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierAccess,
    DossierComponent,
    DossierCounter,
    DossierEvent,
    RegisterCounter,
    SupplementRequest,
)
from motcua.workdays.models import Deadline, DeadlineChange

BATCH = 2000
SUPPORTED = ("postgresql", "sqlite")

Row = tuple[Any, ...]


class _Table:
    """One table written in bulk: the columns a story fills, then any other column at its
    default (so a column added later does not break the import, unless it has no default)."""

    def __init__(self, model: type[models.Model], names: list[str], own_ids: bool) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in names and not (f.primary_key and not own_ids)
        ]
        extra: list[Any] = []
        for f in rest:
            if f.has_default():
                value = f.get_default()
                extra.append(json.dumps(value) if isinstance(f, models.JSONField) else value)
            elif f.null:
                extra.append(None)
            else:
                raise SimulationError(
                    f"Cột {model._meta.db_table}.{f.column} không có giá trị mặc định: "
                    "đường ghi hàng loạt cần được cập nhật cho cột này."
                )
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(str(fields[n].column)) for n in names) + "".join(
            f", {quote(str(f.column))}" for f in rest
        )
        self.width = len(names) + len(rest)
        self.extra = tuple(extra)

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        if self.extra:
            rows = [row + self.extra for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor: COPY is several times faster
                with raw.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * self.width)
                # Table and column names come from the models, quoted; values are parameters.
                sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, taken from its sequence (PostgreSQL) or after its
    highest key (SQLite, whose write transactions are serial)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        used = cursor.fetchone()
        first = max(highest, used[0] if used else 0) + 1
        return list(range(first, first + count))


class _Writer:
    """Turns a batch of stories into rows and writes them."""

    def __init__(self, context: Context) -> None:
        if connection.vendor not in SUPPORTED:
            raise SimulationError(
                "Đường ghi hàng loạt chỉ hỗ trợ PostgreSQL và SQLite; "
                "hãy bỏ --bulk để mô phỏng qua các dịch vụ."
            )
        self.context = context
        self.admin_id = context.admin.pk
        self.admin_label = context.admin_label
        self.sqlite = connection.vendor == "sqlite"
        self.deadlines = _Table(Deadline, DEADLINE_COLUMNS, own_ids=True)
        self.dossiers = _Table(Dossier, DOSSIER_COLUMNS, own_ids=True)
        self.components = _Table(DossierComponent, COMPONENT_COLUMNS, own_ids=False)
        self.events = _Table(DossierEvent, EVENT_COLUMNS, own_ids=False)
        self.supplements = _Table(SupplementRequest, SUPPLEMENT_COLUMNS, own_ids=False)
        self.apologies = _Table(Apology, APOLOGY_COLUMNS, own_ids=False)
        self.changes = _Table(DeadlineChange, CHANGE_COLUMNS, own_ids=False)
        self.access = _Table(DossierAccess, ACCESS_COLUMNS, own_ids=False)
        self.register_entries: dict[int, tuple[int, int]] = {}  # by id() of the story

    def time(self, moment: datetime | None) -> Any:
        """A datetime as Django stores it: SQLite keeps UTC text, PostgreSQL a timestamptz."""
        if moment is None or not self.sqlite:
            return moment
        return str(moment.astimezone(UTC).replace(tzinfo=None))

    def write(self, stories: list[Story]) -> None:
        now = self.time(timezone.now())
        t = self.time
        deadline_count = sum(len(s.deadlines) for s in stories)
        deadline_ids = iter(_reserve_ids(Deadline, deadline_count))
        dossier_ids = _reserve_ids(Dossier, len(stories))
        self.register_entries = _register_entries(stories)
        deadlines: list[Row] = []
        dossiers: list[Row] = []
        components: list[Row] = []
        events: list[Row] = []
        supplements: list[Row] = []
        apologies: list[Row] = []
        changes: list[Row] = []
        access: list[Row] = []
        for story, dossier_id in zip(stories, dossier_ids, strict=True):
            ids: dict[int, int] = {}
            for d in story.deadlines:
                ids[id(d)] = next(deadline_ids)
                deadlines.append(
                    (
                        ids[id(d)],
                        d.owner_type,
                        d.owner_id,
                        d.label,
                        t(d.received_at),
                        t(d.counted_from),
                        d.duration_value,
                        str(d.duration_unit),
                        d.apply_cutoff,
                        json.dumps(d.paused),
                        t(d.effective_start),
                        t(d.due_at),
                        json.dumps(d.explanation),
                        t(d.extended_to),
                        d.extension_reason,
                        d.is_open,
                        None,
                        None,
                        now,
                    )
                )
            for d, previous, new, cause in story.deadline_changes:
                changes.append((ids[id(d)], t(previous), t(new), cause, now))
            dossiers.append(self._dossier(story, dossier_id, ids, now))
            components += [
                (dossier_id, c.id, c.name, c.copy_type, c.quantity, c.shown_only, None, None)
                for c in story.procedure.components
            ]
            for e in story.events:
                events.append(
                    (
                        dossier_id,
                        e.action.value,
                        t(e.at),
                        self.admin_id,
                        self.admin_label,
                        e.from_status,
                        int(e.to_status),
                        str(e.from_stage),
                        str(e.to_stage),
                        e.from_unit_id,
                        e.to_unit_id,
                        e.to_user_id,
                        e.step_order,
                        e.to_step_order,
                        t(e.step_due_at),
                        str(e.timeliness),
                        t(e.due_at),
                        e.note,
                        json.dumps(e.data),
                    )
                )
            active = is_active(story.stage)
            access += [
                (dossier_id, unit_id, active)
                for unit_id in sorted(
                    units_seeing(
                        story.receiving_unit.pk,
                        story.current_unit_id,
                        ((e.from_unit_id, e.to_unit_id) for e in story.events),
                    )
                )
            ]
            supplements += [
                (
                    dossier_id,
                    s.number,
                    json.dumps(s.items),
                    s.reason,
                    t(s.requested_at),
                    self.admin_id,
                    str(s.return_stage),
                    t(s.received_at),
                    s.is_repeat,
                )
                for s in story.supplements
            ]
            apologies += [
                (
                    dossier_id,
                    str(a.kind),
                    a.reason,
                    a.at_fault_unit_id,
                    t(a.previous_due_at),
                    t(a.new_due_at),
                    self.admin_id,
                    t(a.sent_at),
                    a.sent_in_time,
                )
                for a in story.apologies
            ]
        self.deadlines.write(deadlines)
        self.dossiers.write(dossiers)
        self.components.write(components)
        self.events.write(events)
        self.supplements.write(supplements)
        self.apologies.write(apologies)
        self.changes.write(changes)
        self.access.write(access)
        _raise_counters(stories)
        audit_record(
            action="dossier.bulk_import",
            object_type="dossiers.dossier",
            object_id=f"{stories[0].code} … {stories[-1].code}",
            actor=self.context.admin,
            data={
                "dossiers": len(stories),
                "events": len(events),
                "deadlines": len(deadlines),
                "first_code": stories[0].code,
                "last_code": stories[-1].code,
                "note": "Nhập lịch sử mô phỏng (simulate_year --bulk): không ghi nhật ký "
                "từng sự kiện, không gửi thông báo.",
            },
        )

    def _dossier(self, s: Story, dossier_id: int, ids: dict[int, int], now: Any) -> Row:
        t = self.time
        a = s.applicant
        return (
            dossier_id,
            s.code,
            s.procedure.id,
            s.procedure.case_id,
            s.receiving_unit.pk,
            s.channel,
            int(s.status),
            str(s.stage),
            str(a.kind),
            a.full_name,
            a.id_number,
            a.phone,
            a.email,
            a.address,
            a.commune,
            a.province,
            "",
            "",
            "",
            "",
            None,
            t(s.received_at),
            t(s.accepted_at),
            ids[id(s.deadline)] if s.deadline is not None else None,
            t(s.original_due_at),
            s.extension_count,
            s.supplement_count,
            s.step.id if s.step else None,
            s.current_unit_id,
            s.holder_id,
            t(s.step_entered_at),
            ids[id(s.step_deadline)] if s.step_deadline is not None else None,
            s.procedure.fees_due_vnd,
            None,
            False,
            str(s.result_channel),
            s.result_address,
            s.result_file_id,
            t(s.approved_at),
            t(s.finished_at),
            t(s.returned_at),
            t(s.stopped_at),
            s.search_text,
            s.version,
            self.admin_id,
            now,
            now,
            *self.register_entries.get(id(s), (None, None)),
        )


DEADLINE_COLUMNS = [
    "id",
    "owner_type",
    "owner_id",
    "label",
    "received_at",
    "counted_from",
    "duration_value",
    "duration_unit",
    "apply_cutoff",
    "paused",
    "effective_start",
    "due_at",
    "explanation",
    "extended_to",
    "extension_reason",
    "is_open",
    "warned_at",
    "breach_notified_at",
    "updated_at",
]
DOSSIER_COLUMNS = [
    "id",
    "code",
    "procedure_id",
    "case_id",
    "receiving_unit_id",
    "channel",
    "status",
    "stage",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "applicant_commune",
    "applicant_province",
    "representative_name",
    "representative_id_number",
    "representative_phone",
    "representative_document",
    "citizen_id",
    "received_at",
    "accepted_at",
    "deadline_id",
    "original_due_at",
    "extension_count",
    "supplement_count",
    "current_step_id",
    "current_unit_id",
    "current_holder_id",
    "step_entered_at",
    "step_deadline_id",
    "fees_due_vnd",
    "paid_at",
    "paid_online",
    "result_channel",
    "result_address",
    "result_file_id",
    "approved_at",
    "finished_at",
    "returned_at",
    "stopped_at",
    "search_text",
    "version",
    "created_by_id",
    "created_at",
    "updated_at",
    "register_book",
    "register_number",
]
COMPONENT_COLUMNS = [
    "dossier_id",
    "component_id",
    "name",
    "copy_type",
    "quantity",
    "shown_only",
    "file_id",
    "supplement_number",
]
EVENT_COLUMNS = [
    "dossier_id",
    "action",
    "at",
    "actor_id",
    "actor_label",
    "from_status",
    "to_status",
    "from_stage",
    "to_stage",
    "from_unit_id",
    "to_unit_id",
    "to_user_id",
    "step_order",
    "to_step_order",
    "step_due_at",
    "timeliness",
    "due_at",
    "note",
    "data",
]
SUPPLEMENT_COLUMNS = [
    "dossier_id",
    "number",
    "items",
    "reason",
    "requested_at",
    "requested_by_id",
    "return_stage",
    "received_at",
    "is_repeat",
]
APOLOGY_COLUMNS = [
    "dossier_id",
    "kind",
    "reason",
    "at_fault_unit_id",
    "previous_due_at",
    "new_due_at",
    "signed_by_id",
    "sent_at",
    "sent_in_time",
]
CHANGE_COLUMNS = ["deadline_id", "previous_due_at", "new_due_at", "cause", "created_at"]
ACCESS_COLUMNS = ["dossier_id", "unit_id", "active"]


def _register_entries(stories: list[Story]) -> dict[int, tuple[int, int]]:
    """Entries of the accepted stories in their units' yearly registers, as next_register_number
    gives them: one upsert per unit and year reserves the batch's numbers (in a fixed order, so
    parallel workers never collide), given out by acceptance time. By id() of the story."""
    groups: dict[tuple[int, int], list[Story]] = {}
    accepted = [(s.accepted_at, s) for s in stories if s.accepted_at is not None]
    for at, s in sorted(accepted, key=lambda pair: (pair[0], pair[1].code)):
        year = to_local(at).year
        groups.setdefault((s.receiving_unit.pk, year), []).append(s)
    table = connection.ops.quote_name(RegisterCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (unit_id, year, value) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (unit_id, year) DO UPDATE SET value = {table}.value + excluded.value "
        "RETURNING value"
    )
    entries: dict[int, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        for (unit_id, year), group in sorted(groups.items()):
            cursor.execute(sql, [unit_id, year, len(group)])
            last = int(cursor.fetchone()[0])
            for number, s in enumerate(group, start=last - len(group) + 1):
                entries[id(s)] = (year, number)
    return entries


def _raise_counters(stories: list[Story]) -> None:
    """Move each unit's daily counter up to the highest number written, as next_sequence would
    have left it. One upsert per unit and day, in a fixed order, so workers writing neighbouring
    batches (which share a day at their edge) neither collide nor deadlock."""
    highest: dict[tuple[int, date], int] = {}
    for s in stories:
        key = (s.receiving_unit.pk, to_local(s.received_at).date())
        highest[key] = max(highest.get(key, 0), int(s.code.rsplit("-", 1)[1]))
    table = connection.ops.quote_name(DossierCounter._meta.db_table)
    larger = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = (
        f"INSERT INTO {table} (unit_id, day, value) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (unit_id, day) DO UPDATE SET value = {larger}({table}.value, excluded.value)"
    )
    with connection.cursor() as cursor:
        for (unit_id, day), value in sorted(highest.items()):
            cursor.execute(sql, [unit_id, connection.ops.adapt_datefield_value(day), value])


def _write_batch(context: Context, batch: list[tuple[Plan, str]]) -> Summary:
    """Tell each planned dossier's story and write the batch in one transaction."""
    stories = [live(plan, context, code) for plan, code in batch]
    with transaction.atomic():
        _Writer(context).write(stories)
    summary = Summary()
    for story in stories:
        summary.add(story, keep_code=False)
    return summary


# A forked worker finds the parent's context here (read once, before the workers start).
_CONTEXT: Context | None = None


def _write_batch_in_worker(batch: list[tuple[Plan, str]]) -> Summary:
    assert _CONTEXT is not None
    return _write_batch(_CONTEXT, batch)


def _batches(
    context: Context, plans: Iterator[Plan], size: int
) -> Iterator[list[tuple[Plan, str]]]:
    numbering = Numbering()
    coded = ((plan, code_for(plan, context, numbering)) for plan in plans)
    while batch := list(islice(coded, size)):
        yield batch


def simulate_year_bulk(
    *,
    dossiers: int,
    year: int,
    seed: int,
    batch: int = BATCH,
    workers: int = 1,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Write `dossiers` simulated dossiers of `year` directly as rows, `batch` per transaction,
    with `workers` processes writing side by side (1: in this process)."""
    context = load_context(year)
    started = clock.monotonic()
    plans = year_plans(context, dossiers=dossiers, seed=seed)
    summary = Summary()

    def done(part: Summary) -> None:
        summary.merge(part)
        summary.seconds = clock.monotonic() - started
        if progress is not None:
            progress(summary)

    if workers <= 1:
        for part in _batches(context, plans, batch):
            done(_write_batch(context, part))
    else:
        _write_in_workers(context, plans, batch, workers, done)
    _analyze()
    return summary


BULK_MODELS = (
    Deadline,
    Dossier,
    DossierComponent,
    DossierEvent,
    SupplementRequest,
    Apology,
    DeadlineChange,
    DossierAccess,
)


def _analyze() -> None:
    """Fresh planner statistics for the tables written: without them (autovacuum off, or not yet
    run) PostgreSQL reads a million-dossier history by sequential scans, one per batch of the
    refresh, instead of by index. (SQLite's planner takes the index for `IN (…)` without them.)"""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in BULK_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _write_in_workers(
    context: Context,
    plans: Iterator[Plan],
    batch: int,
    workers: int,
    done: Callable[[Summary], None],
) -> None:
    global _CONTEXT
    _CONTEXT = context
    # Forked workers must open their own connections, not share the parent's socket.
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        pending: deque[Any] = deque()
        for part in _batches(context, plans, batch):
            pending.append(pool.apply_async(_write_batch_in_worker, (part,)))
            while len(pending) >= 2 * workers:  # keep memory bounded: a few batches in flight
                done(pending.popleft().get())
        while pending:
            done(pending.popleft().get())
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _CONTEXT = None
