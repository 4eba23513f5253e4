"""Catalog search: ranked, typo-tolerant search against a plain SQL LIKE on the same rows.

    .venv/bin/python bench/catalog_search.py [copies]

Loads the 40 published procedures `copies` times (default 50: 2,000 procedures, more than a
Sở publishes), then times `procedures_matching` and a raw `LIKE` over the folded text.
"""

import copy
import sys
import time
from collections.abc import Callable

from _django import setup

setup()

from django.db import connection  # noqa: E402

from motcua.catalog.importing import Located  # noqa: E402
from motcua.catalog.selectors import procedures_matching  # noqa: E402
from motcua.catalog.services import catalog_import  # noqa: E402
from motcua.demo.catalog import demo_records  # noqa: E402
from motcua.demo.organisation import load_demo_organisation  # noqa: E402

copies = int(sys.argv[1]) if len(sys.argv) > 1 else 50
load_demo_organisation()
records: list[Located] = []
for n in range(copies):
    for located in demo_records():
        record = copy.deepcopy(located.record)
        record["code"] = f"{n % 10}.{(n * 10000 + len(records)) % 1000000:06d}"
        record["national_code"] = True
        records.append(Located(located.where, record))
report = catalog_import(records=records)
assert report.ok, report.errors[:3]

QUERIES = [
    "cap ban sao van bang",
    "chinh sua van bang",
    "thanh lap truong",
    "giai the",
    "van phong dai dien",
    "trung tam ngoai ngu",
    "chuyen truong",
]
ROUNDS = 20


def timed(fn: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for q in QUERIES:
            fn(q)
    return (time.perf_counter() - start) / (ROUNDS * len(QUERIES))


def ranked(q: str) -> int:
    return len(procedures_matching(q=q))


def raw_like(q: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, code, name FROM catalog_procedure WHERE search_text LIKE %s", [f"%{q}%"]
        )
        return len(cursor.fetchall())


ours, raw = timed(ranked), timed(raw_like)
print(
    f"catalog search over {len(records)} procedures on {connection.vendor}: "
    f"ranked {ours * 1000:.1f} ms/query, raw LIKE {raw * 1000:.2f} ms/query, "
    f"ratio {ours / raw:.0f}×"
)
