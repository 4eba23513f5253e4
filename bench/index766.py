"""The 766 index: cost of the rollup refresh, and of the index read from the rollups.

    .venv/bin/python bench/index766.py [dossiers] [province rollup rows]

Part 1 inserts `dossiers` (default 100,000) accepted over the last 365 days in bulk
(bench/_synthetic.py, as bench/public_stats.py does, plus the history events that carry due
times, two papers each, an online third with some electronic results, a few ratings), then
times the full rebuild of the rollup (`rollup_refresh --all`: flows, end-of-day open counts,
per-dossier facts), an hourly refresh, the index of the last quarter and of the last 365 days,
the 12-month trend, and the drill-down of indicator 2.1.

Part 2 measures what a province-year of about a million dossiers means for the read side: the
index only reads rollup rows, so it writes `province rollup rows` (default 600,000) flow rows,
spread over 365 days, 600 procedures and 60 desks, plus each day's open counts, and times the
index and the trend over them. A million dossiers a year is ~2,700 a day; they can fill at most
~2,700 (day, procedure, desk) rows a day, ~1 million a year; 600,000 is a busy province.
"""

import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from _django import setup

setup()

from _synthetic import SyntheticYear  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, OuterRef, Subquery  # noqa: E402

from motcua.accounts.constants import UnitKind  # noqa: E402
from motcua.accounts.models import Unit  # noqa: E402
from motcua.catalog.models import Procedure, ProcedureCase  # noqa: E402
from motcua.documents.models import FileKind, StoredFile  # noqa: E402
from motcua.dossiers.constants import Action, Stage, Status  # noqa: E402
from motcua.dossiers.models import (  # noqa: E402
    Dossier,
    DossierComponent,
    DossierEvent,
)
from motcua.metrics.models import DailyProcedureStats, DossierFact  # noqa: E402
from motcua.metrics.selectors import (  # noqa: E402
    days_to_refresh,
    index_766,
    index_trend,
    indicator_dossiers,
    open_at_period_end,
    unit_scope,
)
from motcua.metrics.services import rollup_refresh  # noqa: E402
from motcua.ratings.models import Rating  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PROVINCE_ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 600_000
ROUNDS = 3
rng = random.Random(766)
print(f"database: {connection.vendor}")

synthetic = SyntheticYear(rng, open_days=30, channels=3)
desk, desks, today = synthetic.desk, synthetic.desks, synthetic.today
result_file = StoredFile.objects.create(
    kind=FileKind.RESULT,
    original_name="kq.pdf",
    storage_name="bench-result",
    content_type="application/pdf",
    size=1,
    sha256="0" * 64,
)


def timed(fn: Callable[[], object]) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(ROUNDS):
        fn()
    return (time.perf_counter() - start) / ROUNDS * 1000


# --- part 1: dossiers, refresh, index --------------------------------------------------------


