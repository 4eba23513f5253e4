"""Officers' inboxes at a province's size: one officer's pages, many officers clicking, and the
plans of the main queries, on PostgreSQL.

    .venv/bin/python bench/inbox.py [--dossiers 100000] [--history-years 0] [--officers 20]
                                    [--seconds 60] [--workers 3]
                                    [--keep | --reuse motcua_bench_inbox_<pid>]

Creates a throw-away PostgreSQL database (`motcua_bench_inbox_<pid>`), migrates it, loads the
demo organisation and catalog and writes this year so far with `simulate_year --bulk` (dossiers
received from 1 January until now, so the recent ones are still open, as on a working day).
`--history-years K` then adds K earlier years of settled history: the year's returned, refused
and stopped dossiers, with their deadlines, components, history events and visibility rows,
copied K times, each copy moved back one more year (the way a province's database grows: the
history piles up, the day's work does not). `--dossiers 100000 --history-years 9` makes about a
million dossiers. With `--reuse NAME` the kept database is measured again (after adding
`--history-years` more years to it, if given).

It then serves the database with gunicorn (`--workers` sync workers) on a free loopback port
and measures, through HTTP:
1. one officer at a time: every inbox tab of the officer's page (/can-bo/?hop=…) and page 1 of
   GET /api/v1/dossiers, for each demo officer: the median of 5 after a warm-up, and the slowest;
2. `--officers` simulated officers (the demo staff in turn), each clicking every 1–3 s (uniform)
   on GET /api/v1/dossiers or on an inbox tab, for `--seconds`: p50, p95 and the slowest;
and prints EXPLAIN (ANALYZE, BUFFERS) of the main queries for the specialist and the desk: the
inbox counts, an inbox page, the API page and its count. Targets: any inbox page ≤ 100 ms for
one officer; p95 ≤ 200 ms for 20 officers; 100,000 vs 1,000,000 dossiers within 1.5×.
Everything it made is removed at the end, unless `--keep` (or `--reuse`).
"""

import argparse
import io
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from _scratch import scratch_database
from intake import HOST, free_port, percentile, request, server

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = (
    "tiepnhan",
    "chuyenvien",
    "truongphong",
    "giamdoc",
    "vanthu",
    "chuyenviengdpt",
    "truongphonggdpt",
)
TABS: tuple[str, ...] = ("mine", "unit", "reception", "due_soon", "overdue", "supplement")
TABS += ("signature", "result_ready")
ROUNDS = 5
PAGE_GOAL_MS = 100
P95_GOAL_MS = 200


def n(value: float) -> str:
    return f"{value:,.0f}"


# --- the data ------------------------------------------------------------------------------


def generate(dossiers: int, workers: int) -> None:
    """Schema, demo organisation and catalog, then this year so far in bulk."""
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    year = timezone.localdate().year
    print(f"simulate_year --bulk --dossiers {dossiers} --year {year} --workers {workers}")
    started = time.perf_counter()
    call_command(
        "simulate_year",
        bulk=True,
        dossiers=dossiers,
        year=year,
        seed=year,
        workers=workers,
        no_refresh=True,
        stdout=io.StringIO(),
    )
    took = time.perf_counter() - started
    print(f"  {n(dossiers)} dossiers in {took:.0f} s = {n(dossiers / took)} dossiers/s")


SETTLED = "stage IN ('returned', 'refused', 'stopped')"


def add_history(years: int) -> None:
    """`years` earlier years: copies of the settled dossiers written so far, with their rows,
    each moved back by whole years (PostgreSQL; once per database)."""
    from django.db import connection, models

    from motcua.dossiers.models import (
        Apology,
        Dossier,
        DossierAccess,
        DossierComponent,
        DossierEvent,
        SupplementRequest,
    )
    from motcua.workdays.models import Deadline

    copied: tuple[type[models.Model], ...] = (Deadline, Dossier, DossierAccess, DossierComponent)
    copied += (DossierEvent, SupplementRequest, Apology)
    with connection.cursor() as cursor:
        spans = {}
        for model in copied:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
            spans[model] = cursor.fetchone()[0]
        first_year = f"id < {spans[Dossier]} AND {SETTLED}"
        cursor.execute(f"SELECT count(*) FROM dossiers_dossier WHERE {first_year}")
        print(f"history: {years} × {n(cursor.fetchone()[0])} settled dossiers, moved back by years")
        cursor.execute("SELECT count(*) FROM dossiers_dossier WHERE code LIKE '%%/%%'")
        if cursor.fetchone()[0]:
            raise SystemExit("this database already has copied history; start from a new one")
        started = time.perf_counter()
        # The rows to copy, listed once (a plain IN over the growing tables plans badly).
        cursor.execute(
            "CREATE TEMP TABLE bench_dossiers AS SELECT id, deadline_id, step_deadline_id "
            f"FROM dossiers_dossier WHERE {first_year}"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_deadlines AS SELECT deadline_id AS id FROM bench_dossiers "
            "WHERE deadline_id IS NOT NULL UNION SELECT step_deadline_id FROM bench_dossiers "
            "WHERE step_deadline_id IS NOT NULL"
        )
        for temp in ("bench_dossiers", "bench_deadlines"):
            cursor.execute(f"CREATE UNIQUE INDEX ON {temp} (id)")
            cursor.execute(f"ANALYZE {temp}")
        where = {
            Dossier: "id IN (SELECT id FROM bench_dossiers)",
            Deadline: "id IN (SELECT id FROM bench_deadlines)",
        }
        for k in range(1, years + 1):  # copy k takes ids [k × span, (k + 1) × span)
            offsets = {m: k * spans[m] for m in copied}
            for model in copied:
                columns, values = [], []
                for f in model._meta.concrete_fields:
                    column = str(f.column)
                    columns.append(column)
                    if f.primary_key:
                        values.append(f"{column} + {offsets[model]}")
                    elif f.is_relation and f.related_model in offsets:
                        values.append(f"{column} + {offsets[f.related_model]}")
                    elif isinstance(f, models.DateTimeField):
                        values.append(f"{column} - interval '{k} years'")
                    elif model is Dossier and f.name == "code":
                        values.append(f"{column} || '/{k}'")  # unique, marks a copy
                    else:
                        values.append(column)
                table = model._meta.db_table
                condition = where.get(model, "dossier_id IN (SELECT id FROM bench_dossiers)")
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(values)} FROM {table} WHERE {condition}"
                )
            print(f"  year −{k} copied ({time.perf_counter() - started:.0f} s)")
        for model in copied:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )


