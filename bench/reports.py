"""Biểu II.06a and the 766 index for a province-year of simulated dossiers, through the rollups,
beside a plain SQL GROUP BY over the same dossier rows and DuckDB scanning them.

    .venv/bin/python bench/reports.py [--dossiers 1000000] [--sqlite] [--year 2025] [--workers 2]
                                      [--keep | --reuse motcua_bench_reports_<pid>]

Creates a throw-away database (PostgreSQL `motcua_bench_reports_<pid>`, or a temp SQLite file
with `--sqlite`), migrates it, loads the demo organisation and catalog, writes the year with
`simulate_year --bulk` (printing its rate), rebuilds the rollup (`rollup_refresh --all`,
timed), then times, warm (best of 5 after one warm-up run):
- `ii06a_report` for the year and for its second quarter (the ledger behind Biểu II.06a);
- `index_766` for the year (the 766 rollups and the scheme's formulas);
against
- a plain SQL GROUP BY over the dossier rows giving the II.06a counts SQL can express (received
  online / direct, carried over, settled early / on time / late, withdrawn, refused, open in time
  / overdue, per field) and, for the 766 row, the per-procedure counts its formulas read;
- DuckDB running the same queries over the same rows exported once to Parquet (its PostgreSQL
  and SQLite scanners are extensions it downloads, which this machine cannot), when the `duckdb`
  package is installed (`pip install -e '.[bench]'`).
Ratios are "how many times longer than through the rollups". Everything it made is removed at
the end, unless `--keep` (PostgreSQL: the database stays, for `--reuse`). `--reuse NAME` skips the
generation and measures an existing database from `--keep` (same `--year`), which it keeps.
"""

import argparse
import csv
import importlib
import io
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from _scratch import scratch_database

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
ROUNDS = 5
GOAL_SECONDS = 1.0  # through the rollups, at 1 million dossiers


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Warm-up run, then the best of ROUNDS runs (seconds) and the last result."""
    result = fn()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def n(value: float) -> str:
    return f"{value:,.0f}"


# --- the plain SQL --------------------------------------------------------------------------

# One row per dossier accepted before the window's end and not ended before its start, with its
# end, whether it ended with a result, and the due time it is judged against (the one before an
# apology moved it, as dossiers.timeliness does by default).
ROWS = """
WITH x AS (
  SELECT d.procedure_id, d.channel, d.status, d.accepted_at, d.supplement_count,
         d.result_file_id, d.paid_online,
         COALESCE(d.finished_at, d.returned_at, d.stopped_at) AS ended,
         CASE WHEN d.finished_at IS NOT NULL OR d.returned_at IS NOT NULL THEN 1 ELSE 0 END
           AS result,
         COALESCE(a.previous_due_at, l.due_at) AS due
  FROM {dossier} d
  LEFT JOIN {deadline} l ON l.id = d.deadline_id
  LEFT JOIN (SELECT dossier_id, MIN(previous_due_at) AS previous_due_at FROM {apology}
             GROUP BY dossier_id) a ON a.dossier_id = d.id
  WHERE d.accepted_at IS NOT NULL AND d.accepted_at < {end}
    AND (COALESCE(d.finished_at, d.returned_at, d.stopped_at) IS NULL
         OR COALESCE(d.finished_at, d.returned_at, d.stopped_at) >= {start})
), y AS (
  SELECT x.*,
         CASE WHEN x.ended >= {start} AND x.ended < {end} THEN 1 ELSE 0 END AS ends_in,
         CASE WHEN x.ended > x.due OR x.supplement_count > 1 THEN 1 ELSE 0 END AS late,
         CASE WHEN {ended_day} < {due_day} THEN 1 ELSE 0 END AS before_day
  FROM x
)
"""

II06A = (
    ROWS
    + """
