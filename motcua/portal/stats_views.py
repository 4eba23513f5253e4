"""The public processing statistics, under /thong-ke/ (stats_urls.py)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.metrics.constants import Period
from motcua.metrics.distribution import EXACT_LIMIT
from motcua.metrics.periods import period_bounds
from motcua.metrics.selectors import (
    last_refresh,
    public_stats,
)
from motcua.workdays.selectors import load_calendar

CACHE_SECONDS = 2 * 3600  # outlives an hourly refresh; a new run changes the key anyway


def public_stats_page(request: HttpRequest) -> HttpResponse:
    """Public processing statistics per procedure and per unit (no sign-in, no JavaScript)."""
    period = request.GET.get("ky", "")
    if period not in Period.values:
        period = Period.LAST_30_DAYS
    today = timezone.localdate()
    first_day, last_day = period_bounds(period, today)
    min_sample = settings.MOTCUA_STATS_MIN_SAMPLE
    refresh = last_refresh()
    # The figures change only when the rollup is rebuilt: keep them until the next run.
    key = f"metrics:public:{period}:{today}:{min_sample}:{refresh.pk if refresh else 0}"
    stats = cache.get(key)
    if stats is None:
        stats = public_stats(first_day=first_day, last_day=last_day, min_sample=min_sample)
        cache.set(key, stats, timeout=CACHE_SECONDS)
    context = {
        "stats": stats,
        "period": period,
        "periods": Period.choices,
        "refresh": refresh,
        "minutes_per_day": load_calendar(today).hours.seconds_per_day // 60,
        "exact_limit": EXACT_LIMIT,
    }
    return render(request, "metrics/public_stats.html", context)