def settle() -> None:
    """VACUUM ANALYZE the tables the pages read, as autovacuum leaves them in steady use (a
    freshly bulk-written table has no visibility map: index-only scans would visit the heap)."""
    from django.db import connection

    tables = "dossiers_dossier, dossiers_dossieraccess, dossiers_dossierevent, workdays_deadline"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {tables}")
    print(f"VACUUM ANALYZE {tables}: {time.perf_counter() - started:.0f} s")


def describe() -> None:
    from django.db import connection

    queries = {
        "dossiers": "SELECT count(*) FROM dossiers_dossier",
        "active (not returned, refused, stopped)": "SELECT count(*) FROM dossiers_dossier "
        "WHERE stage NOT IN ('returned', 'refused', 'stopped')",
        "history events": "SELECT count(*) FROM dossiers_dossierevent",
        "visibility rows": "SELECT count(*) FROM dossiers_dossieraccess",
        "active visibility rows": "SELECT count(*) FROM dossiers_dossieraccess WHERE active",
    }
    with connection.cursor() as cursor:
        for label, sql in queries.items():
            cursor.execute(sql)
            print(f"  {label}: {n(cursor.fetchone()[0])}")


# --- who clicks ----------------------------------------------------------------------------


def credentials() -> dict[str, tuple[str, str]]:
    """A signed-in session cookie and an API token for each officer."""
    from django.conf import settings
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.api.auth import token_issue

    found = {}
    for username in OFFICERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        found[username] = (cookie, token_issue(user)[0])
    return found


def page(port: int, who: tuple[str, str], tab: str | None, conn: Any = None) -> tuple[int, float]:
    """One click: an inbox tab, or page 1 of the API list when `tab` is None; (status, seconds)."""
    cookie, token = who
    if tab is None:
        path, headers = "/api/v1/dossiers", {"Authorization": f"Bearer {token}"}
    else:
        path, headers = f"/can-bo/?hop={tab}", {"Cookie": cookie}
    started = time.perf_counter()
    status, _ = request(port, "GET", path, None, headers, conn)
    return status, time.perf_counter() - started


def one_officer(port: int, people: dict[str, tuple[str, str]]) -> float:
    """Every page for every officer alone: median of ROUNDS after a warm-up; the slowest (ms)."""
    print()
    print(f"one officer at a time (median of {ROUNDS}, ms):")
    print(f"{'officer':<16} " + " ".join(f"{t[:9]:>9}" for t in TABS) + f" {'API list':>9}")
    slowest = 0.0
    for username, who in people.items():
        cells = []
        for tab in (*TABS, None):
            page(port, who, tab)
            times = []
            for _ in range(ROUNDS):
                status, took = page(port, who, tab)
                if status != 200:
                    raise RuntimeError(f"{username} {tab}: HTTP {status}")
                times.append(took * 1000)
            cells.append(statistics.median(times))
        slowest = max(slowest, *cells)
        print(f"{username:<16} " + " ".join(f"{c:>9.1f}" for c in cells))
    verdict = "met" if slowest <= PAGE_GOAL_MS else "NOT met"
    print(f"slowest page for one officer: {slowest:.1f} ms (goal ≤ {PAGE_GOAL_MS} ms: {verdict})")
    return slowest