SELECT p.field_id,
  SUM(CASE WHEN y.accepted_at >= {start} AND y.channel = 2 THEN 1 ELSE 0 END) AS online,
  SUM(CASE WHEN y.accepted_at >= {start} AND y.channel <> 2 THEN 1 ELSE 0 END) AS direct,
  SUM(CASE WHEN y.accepted_at < {start} THEN 1 ELSE 0 END) AS carried,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 1 AND y.late = 0 AND y.before_day = 1
      THEN 1 ELSE 0 END) AS early,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 1 AND y.late = 0 AND y.before_day = 0
      THEN 1 ELSE 0 END) AS on_time,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 1 AND y.late = 1 THEN 1 ELSE 0 END) AS late,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 0 AND y.status = 8 THEN 1 ELSE 0 END) AS withdrawn,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 0 AND y.status = 3 THEN 1 ELSE 0 END) AS refused,
  SUM(CASE WHEN y.ends_in = 0 AND NOT (y.due < {end} OR y.supplement_count > 1)
      THEN 1 ELSE 0 END) AS open_in_time,
  SUM(CASE WHEN y.ends_in = 0 AND (y.due < {end} OR y.supplement_count > 1)
      THEN 1 ELSE 0 END) AS open_overdue
FROM y JOIN {procedure} p ON p.id = y.procedure_id
GROUP BY p.field_id
"""
)

INDEX766 = (
    ROWS
    + """
SELECT y.procedure_id,
  SUM(CASE WHEN y.accepted_at >= {start} THEN 1 ELSE 0 END) AS accepted,
  SUM(CASE WHEN y.accepted_at >= {start} AND y.channel = 2 THEN 1 ELSE 0 END) AS online,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 1 THEN 1 ELSE 0 END) AS settled,
  SUM(CASE WHEN y.ends_in = 1 AND y.result = 1 AND y.late = 0 THEN 1 ELSE 0 END) AS in_time,
  SUM(CASE WHEN y.ends_in = 0 AND NOT (y.due < {end} OR y.supplement_count > 1)
      THEN 1 ELSE 0 END) AS open_in_time,
  SUM(CASE WHEN y.ends_in = 1 AND y.result_file_id IS NOT NULL THEN 1 ELSE 0 END) AS e_results,
  SUM(CASE WHEN y.accepted_at >= {start} AND y.paid_online THEN 1 ELSE 0 END) AS paid_online
FROM y
GROUP BY y.procedure_id
"""
)

COLUMNS = [
    *("online", "direct", "carried", "early", "on_time", "late"),
    *("withdrawn", "refused", "open_in_time", "open_overdue"),
]


def local_day(vendor: str, column: str) -> str:
    """The Vietnam calendar day of a stored UTC moment (UTC+7 all year since 1975)."""
    if vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    if vendor == "sqlite":
        return f"date({column}, '+7 hours')"
    return f"CAST({column} + INTERVAL 7 HOUR AS DATE)"  # DuckDB, naive UTC timestamps


def sql_for(template: str, vendor: str, tables: dict[str, str], start: str, end: str) -> str:
    return template.format(
        start=start,
        end=end,
        ended_day=local_day(vendor, "x.ended"),
        due_day=local_day(vendor, "x.due"),
        **tables,
    )


def window(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) moments of the days first … last in Vietnam time."""
    from motcua.core.localtime import VN_TZ

    start = datetime.combine(first, clock_time(0), tzinfo=VN_TZ)
    return start, datetime.combine(last + timedelta(days=1), clock_time(0), tzinfo=VN_TZ)


