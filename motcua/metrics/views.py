from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.metrics.constants import Period
from motcua.metrics.distribution import EXACT_LIMIT
from motcua.metrics.periods import period_bounds
from motcua.metrics.selectors import last_refresh, public_stats
from motcua.workdays.selectors import load_calendar


def public_stats_page(request: HttpRequest) -> HttpResponse:
    """Public processing statistics per procedure and per unit (no sign-in, no JavaScript)."""
    period = request.GET.get("ky", "")
    if period not in Period.values:
        period = Period.LAST_30_DAYS
    today = timezone.localdate()
    first_day, last_day = period_bounds(period, today)
    stats = public_stats(
        first_day=first_day, last_day=last_day, min_sample=settings.MOTCUA_STATS_MIN_SAMPLE
    )
    context = {
        "stats": stats,
        "period": period,
        "periods": Period.choices,
        "refresh": last_refresh(),
        "minutes_per_day": load_calendar(today).hours.seconds_per_day // 60,
        "exact_limit": EXACT_LIMIT,
    }
    return render(request, "metrics/public_stats.html", context)
