"""Counter intake through the HTTP API under concurrent clients, against pgbench on the same box.

    .venv/bin/python bench/intake.py [--clients 8] [--seconds 20] [--workers 3] [--sqlite]

Creates a throw-away database (PostgreSQL `motcua_bench_<pid>`, or a temp SQLite file with
`--sqlite`), migrates it, loads the demo data and serves it with gunicorn (or `runserver
--noreload` when gunicorn is absent) on a free loopback port. `--clients` threads then post
`POST /api/v1/dossiers` (counter channel, procedure 3.000466, one Idempotency-Key each) for
`--seconds`; each intake writes the dossier, its receipt (code, due time), the first step, an
audit row and an outbox row. Afterwards it checks the data, runs pgbench TPC-B (`-i -s 10`,
`-c 8 -j 2 -T 20`) on its own scratch database and prints intakes/s, p50/p95, pgbench tps and
their ratio. Every database, process and file it made is removed at the end.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"  # loopback only: this benchmark never talks to another machine
PROCEDURE = "3.000466"  # Chỉnh sửa nội dung văn bằng, chứng chỉ (demo catalog)
GOAL = 0.2  # intakes/s per pgbench TPC-B transaction/s


@dataclass
class Cpu:
    """CPU seconds spent during the timed run: server processes, database backends, client."""

    app: float = 0.0
    database: float = 0.0
    client: float = 0.0


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run(*cmd: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def psql(sql: str, database: str = "postgres") -> str:
    return run("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql)


def cpu_of(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process still alive (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return found


def process_tree(root: int) -> list[int]:
    """`root` and its children (gunicorn's master and workers)."""
    pids = [root]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rpartition(")")[2].split()[1]) == root:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def backends(database: str | None) -> list[int]:
    """The server processes of the app's PostgreSQL connections (none for SQLite)."""
    if database is None:
        return []
    rows = psql(
        "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' "
        f"AND datname = '{database}' AND pid <> pg_backend_pid()"
    )
    return [int(pid) for pid in rows.split()]


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def request(
    port: int,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, dict[str, Any]]:
    """One request; on `conn` (kept open for the next one) when given, else on a new connection.
    A kept connection the server has closed meanwhile is reopened once: the request is resent
    with the same headers, so an intake's Idempotency-Key makes the resend safe."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=60)
    payload = json.dumps(body).encode() if body is not None else None
    sent = {"Content-Type": "application/json", **(headers or {})}
    try:
        for attempt in (1, 2):
            try:
                conn.request(method, path, payload, sent)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                if own or attempt == 2:
                    raise
        if response.will_close:
            conn.close()  # reopened by the next request
        try:
            return response.status, json.loads(data) if data else {}
        except ValueError:  # an HTML error page
            return response.status, {"detail": data[:300].decode(errors="replace")}
    finally:
        if own:
            conn.close()


@contextmanager
def server(
    env: dict[str, str], port: int, workers: int, threads: int, wsgi: str, log: Path
) -> Iterator[tuple[str, int]]:
    """Serve the project on HOST:port until the block ends; yields its name and process id.
    `threads` > 1: gunicorn's gthread worker, which keeps client connections open."""
    gunicorn = Path(PYTHON).with_name("gunicorn")
    if gunicorn.exists():
        cmd = [
            str(gunicorn),
            wsgi,
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        if threads > 1:
            cmd += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "5"]
            name = f"gunicorn {wsgi}, {workers} gthread workers × {threads} threads"
        else:
            name = f"gunicorn {wsgi}, {workers} sync workers"
    else:
        cmd = [PYTHON, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"]
        name = "manage.py runserver --noreload (gunicorn not installed)"
    with log.open("w") as out:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()[-2000:]}")
            try:
                if request(port, "GET", "/api/v1/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer in 60 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield name, process.pid
    finally:
        # The whole process group: gunicorn's master and its workers, started by us.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def token(port: int) -> str:
    status, body = request(
        port, "POST", "/api/v1/auth/token", {"username": "tiepnhan", "password": "Demo@2026"}
    )
    if status != 200:
        raise RuntimeError(f"token: {status} {body}")
    return str(body["token"])


def intake_body(n: int) -> dict[str, Any]:
    return {
        "procedure_code": PROCEDURE,
        "channel": 1,
        "applicant": {
            "full_name": f"Nguyễn Văn Thử {n}",
            "id_number": f"{1090000000 + n:012d}",
            "phone": "0912345678",
            "address": "Số 1 Tràng Tiền, Hoàn Kiếm",
        },
    }


def client(
    port: int,
    bearer: str,
    stop_at: float,
    limit: int | None,
    numbers: Iterator[int],
    results: Results,
) -> None:
    headers = {"Authorization": f"Bearer {bearer}"}
    # One connection per client thread for all its requests, as an integrating system would
    # keep it (a sync gunicorn worker closes it after each answer; it is then reopened).
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        post(conn, bearer, stop_at, limit, numbers, results, headers)
    finally:
        conn.close()


def post(
    conn: http.client.HTTPConnection,
    bearer: str,
    stop_at: float,
    limit: int | None,
    numbers: Iterator[int],
    results: Results,
    headers: dict[str, str],
) -> None:
    while time.monotonic() < stop_at:
        with results.lock:
            n = next(numbers)
            if limit is not None and n >= limit:
                return
        started = time.perf_counter()
        try:
            status, body = request(
                0,
                "POST",
                "/api/v1/dossiers",
                intake_body(n),
                {**headers, "Idempotency-Key": str(uuid.uuid4())},
                conn,
            )
        except OSError as exc:
            status, body = 0, {"detail": repr(exc)}
        took = time.perf_counter() - started
        with results.lock:
            if status == 201:
                results.latencies.append(took)
                results.codes.append(body["code"])
            else:
                results.errors.append(f"{status} {body}")


def drive(
    port: int,
    clients: int,
    seconds: float,
    count: int | None,
    results: Results,
    server_pid: int,
    database: str | None,
    cpu: Cpu,
) -> float:
    bearers = [token(port) for _ in range(clients)]
    numbers = iter(range(10**9))
    # Warm every worker's imports and DB connection; these intakes are checked but not timed.
    warm = Results()
    client(port, bearers[0], time.monotonic() + 60, 2 * clients, numbers, warm)
    results.codes.extend(warm.codes)
    results.errors.extend(warm.errors)
    stop_at = time.monotonic() + (seconds if count is None else 3600)
    limit = None if count is None else 2 * clients + count
    threads = [
        threading.Thread(target=client, args=(port, b, stop_at, limit, numbers, results))
        for b in bearers
    ]
    app = cpu_of(process_tree(server_pid))
    db = cpu_of(backends(database))
    client_cpu = time.process_time()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu.client = time.process_time() - client_cpu
    cpu.app = spent(app, cpu_of(process_tree(server_pid)))
    cpu.database = spent(db, cpu_of(backends(database)))
    return elapsed


# After the run: what the database holds, in the order `problems` takes it.
COUNTS = (
    "SELECT count(*) FROM dossiers_dossier",
    "SELECT count(DISTINCT code) FROM dossiers_dossier",
    "SELECT count(*) FROM dossiers_dossier WHERE deadline_id IS NULL OR step_deadline_id IS NULL"
    " OR current_step_id IS NULL OR original_due_at IS NULL",
    "SELECT count(*) FROM dossiers_dossierevent WHERE action = 'receive'",
    "SELECT count(*) FROM audit_auditevent WHERE action = 'dossier.receive'",
    "SELECT count(*) FROM outbox_outboxmessage WHERE topic = 'dossier.event'",
    "SELECT count(*) FROM (SELECT prev_hash FROM audit_auditevent"
    " GROUP BY prev_hash HAVING count(*) > 1) AS forks",
)


def check_postgres(database: str, expected: int) -> list[str]:
    row = psql("SELECT " + ", ".join(f"({sql})" for sql in COUNTS), database).split("|")
    return problems(expected, *map(int, row))


def check_sqlite(path: Path, expected: int) -> list[str]:
    with sqlite3.connect(path) as db:
        return problems(expected, *(db.execute(sql).fetchone()[0] for sql in COUNTS))


def problems(
    expected: int,
    dossiers: int,
    codes: int,
    incomplete: int,
    events: int,
    audits: int,
    outbox: int,
    forks: int,
) -> list[str]:
    found = []
    if dossiers != expected:
        found.append(f"{dossiers} dossiers stored for {expected} intakes answered 201")
    if codes != dossiers:
        found.append(f"duplicate codes: {codes} distinct for {dossiers} dossiers")
    if incomplete:
        found.append(f"{incomplete} dossiers lack a due time, first step or step deadline")
    if not events == audits == outbox == dossiers:
        found.append(
            f"{dossiers} dossiers but {events} receive events, {audits} audit rows, "
            f"{outbox} outbox rows"
        )
    if forks:
        found.append(f"audit chain forked {forks} times (two rows link to the same previous)")
    return found


def consecutive(codes: list[str]) -> str:
    by_prefix: dict[str, list[int]] = {}
    for code in codes:
        prefix, _, seq = code.rpartition("-")
        by_prefix.setdefault(prefix, []).append(int(seq))
    gaps = [p for p, seqs in by_prefix.items() if sorted(seqs) != list(range(1, len(seqs) + 1))]
    return "gaps in " + ", ".join(gaps) if gaps else "consecutive from 0001"


def pgbench(scale: int, clients: int, seconds: int) -> float:
    database = f"motcua_pgbench_{os.getpid()}"
    psql(f'CREATE DATABASE "{database}"')
    try:
        run("pgbench", "-q", "-i", "-s", str(scale), database)
        out = run("pgbench", "-c", str(clients), "-j", "2", "-T", str(seconds), database)
    finally:
        psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out) or re.search(
        r"tps = ([\d.]+)", out
    )
    if match is None:
        raise RuntimeError(f"no tps in pgbench output:\n{out}")
    return float(match.group(1))


def percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--seconds", type=float, default=20, help="how long the clients post")
    parser.add_argument("--count", type=int, help="post this many intakes instead of timing")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (> 1: gthread, keep-alive)"
    )
    parser.add_argument(
        "--wsgi",
        default="config.wsgi:application",
        help="WSGI app for gunicorn, e.g. a patched experiment on PYTHONPATH",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="the stack ceiling: the same server and client, but the endpoint writes one row "
        "(bench/intake_ceiling.py)",
    )
    parser.add_argument("--sqlite", action="store_true", help="temp SQLite file, not PostgreSQL")
    parser.add_argument("--no-pgbench", action="store_true", help="skip the pgbench reference")
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--keep-log", action="store_true", help="keep the server log")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    database = f"motcua_bench_{os.getpid()}"
    sqlite_file = scratch / "bench.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "MOTCUA_VAR_DIR": str(scratch),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": f"sqlite:///{sqlite_file}"
        if args.sqlite
        else f"postgres://{os.environ.get('PGUSER', 'postgres')}@{HOST}:"
        f"{os.environ.get('PGPORT', '5432')}/{database}",
    }
    os.environ.setdefault("PGHOST", HOST)
    os.environ.setdefault("PGUSER", "postgres")
    created = False
    try:
        if not args.sqlite:
            psql(f'CREATE DATABASE "{database}"')
            created = True
        run(PYTHON, "manage.py", "migrate", "--noinput", env=env)
        run(PYTHON, "manage.py", "load_demo", env=env)
        port = free_port()
        results = Results()
        cpu = Cpu()
        wsgi = "bench.intake_ceiling:application" if args.ceiling else args.wsgi
        with server(env, port, args.workers, args.threads, wsgi, scratch / "server.log") as (
            name,
            pid,
        ):
            elapsed = drive(
                port,
                args.clients,
                args.seconds,
                args.count,
                results,
                pid,
                None if args.sqlite else database,
                cpu,
            )
        done = len(results.latencies)
        if not done:
            print(f"no intake succeeded; first errors: {results.errors[:3]}")
            return 1
        stored = len(results.codes)  # the timed intakes and the warm-up ones
        found = (
            []
            if args.ceiling
            else check_sqlite(sqlite_file, stored)
            if args.sqlite
            else check_postgres(database, stored)
        )
        rate = done / elapsed
        where = (
            "SQLite (temp file)"
            if args.sqlite
            else "PostgreSQL " + psql("SHOW server_version").split()[0]
        )
        what = "stack ceiling (one INSERT per request)" if args.ceiling else "intake"
        print(f"{what} over HTTP: {name}, {where}, {args.clients} client threads")
        print(
            f"  {done} intakes in {elapsed:.1f} s = {rate:.1f} intakes/s; latency p50 "
            f"{percentile(results.latencies, 50) * 1000:.0f} ms, p95 "
            f"{percentile(results.latencies, 95) * 1000:.0f} ms; {len(results.errors)} errors"
        )
        per = 1000 / done
        total = (cpu.app + cpu.database + cpu.client) * per
        cores = os.cpu_count() or 1
        print(
            f"  CPU per intake: server {cpu.app * per:.1f} ms, database backends "
            f"{cpu.database * per:.1f} ms, this client {cpu.client * per:.1f} ms; "
            f"{total:.1f} ms in all → at most {cores * 1000 / total:.0f} intakes/s on {cores} cores"
        )
        for error in results.errors[:3]:
            print(f"  error: {error[:300]}")
        if not args.ceiling:
            print(f"  codes: {len(set(results.codes))} distinct, {consecutive(results.codes)}")
            print(
                "  data: "
                + (
                    "; ".join(found)
                    if found
                    else "one dossier, due time, first step, receive event, audit row and "
                    "outbox row per intake"
                )
            )
        if not args.no_pgbench and shutil.which("pgbench"):
            tps = pgbench(10, 8, args.pgbench_seconds)
            ratio = rate / tps
            print(f"pgbench TPC-B -s 10 -c 8 -j 2 -T {args.pgbench_seconds}: {tps:.0f} tps")
            print(
                f"ratio intakes/pgbench: {ratio:.3f} (goal ≥ {GOAL}: "
                f"{'met' if ratio >= GOAL else 'NOT met'})"
            )
        return 1 if found or results.errors else 0
    finally:
        if created:
            psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if args.keep_log and (scratch / "server.log").exists():
            kept = Path(tempfile.gettempdir()) / f"motcua-bench-server-{os.getpid()}.log"
            shutil.copy(scratch / "server.log", kept)
            print(f"server log: {kept}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