def db_query(template: str, first: date, last: date) -> list[tuple[Any, ...]]:
    from django.db import connection

    tables = {
        "dossier": "dossiers_dossier",
        "deadline": "workdays_deadline",
        "apology": "dossiers_apology",
        "procedure": "catalog_procedure",
    }
    sql = sql_for(template, connection.vendor, tables, "%(start)s", "%(end)s")
    start, end = window(first, last)
    params = {
        "start": connection.ops.adapt_datetimefield_value(start),
        "end": connection.ops.adapt_datetimefield_value(end),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- DuckDB over Parquet --------------------------------------------------------------------

EXPORTS = {
    "dossier": "SELECT id, procedure_id, channel, status, accepted_at, supplement_count, "
    "result_file_id, paid_online, finished_at, returned_at, stopped_at, deadline_id "
    "FROM dossiers_dossier",
    "deadline": "SELECT id, due_at FROM workdays_deadline WHERE owner_type = 'dossier'",
    "apology": "SELECT dossier_id, previous_due_at FROM dossiers_apology",
    "procedure": "SELECT id, field_id FROM catalog_procedure",
}


def utc_text(value: Any) -> Any:
    """Stored moments as naive UTC text, whichever database they came from."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, bool):
        return int(value)
    return value


def export_parquet(duckdb: Any, folder: Path) -> dict[str, str]:
    """Each table once to CSV through the database driver, then to Parquet by DuckDB."""
    from django.db import connection

    tables = {}
    for name, sql in EXPORTS.items():
        csv_path, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
        with connection.cursor() as cursor, csv_path.open("w", newline="") as out:
            cursor.execute(sql)
            writer = csv.writer(out)
            writer.writerow([c[0] for c in cursor.description])
            while rows := cursor.fetchmany(20000):
                writer.writerows([utc_text(v) for v in row] for row in rows)
        duckdb.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, auto_detect = true)) "
            f"TO '{parquet}' (FORMAT parquet)"
        )
        csv_path.unlink()
        tables[name] = f"read_parquet('{parquet}')"
    return tables


def duck_query(
    duckdb: Any, tables: dict[str, str], template: str, first: date, last: date
) -> list[tuple[Any, ...]]:
    start, end = (f"TIMESTAMP '{utc_text(m)}'" for m in window(first, last))
    rows: list[tuple[Any, ...]] = duckdb.execute(
        sql_for(template, "duckdb", tables, start, end)
    ).fetchall()
    return rows


# --- the run --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=2, help="simulate_year --bulk workers")
    parser.add_argument("--sqlite", action="store_true", help="temp SQLite file, not PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep the database")
    parser.add_argument("--reuse", metavar="DATABASE", help="measure a kept database again")
    args = parser.parse_args()
    if args.reuse and args.sqlite:
        parser.error("--reuse is for a kept PostgreSQL database")

    # A stop (kill, end of session) still drops the scratch database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scratch = Path(tempfile.mkdtemp(prefix="motcua-bench-reports-"))
    database = args.reuse or f"motcua_bench_reports_{os.getpid()}"
    os.environ.setdefault("PGHOST", HOST)
    os.environ.setdefault("PGUSER", "postgres")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        MOTCUA_VAR_DIR=str(scratch),
        DATABASE_URL=f"sqlite:///{scratch / 'bench.sqlite3'}"
        if args.sqlite
        else f"postgres://{os.environ['PGUSER']}@{HOST}:{os.environ.get('PGPORT', '5432')}/"
        f"{database}",
    )
    sys.path.insert(0, str(ROOT))
    with scratch_database(
        database, create=not args.sqlite and not args.reuse, keep=args.keep, scratch=scratch
    ):
        return run(args, scratch)


def generate(args: argparse.Namespace, where: str) -> None:
    """A fresh database: the schema, the demo organisation and catalog, then the year in bulk."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    print(
        f"{where}: simulate_year --bulk --dossiers {args.dossiers} --year {args.year} "
        f"--seed {args.seed} --workers {args.workers}"
    )
    started = time.perf_counter()
    call_command(
        "simulate_year",
        bulk=True,
        dossiers=args.dossiers,
        year=args.year,
        seed=args.seed,
        workers=args.workers,
        no_refresh=True,
        stdout=sys.stdout,
    )
    took = time.perf_counter() - started
    print(
        f"bulk generation: {n(args.dossiers)} dossiers in {took:.0f} s = "
        f"{n(args.dossiers / took)} dossiers/s"
    )