def many_officers(
    port: int, people: dict[str, tuple[str, str]], officers: int, seconds: float
) -> dict[str, list[float]]:
    """`officers` threads, each an officer (the staff in turn) clicking every 1–3 s until
    `seconds` have passed; latencies by kind (seconds)."""
    found: dict[str, list[float]] = {"api": [], "page": []}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    names = list(people)

    def officer(i: int) -> None:
        rng = random.Random(i)
        who = people[names[i % len(names)]]
        for _ in range(int(seconds) + 1):  # bounded: at most one click a second
            time.sleep(rng.uniform(1.0, 3.0))
            if time.monotonic() >= stop_at:
                return
            tab = None if rng.random() < 0.5 else rng.choice(TABS)
            try:
                status, took = page(port, who, tab)
            except OSError as exc:
                status, took = 0, 0.0
                errors.append(repr(exc))
            with lock:
                if status == 200:
                    found["api" if tab is None else "page"].append(took)
                else:
                    errors.append(f"{tab or 'api'}: HTTP {status}")

    threads = [threading.Thread(target=officer, args=(i,)) for i in range(officers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print()
    print(f"{officers} officers clicking every 1–3 s for {seconds:.0f} s:")
    every = found["api"] + found["page"]
    for label, values in (
        ("GET /api/v1/dossiers", found["api"]),
        ("inbox page", found["page"]),
        ("all", every),
    ):
        if values:
            print(
                f"  {label:<22} {len(values):>5} clicks: p50 {percentile(values, 50) * 1000:.0f} "
                f"ms, p95 {percentile(values, 95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
            )
    if every:
        p95 = percentile(every, 95) * 1000
        verdict = "met" if p95 <= P95_GOAL_MS else "NOT met"
        print(f"  p95 of all clicks: {p95:.0f} ms (goal ≤ {P95_GOAL_MS} ms: {verdict})")
    if errors:
        print(f"  {len(errors)} errors, first: {errors[:3]}")
    return found


# --- the plans -----------------------------------------------------------------------------


def explain(label: str, fn: Callable[[], Any]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every dossier query `fn` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    for query in captured.captured_queries:
        sql = query["sql"]
        if "dossiers_dossier" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n    ".join(row[0] for row in cursor.fetchall())
        print(f"\n--- {label}\n    {sql[:600]}{' …' if len(sql) > 600 else ''}\n    {plan}")


def plans() -> None:
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.core.paging import CappedPaginator
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.selectors import (
        dossiers_filtered,
        dossiers_visible_to,
        inbox,
        inbox_counts,
    )

    now = timezone.now()
    print("\nEXPLAIN of the main queries:")
    for username in ("chuyenvien", "tiepnhan"):
        user = User.objects.get(username=username)
        explain(f"{username}: the eight inbox counts", partial(inbox_counts, user, now))

        def unit_page(u: User = user) -> list[Dossier]:
            return list(inbox(u, "unit", now).order_by("deadline__due_at", "received_at")[:25])

        explain(f"{username}: inbox «unit», page 1", unit_page)

        def api_page(u: User = user) -> None:
            paginator: CappedPaginator[Dossier] = CappedPaginator(
                dossiers_filtered(dossiers_visible_to(u)), 20
            )
            list(paginator.get_page(1).object_list)

        explain(f"{username}: GET /api/v1/dossiers, page 1 and its count", api_page)


# --- the run -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=100_000, help="this year so far")
    parser.add_argument("--history-years", type=int, default=0, help="earlier settled years")
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--bulk-workers", type=int, default=2, help="simulate_year --workers")
    parser.add_argument("--keep", action="store_true", help="keep the database for --reuse")
    parser.add_argument("--reuse", metavar="DATABASE", help="measure a kept database again")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stop still drops the database
    scratch = Path(tempfile.mkdtemp(prefix="motcua-bench-inbox-"))
    database = args.reuse or f"motcua_bench_inbox_{os.getpid()}"
    os.environ.setdefault("PGHOST", HOST)
    os.environ.setdefault("PGUSER", "postgres")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "MOTCUA_VAR_DIR": str(scratch),
        "DATABASE_URL": f"postgres://{os.environ['PGUSER']}@{HOST}:"
        f"{os.environ.get('PGPORT', '5432')}/{database}",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    with scratch_database(database, create=not args.reuse, keep=args.keep, scratch=scratch):
        return run(args, scratch)


def run(args: argparse.Namespace, scratch: Path) -> int:
    import django

    django.setup()
    from django.db import connection

    version = connection.cursor().connection.info.server_version // 10000
    print(f"PostgreSQL {version}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if not args.reuse:
        generate(args.dossiers, args.bulk_workers)
    if args.history_years:
        add_history(args.history_years)
    if not args.reuse or args.history_years:
        settle()
    describe()
    people = credentials()
    connection.close()
    port = free_port()
    with server(
        {**os.environ}, port, args.workers, 1, "config.wsgi:application", scratch / "server.log"
    ) as (name, _pid):
        print(f"server: {name}, http://{HOST}:{port}")
        one_officer(port, people)
        many_officers(port, people, args.officers, args.seconds)
    plans()
    return 0


if __name__ == "__main__":
    sys.exit(main())
