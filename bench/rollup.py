"""The full rebuild of the one rollup (`rollup_refresh --all`) on a kept database, in its two
parts: the day rows and dossier facts (one scan of the dossiers per span of days), then the
evaluation scores of every accepted dossier (the per-dossier rollup ratings plugs in).

    .venv/bin/python bench/rollup.py DATABASE [--first 2025-03-01 --last 2025-05-31]

DATABASE is a PostgreSQL database with dossiers, e.g. one kept by `bench/reports.py --keep`
(`simulate_year --bulk`). It is migrated first (the migration empties the day rows, which the
rebuild writes again); nothing else is changed but the rollup's own tables. Run it on a copy
(`CREATE DATABASE copy TEMPLATE kept`) to compare with another version of the code on the same
rows, as docs/performance.md ("One rollup") did. `--first`/`--last` rebuild only those days (a
sample of the full rebuild, whose cost is proportional to the dossiers read). Wall and CPU time
(of this Python process) are printed: on a shared machine the CPU time is the steadier figure.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database")
    parser.add_argument("--first", type=date.fromisoformat, help="first day (default: all)")
    parser.add_argument("--last", type=date.fromisoformat, help="last day (default: today)")
    args = parser.parse_args()
    os.environ.setdefault("PGUSER", "postgres")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        MOTCUA_VAR_DIR=tempfile.mkdtemp(prefix="motcua-bench-rollup-"),
        DATABASE_URL=f"postgres://{os.environ['PGUSER']}@{HOST}:"
        f"{os.environ.get('PGPORT', '5432')}/{args.database}",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.dossiers.models import Dossier
    from motcua.metrics import services
    from motcua.metrics.models import DailyProcedureStats, DossierFact
    from motcua.metrics.selectors import days_to_refresh

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    dossiers = Dossier.objects.count()
    print(f"{args.database}: {dossiers:,} dossiers", flush=True)

    days = days_to_refresh(everything=True)
    if args.first or args.last:
        first, last = args.first or days[0], args.last or days[-1]
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    plugged = list(services.DOSSIER_ROLLUPS)
    services.DOSSIER_ROLLUPS.clear()  # the day rows and facts alone first
    started, cpu = time.perf_counter(), time.process_time()
    run = services.rollup_refresh(days=days, everything=True)
    took, took_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"day rows and facts {days[0]}..{days[-1]}: {run.days} days, {run.rows:,} day rows, "
        f"{DossierFact.objects.count():,} facts: wall {took:.1f} s, cpu {took_cpu:.1f} s",
        flush=True,
    )
    if args.first or args.last:
        return 0
    started, cpu = time.perf_counter(), time.process_time()
    scored = sum(rollup(None) for rollup in plugged)
    scoring, scoring_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"evaluation scores: {scored:,} dossiers: wall {scoring:.1f} s, cpu {scoring_cpu:.1f} s")
    print(
        f"rollup_refresh --all in all: wall {took + scoring:.1f} s, "
        f"cpu {took_cpu + scoring_cpu:.1f} s"
    )
    print(f"rows in the day table: {DailyProcedureStats.objects.count():,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
