"""The quarterly evaluation summary (TT 01/2018) read from per-dossier scores at province scale.

    .venv/bin/python bench/evaluation_summary.py [dossiers]

Inserts `dossiers` (default 250,000: a quarter of a province-year of one million) accepted and
ended in Q4 2026, in bulk, each with its score row, four participating-unit rows (indicator 2)
and five officer rows, as `rollup_refresh` would leave them; then times the summary of the
department (every unit below it) and of one specialist unit for the quarter and the year. The
summary adds up score rows by index range; it never reads the dossier history.
"""

import random
import sys
import time
from datetime import date, datetime, timedelta

from _django import setup

setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.accounts.models import Unit, User  # noqa: E402
from motcua.catalog.models import Procedure  # noqa: E402
from motcua.catalog.services import catalog_import  # noqa: E402
from motcua.core.localtime import VN_TZ  # noqa: E402
from motcua.demo import organisation as org  # noqa: E402
from motcua.demo.catalog import demo_records  # noqa: E402
from motcua.demo.organisation import load_demo_organisation  # noqa: E402
from motcua.dossiers.constants import Stage, Status  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.ratings.models import (  # noqa: E402
    DossierScore,
    EvaluationScheme,
    OfficerScore,
    UnitStepScore,
)
from motcua.ratings.selectors import evaluation_summary  # noqa: E402

BATCH = 5000


def load(count: int) -> None:
    rng = random.Random(2026)
    load_demo_organisation()
    assert catalog_import(records=demo_records()).ok
    procedures = list(Procedure.objects.prefetch_related("cases"))
    units = {u.code: u for u in Unit.objects.all()}
    step_units = [units[c] for c in (org.ONE_STOP, org.QUALITY, org.DEPARTMENT, org.CLERKS)]
    officers = list(User.objects.filter(is_staff=True))
    scheme = EvaluationScheme.objects.get(code="TT01-2018")
    first = date(2026, 9, 15)
    now = timezone.now()
    for start in range(0, count, BATCH):
        dossiers = []
        for n in range(start, min(start + BATCH, count)):
            procedure = procedures[n % len(procedures)]
            day = first + timedelta(days=rng.randrange(90))
            moment = datetime(day.year, day.month, day.day, 9, tzinfo=VN_TZ)
            dossiers.append(
                Dossier(
                    code=f"BENCH-{n:07d}",
                    procedure=procedure,
                    case=procedure.cases.all()[0],
                    receiving_unit=units[org.ONE_STOP],
                    channel=rng.choice((1, 2, 2)),
                    status=Status.RETURNED,
                    stage=Stage.RETURNED,
                    applicant_name="Nguyễn Văn An",
                    applicant_id_number="001090001234",
                    received_at=moment,
                    accepted_at=moment,
                    finished_at=moment + timedelta(days=3),
                )
            )
        Dossier.objects.bulk_create(dossiers)
        scores = []
        for d in dossiers:
            assert d.accepted_at is not None
            assert d.finished_at is not None
            rated = rng.random() < 0.6
            scores.append(
                DossierScore(
                    dossier=d,
                    scheme=scheme,
                    receiving_unit=d.receiving_unit,
                    procedure=d.procedure,
                    online=d.channel == 2,
                    accepted_on=d.accepted_at.astimezone(VN_TZ).date(),
                    ended_on=d.finished_at.astimezone(VN_TZ).date(),
                    has_result=True,
                    late=rng.random() < 0.05,
                    i1=rng.choice((2, 2, 1, 0)),
                    **{f"i{k}": rng.choice((2, 1, 0)) if rated else None for k in (3, 4, 6, 7)},
                    satisfaction=rng.choice(("very_satisfied", "satisfied", "unsatisfied"))
                    if rated
                    else "",
                    computed_at=now,
                )
            )
        DossierScore.objects.bulk_create(scores)
        UnitStepScore.objects.bulk_create(
            UnitStepScore(score=s, unit=u, ended_on=s.ended_on, i2=rng.choice((2, 1, 1, 0)))
            for s in scores
            for u in step_units
        )
        OfficerScore.objects.bulk_create(
            OfficerScore(score=s, officer=o, unit=units[org.DEPARTMENT], ended_on=s.ended_on, i2=1)
            for s in scores
            for o in rng.sample(officers, 5)
        )


def timed(label: str, unit: Unit, quarter: int | None, runs: int = 3) -> None:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        summary = evaluation_summary(unit=unit, year=2026, quarter=quarter)
        best = min(best, time.perf_counter() - started)
    assert summary is not None
    print(
        f"{label:<45} {best * 1000:8.0f} ms  total {summary.total} ({summary.band}), "
        f"{summary.forms} phiếu, {len(summary.officers)} cán bộ"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 250_000
    started = time.perf_counter()
    load(count)
    print(
        f"{connection.vendor}: {count} dossiers with scores inserted in "
        f"{time.perf_counter() - started:.0f} s "
        f"({UnitStepScore.objects.count()} unit rows, {OfficerScore.objects.count()} officer rows)"
    )
    department = Unit.objects.get(code=org.DEPARTMENT)
    quality = Unit.objects.get(code=org.QUALITY)
    timed("Sở GDĐT and every unit below it, Q4 2026", department, 4)
    timed("Sở GDĐT and every unit below it, year 2026", department, None)
    timed("Phòng Quản lý chất lượng, Q4 2026", quality, 4)


if __name__ == "__main__":
    main()
