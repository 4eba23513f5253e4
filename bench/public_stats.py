"""Public statistics: the page's query over the daily rollup against a raw SQL aggregate over
the dossier table, plus the cost of rebuilding the rollup.

    .venv/bin/python bench/public_stats.py [dossiers]

Inserts `dossiers` (default 100,000) accepted over the last 365 days, spread over the 40 demo
procedures and 3 receiving desks, in bulk (bulk_create, not the services): most finished (some
late, a few with two supplement requests), some withdrawn, the recent ones still open. Then
rebuilds the whole rollup once (`rollup_refresh --all`), times the hourly refresh (2 days), and
times `public_stats` for each period against a raw aggregate of counts and on-time rate (the raw
query cannot give working-hour medians at all: that needs the calendar).
"""

import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from _django import setup

setup()

from _synthetic import SyntheticYear  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from motcua.core.localtime import VN_TZ  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.metrics.constants import Period  # noqa: E402
from motcua.metrics.models import DailyProcedureStats  # noqa: E402
from motcua.metrics.periods import period_bounds  # noqa: E402
from motcua.metrics.selectors import days_to_refresh, public_stats  # noqa: E402
from motcua.metrics.services import rollup_refresh  # noqa: E402
from motcua.portal.stats_views import public_stats_page  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ROUNDS = 5
rng = random.Random(766)

synthetic = SyntheticYear(rng, open_days=10, channels=2)
today = synthetic.today

start = time.perf_counter()
for offset in range(0, COUNT, 5000):
    synthetic.insert(synthetic.plans(range(offset, min(offset + 5000, COUNT))))
Dossier.objects.update(updated_at=F("accepted_at"))  # as if each were last touched then
print(f"inserted {COUNT:,} dossiers in {time.perf_counter() - start:.1f} s")

start = time.perf_counter()
run = rollup_refresh(days=days_to_refresh())  # first run: every day since the first dossier
full = time.perf_counter() - start
print(
    f"full rebuild: {run.days} days, {run.rows:,} rollup rows in {full:.1f} s "
    f"({COUNT / full:,.0f} dossiers/s)"
)
start = time.perf_counter()
hourly = rollup_refresh(days=days_to_refresh())
print(f"hourly refresh ({hourly.days} days): {time.perf_counter() - start:.2f} s")
print(f"rollup rows in the table: {DailyProcedureStats.objects.count():,}")

RAW = """
SELECT d.{group},
       SUM(CASE WHEN d.accepted_at >= %s AND d.accepted_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN e.ended >= %s AND e.ended < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN e.ended >= %s AND e.ended < %s AND e.ended <= l.due_at
                     AND d.supplement_count <= 1 THEN 1 ELSE 0 END)
FROM dossiers_dossier d
JOIN (SELECT id, COALESCE(finished_at, returned_at, stopped_at) AS ended
      FROM dossiers_dossier) e ON e.id = d.id
LEFT JOIN workdays_deadline l ON l.id = d.deadline_id
WHERE d.accepted_at IS NOT NULL
GROUP BY d.{group}
"""


def raw(first: datetime, last: datetime) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for group in ("procedure_id", "receiving_unit_id"):
            cursor.execute(RAW.format(group=group), [first, last] * 3)
            rows += len(cursor.fetchall())
    return rows


def timed(fn: Callable[[], object]) -> float:
    fn()  # warm the cache
    start = time.perf_counter()
    for _ in range(ROUNDS):
        fn()
    return (time.perf_counter() - start) / ROUNDS * 1000


factory = RequestFactory()


def page(period: Period) -> None:
    cache.clear()  # the view keeps figures until the next refresh: time the uncached page
    request = factory.get("/thong-ke/", {"ky": period.value})
    request.user = AnonymousUser()
    public_stats_page(request)


print(f"{'period':<12} {'rollup query':>13} {'whole page':>11} {'raw SQL':>9}  median exact?")
for period in Period:
    first_day, last_day = period_bounds(period, today)
    first = datetime.combine(first_day, datetime.min.time(), tzinfo=VN_TZ)
    last = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=VN_TZ)
    stats = public_stats(first_day=first_day, last_day=last_day, min_sample=10)
    query_ms = timed(partial(public_stats, first_day=first_day, last_day=last_day, min_sample=10))
    page_ms = timed(partial(page, period))
    raw_ms = timed(partial(raw, first, last))
    print(
        f"{period.label:<12} {query_ms:>10.1f} ms {page_ms:>8.1f} ms {raw_ms:>6.1f} ms  "
        f"{stats.total.times.is_exact} ({stats.total.settled:,} settled)"
    )
