"""Satisfaction per unit and per officer; the one-stop evaluation summary, for the back office."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.models import Unit
from motcua.accounts.permissions import unit_and_descendants
from motcua.catalog.constants import ONLINE_SERVICE_LEVELS
from motcua.catalog.selectors import procedures_in_force
from motcua.core.localtime import format_datetime
from motcua.core.numbers import vn_number
from motcua.dossiers.constants import Channel, Satisfaction
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import overdue
from motcua.ratings.evaluation import (
    Indicator,
    SchemeRules,
    average,
    band_of,
    online_points,
    percent,
    period_bounds,
    rules_of,
)
from motcua.ratings.models import (
    DossierScore,
    EvaluationScheme,
    OfficerScore,
    Rating,
    SelfAssessment,
    UnitStepScore,
)


@dataclass
class Tally:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Satisfaction.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_percent(self) -> float | None:
        """Share of Rất hài lòng + Hài lòng (None without ratings)."""
        if not self.total:
            return None
        happy = self.counts[Satisfaction.VERY_SATISFIED] + self.counts[Satisfaction.SATISFIED]
        return round(100 * happy / self.total, 1)


def satisfaction_tallies(dossiers: QuerySet[Dossier]) -> tuple[list[Tally], list[Tally]]:
    """(per receiving unit, per officer who acted on the dossier) over rated `dossiers`."""
    ratings = Rating.objects.filter(dossier__in=dossiers).select_related("dossier__receiving_unit")
    by_unit: dict[int, Tally] = {}
    by_officer: dict[int, Tally] = {}
    actors: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for dossier_id, actor_id, label in DossierEvent.objects.filter(
        dossier__rating__in=ratings, actor__isnull=False, actor__is_staff=True
    ).values_list("dossier_id", "actor_id", "actor_label"):
        actors[dossier_id].add((actor_id, label))
    for rating in ratings:
        unit = rating.dossier.receiving_unit
        by_unit.setdefault(unit.pk, Tally(unit.name)).counts[rating.satisfaction] += 1
        for actor_id, label in actors[rating.dossier_id]:
            by_officer.setdefault(actor_id, Tally(label)).counts[rating.satisfaction] += 1
    order = lambda t: (-t.total, t.name)  # noqa: E731
    return sorted(by_unit.values(), key=order), sorted(by_officer.values(), key=order)


# ---------------------------------------------------------------------------------------------
# The one-stop evaluation summary (evaluation.py), read from the per-dossier scores.

ORIGIN_LABELS = {
    "measured": "Đo từ hệ thống",
    "citizen": "Người dân đánh giá",
    "self": "Tự chấm",
    "no_data": "Chưa có dữ liệu",
}
PER_DOSSIER_KEYS = (1, 3, 4, 5, 6, 7, 9)


def scheme_in_force(day: date) -> EvaluationScheme | None:
    """The enabled evaluation scheme in force on `day`, if any (the evaluation is optional)."""
    return (
        EvaluationScheme.objects.filter(enabled=True, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .order_by("-effective_from")
        .first()
    )


@dataclass
class IndicatorLine:
    """One indicator of a unit's or an officer's summary."""

    number: int
    name: str
    max_points: Decimal
    points: Decimal | None  # None: not enough data, left out of the total
    origin: str  # key of ORIGIN_LABELS
    basis: str  # what the figure was computed from, in words
    sample: int = 0  # dossiers (or dossier-unit pairs) behind a per-dossier average
    drill: bool = False  # the dossiers behind it can be listed
    citizen_points: Decimal | None = None  # for 5 and 9: what applicants answered
    self_note: str = ""

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]

    @property
    def counted(self) -> bool:
        return self.points is not None


@dataclass
class SatisfactionShare:
    label: str
    count: int
    percent: Decimal | None


@dataclass
class OfficerLine:
    officer_id: int
    name: str
    unit: str
    dossiers: int
    lines: list[IndicatorLine]
    total: Decimal
    band: str


@dataclass
class EvaluationSummary:
    scheme: EvaluationScheme
    rules: SchemeRules
    unit: Unit
    year: int
    quarter: int | None
    first_day: date
    last_day: date
    lines: list[IndicatorLine]
    forms: int  # Số phiếu đánh giá
    satisfaction: list[SatisfactionShare]
    settled: int  # dossiers that ended with a result in the period
    officers: list[OfficerLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines if line.points is not None), Decimal(0))

    @property
    def counted(self) -> int:
        return sum(line.counted for line in self.lines)

    @property
    def band(self) -> str:
        return band_of(self.total, self.rules.unit_bands) if self.counted else ""

    @property
    def period_label(self) -> str:
        return f"Quý {self.quarter} năm {self.year}" if self.quarter else f"Năm {self.year}"


def _scored_in(subtree: set[int], first: date, last: date) -> QuerySet[DossierScore]:
    """Dossiers ended in [first, last] that the subtree received or took part in."""
    took_part = UnitStepScore.objects.filter(
        unit_id__in=subtree, ended_on__gte=first, ended_on__lte=last
    ).values("score_id")
    return DossierScore.objects.filter(ended_on__gte=first, ended_on__lte=last).filter(
        Q(receiving_unit_id__in=subtree) | Q(pk__in=took_part)
    )


def _latest_self_assessments(
    scheme: EvaluationScheme, unit: Unit, year: int, quarter: int | None
) -> dict[int, SelfAssessment]:
    latest: dict[int, SelfAssessment] = {}
    entries = SelfAssessment.objects.filter(
        scheme=scheme, unit=unit, year=year, quarter=quarter
    ).select_related("entered_by")
    for entry in entries.order_by("-entered_at", "-id"):
        latest.setdefault(entry.indicator, entry)
    return latest


def _online_facts(
    subtree: set[int], first: date, last: date
) -> tuple[int, int, int, int, int, int]:
    """(procedures, procedures offered online, dossiers accepted, online ones, online ones open
    and overdue now, procedures left out because their online level is a demo value) for
    indicator 9."""
    mine = Q(receiving_unit_id__in=subtree) | Q(procedure__implementing_unit_id__in=subtree)
    accepted = DossierScore.objects.filter(accepted_on__gte=first, accepted_on__lte=last).filter(
        mine
    )
    counts = accepted.aggregate(total=Count("pk"), online=Count("pk", filter=Q(online=True)))
    procedures = procedures_in_force(last).filter(
        Q(implementing_unit_id__in=subtree)
        | Q(pk__in=accepted.filter(receiving_unit_id__in=subtree).values("procedure_id"))
    )
    levels = list(procedures.only("online_level", "demo_fields"))
    offered = sum(1 for p in levels if p.counts_as_online_service)
    demo = sum(
        1 for p in levels if p.online_level_is_demo and p.online_level in ONLINE_SERVICE_LEVELS
    )
    open_late = 0
    if last >= timezone.localdate():
        open_late = overdue(
            Dossier.objects.filter(mine, channel=Channel.ONLINE, accepted_at__isnull=False)
        ).count()
    return len(levels), offered, counts["total"], counts["online"], open_late, demo


def _per_dossier_line(
    indicator: Indicator, total: int | None, count: int, min_sample: int, what: str
) -> IndicatorLine:
    points = average(total or 0, count) if count >= min_sample else None
    return IndicatorLine(
        number=indicator.number,
        name=indicator.name,
        max_points=indicator.max_points,
        points=points,
        origin=("measured" if indicator.source != "citizen" else "citizen")
        if points is not None
        else "no_data",
        basis=f"Trung bình {count} {what}" if count else f"Chưa có {what} nào trong kỳ",
        sample=count,
        drill=count > 0,
    )


def _with_self_assessment(line: IndicatorLine, entry: SelfAssessment | None) -> IndicatorLine:
    if entry is None:
        return line
    line.points = entry.points
    line.origin = "self"
    who = str(entry.entered_by) if entry.entered_by else "không rõ"
    line.self_note = f"{entry.note} ({who}, {format_datetime(entry.entered_at)})"
    return line


def evaluation_summary(*, unit: Unit, year: int, quarter: int | None) -> EvaluationSummary | None:
    """The quarterly (or, with quarter None, yearly) summary of `unit` and its subtree, with its
    officers; None when no evaluation scheme is in force for the period."""
    probe = scheme_in_force(date(year, 3 * (quarter or 4), 1))
    if probe is None:
        return None
    rules = rules_of(probe.config)
    first, last = period_bounds(rules, year, quarter)
    scheme = scheme_in_force(last) or probe
    if scheme != probe:
        rules = rules_of(scheme.config)
        first, last = period_bounds(rules, year, quarter)
    subtree = unit_and_descendants(unit)
    scored = _scored_in(subtree, first, last)
    sums: dict[str, Any] = {}
    for k in PER_DOSSIER_KEYS:
        sums[f"s{k}"], sums[f"n{k}"] = Sum(f"i{k}"), Count(f"i{k}")
    sums["settled"] = Count("pk", filter=Q(has_result=True))
    sums["at_desk"] = Count("pk", filter=Q(has_result=True, at_desk=True))
    sums["late_online"] = Count("pk", filter=Q(online=True, late=True))
    for level in Satisfaction.values:
        sums[level] = Count("pk", filter=Q(satisfaction=level))
    figures = scored.aggregate(**sums)
    steps = UnitStepScore.objects.filter(
        unit_id__in=subtree, ended_on__gte=first, ended_on__lte=last
    ).aggregate(total=Sum("i2"), count=Count("i2"))
    own = _latest_self_assessments(scheme, unit, year, quarter)

    lines: list[IndicatorLine] = []
    for indicator in rules.indicators:
        n = indicator.number
        if indicator.source == "settlement":
            line = _per_dossier_line(
                indicator, figures["s1"], figures["n1"], rules.min_sample, "hồ sơ có kết quả"
            )
        elif indicator.source == "unit_steps":
            line = _per_dossier_line(
                indicator, steps["total"], steps["count"], rules.min_sample, "lượt đơn vị xử lý"
            )
        elif indicator.source == "citizen":
            line = _per_dossier_line(
                indicator,
                figures.get(f"s{n}"),
                figures.get(f"n{n}") or 0,
                rules.min_sample,
                "phiếu đánh giá",
            )
        elif indicator.source == "one_stop_desk":
            line = _desk_line(indicator, figures["settled"], figures["at_desk"], rules.min_sample)
        elif indicator.source == "online_service":
            line = _online_line(indicator, rules, subtree, first, last, figures["late_online"])
        else:
            line = IndicatorLine(
                n,
                indicator.name,
                indicator.max_points,
                None,
                "no_data",
                "Hệ thống chưa có dữ liệu xử lý phản ánh, kiến nghị; không tính vào tổng điểm",
            )
        if indicator.scope == "unit" and f"s{n}" in figures and figures[f"n{n}"]:
            line.citizen_points = average(figures[f"s{n}"], figures[f"n{n}"])
        if indicator.self_assessable:
            line = _with_self_assessment(line, own.get(n))
        lines.append(line)

    forms = sum(figures[level] for level in Satisfaction.values)
    shares = [
        SatisfactionShare(label, figures[value], percent(figures[value], forms))
        for value, label in Satisfaction.choices
    ]
    summary = EvaluationSummary(
        scheme=scheme,
        rules=rules,
        unit=unit,
        year=year,
        quarter=quarter,
        first_day=first,
        last_day=last,
        lines=lines,
        forms=forms,
        satisfaction=shares,
        settled=figures["settled"],
    )
    summary.officers = _officer_lines(rules, subtree, first, last)
    return summary


def _pct(value: Decimal | None) -> str:
    return vn_number(float(value), 1) if value is not None else "—"


def _desk_line(indicator: Indicator, settled: int, at_desk: int, min_sample: int) -> IndicatorLine:
    """Indicator 5, measured part: every dossier with a result received at a one-stop desk (1
    point). The 2-point criterion needs the share of procedures fully delegated to the desk,
    which the system does not hold: the unit self-assesses it."""
    if settled < min_sample:
        return IndicatorLine(
            indicator.number,
            indicator.name,
            indicator.max_points,
            None,
            "no_data",
            "Chưa có hồ sơ có kết quả trong kỳ",
        )
    points = Decimal(1 if at_desk == settled else 0)
    return IndicatorLine(
        indicator.number,
        indicator.name,
        indicator.max_points,
        points,
        "measured",
        f"{at_desk}/{settled} hồ sơ có kết quả được tiếp nhận tại Bộ phận Một cửa "
        f"({_pct(percent(at_desk, settled))}%). Mức 2 điểm cần tỷ lệ TTHC giao Bộ phận Một cửa "
        "thẩm định, phê duyệt: đơn vị tự chấm",
        sample=settled,
    )


def _online_line(
    indicator: Indicator,
    rules: SchemeRules,
    subtree: set[int],
    first: date,
    last: date,
    late_settled: int,
) -> IndicatorLine:
    procedures, offered, accepted, online, open_late, demo = _online_facts(subtree, first, last)
    procedures_share = percent(offered, procedures)
    dossier_share = percent(online, accepted)
    late = late_settled + open_late
    value = online_points(
        rules, procedures_share=procedures_share, dossier_share=dossier_share, late_online=late
    )
    if value is None:
        basis = "Chưa có thủ tục hoặc hồ sơ tiếp nhận trong kỳ để tính"
    else:
        basis = (
            f"{offered}/{procedures} TTHC cung cấp trực tuyến ({_pct(procedures_share)}%); "
            f"{online}/{accepted} hồ sơ tiếp nhận trực tuyến ({_pct(dossier_share)}%); "
            f"{late} hồ sơ trực tuyến quá hạn"
        )
        if demo:  # the same rule as QĐ 766 indicator 3.1 (Procedure.counts_as_online_service)
            basis += (
                f"; không tính {demo} TTHC có mức độ trực tuyến là giá trị minh họa "
                "(chưa có nguồn công bố)"
            )
    return IndicatorLine(
        indicator.number,
        indicator.name,
        indicator.max_points,
        None if value is None else Decimal(value),
        "no_data" if value is None else "measured",
        basis,
        sample=accepted,
    )


def _officer_lines(
    rules: SchemeRules, subtree: set[int], first: date, last: date
) -> list[OfficerLine]:
    """Indicators 1, 2, 3, 4, 7 (those marked for staff) per officer of the subtree."""
    staff = rules.staff_indicators
    sums: dict[str, Any] = {"dossiers": Count("pk")}
    for indicator in staff:
        k = indicator.number
        column = "i2" if indicator.source == "unit_steps" else f"score__i{k}"
        sums[f"s{k}"], sums[f"n{k}"] = Sum(column), Count(column)
    rows = (
        OfficerScore.objects.filter(unit_id__in=subtree, ended_on__gte=first, ended_on__lte=last)
        .values("officer_id", "officer__full_name", "officer__username")
        .annotate(unit_name=Min("unit__name"), **sums)
        .order_by("officer__full_name", "officer_id")
    )
    found: list[OfficerLine] = []
    row: dict[str, Any]
    for row in rows:  # type: ignore[assignment]  # keys built from the scheme
        lines = []
        for indicator in staff:
            k = indicator.number
            count = row[f"n{k}"]
            points = average(row[f"s{k}"] or 0, count) if count >= rules.min_sample else None
            lines.append(
                IndicatorLine(
                    k,
                    indicator.name,
                    indicator.max_points,
                    points,
                    "measured" if points is not None else "no_data",
                    f"Trung bình {count} hồ sơ" if count else "Chưa có dữ liệu",
                    sample=count,
                )
            )
        total = sum((x.points for x in lines if x.points is not None), Decimal(0))
        found.append(
            OfficerLine(
                officer_id=row["officer_id"],
                name=row["officer__full_name"] or row["officer__username"],
                unit=row["unit_name"],
                dossiers=row["dossiers"],
                lines=lines,
                total=total,
                band=band_of(total, rules.staff_bands) if any(x.counted for x in lines) else "",
            )
        )
    return found


def evaluation_dossiers(
    *, unit: Unit, first: date, last: date, indicator: int
) -> QuerySet[DossierScore] | QuerySet[UnitStepScore]:
    """The scored rows behind a per-dossier indicator of a unit's summary (drill-down)."""
    subtree = unit_and_descendants(unit)
    if indicator == 2:
        return (
            UnitStepScore.objects.filter(
                unit_id__in=subtree, ended_on__gte=first, ended_on__lte=last
            )
            .select_related("score__dossier__procedure", "unit")
            .order_by("i2", "score__ended_on", "score_id")
        )
    return (
        _scored_in(subtree, first, last)
        .filter(**{f"i{indicator}__isnull": False})
        .select_related("dossier__procedure")
        .order_by(f"i{indicator}", "ended_on", "pk")
    )
