"""Processing-time distributions that can be summed across rollup rows.

A row keeps (1) the exact sorted sample of working minutes while it holds at most SAMPLE_CAP
dossiers, and (2) always a sparse histogram of the minutes rounded to 3 significant digits
(exact below 1,000 minutes ≈ 2 working days; relative error ≤ 0.5% above, with at most ~900
buckets per power of ten whatever the number of dossiers). A group of rows gives exact
percentiles when every row has its sample and the group holds at most EXACT_LIMIT dossiers, and
histogram percentiles otherwise.

Percentiles interpolate linearly between the two nearest ranks (`statistics.quantiles` with
method="inclusive", numpy's default): the median of 2, 4, 6, 9 is 5.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SAMPLE_CAP = 200
EXACT_LIMIT = 5_000


def bucket(minutes: int) -> int:
    """`minutes` rounded half up to 3 significant digits (unchanged below 1,000)."""
    if minutes < 1000:
        return minutes
    step: int = 10 ** (len(str(minutes)) - 3)
    return (minutes + step // 2) // step * step


def histogram_of(values: Iterable[int]) -> list[list[int]]:
    """[[bucketed minutes, count], ...] in ascending order, as stored on a rollup row."""
    return [[value, count] for value, count in sorted(Counter(map(bucket, values)).items())]


def percentile(pairs: list[tuple[int, int]], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) of ascending (value, count) pairs, interpolated."""
    total = sum(count for _, count in pairs)
    if total == 0:
        return None
    position = q * (total - 1)
    low_rank, high_rank = math.floor(position), math.ceil(position)
    low = high = None
    seen = 0
    for value, count in pairs:
        seen += count
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    assert low is not None
    assert high is not None
    return low + (high - low) * (position - low_rank)


@dataclass
class Distribution:
    """Working minutes of the dossiers of a group, merged from rollup rows."""

    count: int = 0
    total_minutes: int = 0
    exact: list[int] | None = field(default_factory=list)
    # Row histograms, merged only when the exact sample cannot be used.
    rows: list[list[list[int]]] = field(default_factory=list)
    _sorted: list[tuple[int, int]] | None = field(default=None, repr=False)

    def add_row(
        self, count: int, total_minutes: int, sample: list[int] | None, histogram: list[list[int]]
    ) -> None:
        self.count += count
        self.total_minutes += total_minutes
        if self.exact is not None and sample is not None and self.count <= EXACT_LIMIT:
            self.exact.extend(sample)
        else:
            self.exact = None  # from now on only the histograms are trusted
        self.rows.append(histogram)
        self._sorted = None

    @property
    def is_exact(self) -> bool:
        return self.exact is not None

    def _pairs(self) -> list[tuple[int, int]]:
        if self._sorted is None:
            if self.exact is not None:
                self._sorted = [(value, 1) for value in sorted(self.exact)]
            else:
                merged: Counter[int] = Counter()
                for histogram in self.rows:
                    for value, n in histogram:
                        merged[value] += n
                self._sorted = sorted(merged.items())
        return self._sorted

    def quantile(self, q: float) -> float | None:
        return percentile(self._pairs(), q)

    @property
    def median(self) -> float | None:
        return self.quantile(0.5)

    @property
    def p90(self) -> float | None:
        return self.quantile(0.9)