def run(args: argparse.Namespace, scratch: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connection

    where = (
        "SQLite (temp file, WAL)"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}"
    )
    if not args.reuse:
        generate(args, where)
    counts = {}
    with connection.cursor() as cursor:
        for table in ("dossiers_dossier", "dossiers_dossierevent", "workdays_deadline"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
            print(f"  {table}: {n(counts[table])} rows")
    at_scale = counts["dossiers_dossier"] >= 1_000_000

    known = get_commands()
    for name in ("rollup_refresh",):
        if name not in known:
            print(f"{name}: not in this installation, skipped")
            continue
        started = time.perf_counter()
        call_command(name, all=True, stdout=io.StringIO())
        print(f"{name} --all: {time.perf_counter() - started:.0f} s")

    rows = measure(args.year, scratch)
    print()
    print(f"{'measure':<28} {'rollups':>10} {'SQL GROUP BY':>13} {'×':>6} {'DuckDB':>9} {'×':>6}")
    verdict = 0
    for label, ours, sql, duck in rows:
        line = f"{label:<28} "
        line += f"{ours * 1000:>7.1f} ms" if ours is not None else f"{'—':>10}"
        line += f" {sql * 1000:>10.1f} ms"
        line += f" {sql / ours:>5.1f}×" if ours else f" {'':>6}"
        if duck is not None:
            line += f" {duck * 1000:>6.1f} ms"
            line += f" {duck / ours:>5.1f}×" if ours else ""
        print(line)
        if ours is not None and ours > GOAL_SECONDS and at_scale:
            verdict = 1
    if any(ours is not None for _, ours, _, _ in rows) and at_scale:
        print(
            f"goal: under {GOAL_SECONDS:.0f} s through the rollups at 1 million: "
            f"{'met' if not verdict else 'NOT met'}"
        )
    return 0


def measure(year: int, scratch: Path) -> list[tuple[str, float | None, float, float | None]]:
    """(label, through the rollups, plain SQL, DuckDB) in seconds; None when absent."""
    from django.utils import timezone

    report: Callable[..., Any] | None = None
    index: Callable[..., Any] | None = None
    duckdb_module: Any = None
    try:
        from motcua.reports.ii06a import ii06a_report
        from motcua.reports.periods import period_of

        report = ii06a_report
    except ImportError:
        print("II.06a: motcua.reports.ii06a is not in this installation; its rows are skipped")
    try:
        from motcua.metrics.selectors import index_766, unit_scope

        index = index_766
    except ImportError:
        print("766: motcua.metrics.selectors.index_766 is not in this installation; skipped")
    try:
        duckdb_module = importlib.import_module("duckdb")  # an optional extra: absent in CI
    except ImportError:
        print("DuckDB: the duckdb package is not installed (pip install -e '.[bench]'); skipped")

    windows: list[tuple[str, date, date, Any]]
    if report is not None:
        periods = [
            ("II.06a, năm", period_of("nam", year)),
            ("II.06a, quý 2", period_of("quy", year, 2)),
        ]
        windows = [(label, p.first, p.last, p) for label, p in periods]
    else:
        windows = [
            ("II.06a, năm", date(year, 1, 1), date(year, 12, 31), None),
            ("II.06a, quý 2", date(year, 4, 1), date(year, 6, 30), None),
        ]
    duck, tables = None, {}
    if duckdb_module is not None:
        duck = duckdb_module.connect()
        started = time.perf_counter()
        tables = export_parquet(duck, scratch)
        print(f"DuckDB: tables exported once to Parquet in {time.perf_counter() - started:.0f} s")

    results: list[tuple[str, float | None, float, float | None]] = []
    for label, first, last, period in windows:
        label = f"{label} {first:%d/%m}–{last:%d/%m/%Y}"
        ours = None
        if period is not None and report is not None:
            ours, built = best(lambda period=period: report(period=period))  # type: ignore[misc]
            total = built.total
            print(
                f"{label}: report total received {total.col(3)}, settled {total.col(7)}, "
                f"open {total.col(11)}; warnings: {'; '.join(built.warnings) or 'none'}"
            )
        sql, rows = best(lambda first=first, last=last: db_query(II06A, first, last))  # type: ignore[misc]
        sums = [sum(r[i + 1] or 0 for r in rows) for i in range(len(COLUMNS))]
        print(f"{label}: SQL " + ", ".join(f"{c} {v}" for c, v in zip(COLUMNS, sums, strict=True)))
        duck_time = None
        if duck is not None:
            duck_time, duck_rows = best(
                lambda first=first, last=last: duck_query(duck, tables, II06A, first, last)  # type: ignore[misc]
            )
            if sorted(map(tuple, duck_rows), key=str) != sorted(map(tuple, rows), key=str):
                print(f"{label}: DuckDB's counts differ from the database's")
        results.append((label, ours, sql, duck_time))

    first, last = date(year, 1, 1), min(date(year, 12, 31), timezone.localdate())
    label = f"766, năm {year}"
    ours = None
    if index is not None:
        scope = unit_scope(None)
        ours, result = best(lambda: index(first=first, last=last, scope=scope))
        if result is None:
            print("766: no index scheme configured; timed the inputs only")
    sql, _ = best(lambda: db_query(INDEX766, first, last))
    duck_time = None
    if duck is not None:
        duck_time, _ = best(lambda: duck_query(duck, tables, INDEX766, first, last))
    results.append((label, ours, sql, duck_time))
    return results


if __name__ == "__main__":
    sys.exit(main())
