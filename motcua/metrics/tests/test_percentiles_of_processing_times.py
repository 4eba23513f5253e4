"""Median and 90th percentile: exact on small sets, within 0.5% from the histogram at scale."""

import random
import statistics

from hypothesis import given
from hypothesis import strategies as st

from motcua.metrics.distribution import EXACT_LIMIT, Distribution, bucket, histogram_of


def merged(*rows: list[int]) -> Distribution:
    times = Distribution()
    for values in rows:
        times.add_row(len(values), sum(values), sorted(values), histogram_of(values))
    return times


def test_median_and_p90_of_a_small_set_are_exact():
    # Sorted: 60, 300, 1234, 1980, 2760. p90 at rank 0.9 × 4 = 3.6: 1980 + 0.6 × 780 = 2448.
    times = merged([1980, 60], [2760, 1234, 300])
    assert times.is_exact
    assert times.median == 1234  # the histogram alone would say 1230
    assert times.p90 == 2448


def test_an_even_count_takes_the_mean_of_the_middle_two():
    assert merged([2, 4], [6, 9]).median == 5


def test_histogram_keeps_three_significant_digits():
    assert [bucket(m) for m in (999, 1234, 1235, 12345, 99_951)] == [
        999,
        1230,
        1240,
        12300,
        100_000,
    ]


@given(st.integers(min_value=0, max_value=10**7))
def test_bucketing_error_is_at_most_half_a_percent(minutes):
    assert abs(bucket(minutes) - minutes) <= minutes * 0.005


def test_large_groups_use_the_histogram_within_half_a_percent():
    rng = random.Random(766)
    rows = [[rng.randrange(30, 20_000) for _ in range(50)] for _ in range(EXACT_LIMIT // 50 + 1)]
    times = merged(*rows)
    flat = [m for row in rows for m in row]
    assert not times.is_exact and times.count == len(flat)
    exact_median = statistics.median(flat)
    exact_p90 = statistics.quantiles(flat, n=10, method="inclusive")[-1]
    assert abs(times.median - exact_median) <= exact_median * 0.005
    assert abs(times.p90 - exact_p90) <= exact_p90 * 0.005


def test_a_row_without_its_sample_makes_the_group_approximate():
    times = merged([100, 200])
    times.add_row(2, 2400, None, histogram_of([1200, 1200]))
    assert not times.is_exact
    assert times.median == 700  # (200 + 1200) / 2
