"""How fast the deadline engine computes due times (pure arithmetic, calendar in memory).

.venv/bin/python bench/deadlines.py
"""

import random
import time
from datetime import date, datetime, timedelta

from _django import setup

setup()

from motcua.core.localtime import VN_TZ  # noqa: E402
from motcua.workdays.deadlines import Duration, compute_deadline  # noqa: E402
from motcua.workdays.selectors import load_calendar  # noqa: E402

rng = random.Random(2026)
calendar = load_calendar(date(2026, 1, 1))
cases = [
    (
        datetime(2024, 1, 1, tzinfo=VN_TZ) + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
        Duration.of(rng.choice([1, 2, 3, 5, 7, 10, 15, 20, 25, 30]), "working_days"),
    )
    for _ in range(20_000)
]
start = time.perf_counter()
for received, duration in cases:
    compute_deadline(calendar, received, duration)
elapsed = time.perf_counter() - start
print(
    f"deadlines: {len(cases)} computed in {elapsed:.2f} s = {len(cases) / elapsed:,.0f}/s "
    f"({elapsed / len(cases) * 1e6:.0f} µs each, with full explanation)"
)