def part_one() -> None:

    start = time.perf_counter()
    for offset in range(0, COUNT, 5000):
        dossiers = synthetic.insert(
            synthetic.plans(range(offset, min(offset + 5000, COUNT))),
            result_file=lambda plan: result_file if plan[5] and plan[0] % 4 == 0 else None,
            paid_online=lambda plan: plan[0] % 7 == 0,
        )
        DossierEvent.objects.bulk_create(
            DossierEvent(
                dossier=d,
                action=Action.RECEIVE,
                at=d.received_at,  # accepted at once, as at the counter
                actor_label="Bench",
                to_status=Status.PROCESSING,
                to_stage=Stage.AT_STEP,
                due_at=d.original_due_at,
            )
            for d in dossiers
        )
        DossierComponent.objects.bulk_create(
            DossierComponent(
                dossier=d, name=name, file=result_file if d.result_file_id and k == 0 else None
            )
            for d in dossiers
            for k, name in enumerate(("Đơn đề nghị", "Bản sao văn bằng"))
        )
        Rating.objects.bulk_create(
            Rating(dossier=d, satisfaction="unsatisfied" if d.pk % 5 == 0 else "satisfied")
            for d in dossiers
            if d.finished_at and d.pk % 3 == 0
        )
    Dossier.objects.update(updated_at=F("accepted_at"))  # as if each were last touched then
    Rating.objects.update(  # rated when the result came
        created_at=Subquery(Dossier.objects.filter(pk=OuterRef("dossier_id")).values("finished_at"))
    )
    print(f"inserted {COUNT:,} dossiers in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    run = rollup_refresh(days=days_to_refresh())  # first run: every day since the first dossier
    full = time.perf_counter() - start
    print(
        f"full rebuild: {run.days} days, {run.rows:,} day rows, "
        f"{DossierFact.objects.count():,} facts in {full:.1f} s ({COUNT / full:,.0f} dossiers/s)"
    )
    start = time.perf_counter()
    hourly = rollup_refresh(days=days_to_refresh())
    print(f"hourly refresh ({hourly.days} days): {time.perf_counter() - start:.2f} s")

    for label, (first, last) in (("quarter", quarter), ("365 days", year)):
        result = index_766(first=first, last=last, scope=everything)
        assert result is not None
        on_time = next(i for g in result.groups for i in g.indicators if i.definition.id == "2.1")
        ms = timed(partial(index_766, first=first, last=last, scope=everything))
        counted = f"{on_time.numerator:,}/{on_time.denominator:,}"
        print(
            f"index, {label:<9}: {ms:7.1f} ms  (2.1 = {counted},"
            f" total {result.points} of {result.measured_max_points} measured)"
        )
    print(f"12-month trend   : {timed(lambda: index_trend(last=today, scope=everything)):7.1f} ms")

    def drill() -> int:
        found = indicator_dossiers(
            formula="on_time", good=False, first=quarter[0], last=quarter[1], scope=everything
        )
        return len(list(found[:25])) + found.count()

    start = time.perf_counter()
    states = open_at_period_end(quarter[1], everything)
    print(
        f"drill-down 2.1: {len(states):,} dossiers open at the end judged in "
        f"{(time.perf_counter() - start) * 1000:.0f} ms (then kept until the next refresh)"
    )
    print(f"drill-down 2.1 late, first page + count: {timed(drill):7.1f} ms")


# --- part 2: a province-year of rollup rows ----------------------------------------------------

everything = unit_scope(None)
quarter = (today - timedelta(days=90), today)
year = (today - timedelta(days=364), today)
if COUNT:
    part_one()

DailyProcedureStats.objects.all().delete()
base = Procedure.objects.order_by("pk")[0]
field = base.field
province_procedures = list(Procedure.objects.all())
province_procedures += Procedure.objects.bulk_create(
    Procedure(code=f"P.{n}", name=f"Thủ tục {n}", level=base.level, field=field)
    for n in range(600 - len(province_procedures))
)
ProcedureCase.objects.bulk_create(
    ProcedureCase(procedure=p, code="mac-dinh", name="Mặc định", is_default=True)
    for p in province_procedures
    if p.code.startswith("P.")
)
province_desks = desks + list(
    Unit.objects.bulk_create(
        Unit(code=f"X.MC{n}", name=f"Một cửa xã {n}", kind=UnitKind.ONE_STOP_DESK)
        for n in range(60 - len(desks))
    )
)
start = time.perf_counter()
per_day = PROVINCE_ROWS // 365
for back in range(365):
    day = today - timedelta(days=back)
    keys = rng.sample(range(len(province_procedures) * len(province_desks)), per_day)
    rows = []
    for n, key in enumerate(keys):
        opened = n < per_day // 2  # half the rows also count dossiers open at the end of the day
        received = rng.randrange(1, 5)
        settled = rng.randrange(0, 5)
        rows.append(
            DailyProcedureStats(
                day=day,
                procedure=province_procedures[key // len(province_desks)],
                receiving_unit=province_desks[key % len(province_desks)],
                received=received,
                received_online=rng.randrange(0, received + 1),
                settled=settled,
                settled_early=settled // 2,
                settled_on_time=settled - settled // 2 - (settled > 3),
                settled_late=int(settled > 3),
                timed=settled,
                minutes_sum=settled * 1900,
                results_electronic=settled // 2,
                rated=settled // 3,
                open_in_time=rng.randrange(0, 20) if opened else 0,
                open_overdue=rng.randrange(0, 3) if opened else 0,
            )
        )
    DailyProcedureStats.objects.bulk_create(rows, batch_size=2000)
print(
    f"\nprovince: {DailyProcedureStats.objects.count():,} day rows written in "
    f"{time.perf_counter() - start:.1f} s ({len(province_procedures)} procedures, "
    f"{len(province_desks)} desks, 365 days)"
)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
for label, (first, last) in (("quarter", quarter), ("365 days", year)):
    ms = timed(partial(index_766, first=first, last=last, scope=everything))
    print(f"province index, {label:<9}: {ms:7.1f} ms")
one = unit_scope({desk.pk})
ms = timed(lambda: index_766(first=year[0], last=year[1], scope=one))
print(f"province index, one desk, 365 days: {ms:7.1f} ms")
print(
    f"province 12-month trend: {timed(lambda: index_trend(last=today, scope=everything)):7.1f} ms"
)
