"""The one-stop evaluation (TT 01/2018/TT-VPCP Điều 13–15) as rules read from a versioned scheme.

What the law fixes lives in `EvaluationScheme.config` (which indicators exist, where each one's
data comes from, the points of each timeliness, the indicator 9 thresholds, the bands, the report
period's cut-off day); this module only knows how to measure each kind of source:

- ``settlement``: indicator 1, the national settlement of the dossier (dossiers.timeliness)
  compared with its legal time: early → 2, on time → 1, late → 0 (config ``timeliness_points``);
- ``unit_steps``: indicator 2, each participating unit's hand-overs against its step due time as
  recorded in the history (liên thông agencies included), a unit's worst step counting;
- ``citizen``: the applicant's answer on the rating form (3, 4, 6, 7; 5 and 9 are asked too but
  are per-unit indicators, shown beside the measured score);
- ``one_stop_desk``: indicator 5, measured share of dossiers received at a one-stop desk (1 point at
  100 %); the 2-point criterion (share of procedures fully delegated to the desk) is self-assessed;
- ``online_service``: indicator 9 from the catalog and the dossiers (see `online_points`);
- ``feedback``: indicator 8, no data source yet: left out of the total (Điều 15).

Điều 15: an indicator's score is Σ dossier scores ÷ number of dossiers rounded to one decimal
(half up); the total is the sum of the indicators that have data; bands are read from the total.

Decisions the law leaves open (docs/huong-dan-su-dung.md, "Tổng hợp đánh giá"):
- a dossier belongs to the period in which its processing ended (the settlement's end);
- a withdrawn or refused dossier has no result, so no indicator 1; the steps its units had
  already handed over still count for indicator 2; it cannot be rated;
- for a unit with sub-units, indicator 2 averages every (dossier, participating unit) pair.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from motcua.accounts.constants import UnitKind
from motcua.core.localtime import to_local
from motcua.dossiers.constants import Action, Channel, Timeliness
from motcua.dossiers.models import Dossier
from motcua.dossiers.timeliness import dossier_settlement
from motcua.reports.constants import PeriodKind
from motcua.reports.periods import current_period
from motcua.reports.periods import period_of as report_period
from motcua.workdays.calendar import WorkCalendar

SOURCES = ("settlement", "unit_steps", "citizen", "one_stop_desk", "online_service", "feedback")
SCOPES = ("dossier", "unit")
DESK_KINDS = (UnitKind.ONE_STOP_DESK, UnitKind.SERVICE_CENTRE)
# Leaving a step by these is not finishing it: the unit's time is not judged.
UNFINISHED_STEP = (Action.REFUSE, Action.WITHDRAW)
ONE_DECIMAL = Decimal("0.1")
REPORT_PERIODS, CALENDAR = "report_periods", "calendar"


class SchemeError(ValueError):
    """The scheme's configuration cannot be used (message in Vietnamese)."""


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    scope: str  # scored per dossier (then averaged) or per unit
    source: str
    staff: bool = False  # counts in an officer's evaluation (Điều 15: 1, 2, 3, 4, 7)
    self_assessable: bool = False  # the unit may enter its own score (tự chấm)
    max_points: Decimal = Decimal(2)

    @property
    def key(self) -> str:
        return f"i{self.number}"


@dataclass(frozen=True)
class Band:
    minimum: Decimal
    label: str


@dataclass(frozen=True)
class OnlineThresholds:
    """Indicator 9 (Điều 13): percentages that earn 2 or 1 point."""

    procedures_share_for_2: Decimal
    dossier_share_for_2: Decimal
    dossier_share_for_1: Decimal


@dataclass(frozen=True)
class SchemeRules:
    indicators: tuple[Indicator, ...]
    timeliness_points: dict[str, int]
    unit_bands: tuple[Band, ...]
    staff_bands: tuple[Band, ...]
    unit_max: Decimal
    staff_max: Decimal
    online: OnlineThresholds
    min_sample: int  # fewer scored dossiers than this: "not enough data", left out
    periods: str  # REPORT_PERIODS (the reports app's cut-offs) or CALENDAR quarters

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    @property
    def staff_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.staff)


def _decimal(value: Any, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise SchemeError(f"«{what}» phải là một số.") from exc


def _bands(raw: Any, what: str) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise SchemeError(f"Thiếu danh sách xếp loại «{what}».")
    bands = sorted(
        (Band(_decimal(b["min"], what), str(b["label"])) for b in raw),
        key=lambda b: b.minimum,
        reverse=True,
    )
    if bands[-1].minimum > 0:
        raise SchemeError(f"Xếp loại «{what}» phải có mức thấp nhất từ 0 điểm.")
    return tuple(bands)


def rules_of(config: dict[str, Any]) -> SchemeRules:
    """Read and check a scheme's configuration."""
    try:
        indicators = tuple(
            Indicator(
                number=int(raw["number"]),
                name=str(raw["name"]),
                scope=str(raw["scope"]),
                source=str(raw["source"]),
                staff=bool(raw.get("staff", False)),
                self_assessable=bool(raw.get("self_assessable", False)),
                max_points=_decimal(raw.get("max_points", 2), "max_points"),
            )
            for raw in config["indicators"]
        )
        online = config.get("online_service", {})
        rules = SchemeRules(
            indicators=tuple(sorted(indicators, key=lambda i: i.number)),
            timeliness_points={k: int(v) for k, v in config.get("timeliness_points", {}).items()},
            unit_bands=_bands(config.get("unit_bands"), "đơn vị"),
            staff_bands=_bands(config.get("staff_bands"), "cán bộ"),
            unit_max=_decimal(config["unit_max"], "unit_max"),
            staff_max=_decimal(config["staff_max"], "staff_max"),
            online=OnlineThresholds(
                procedures_share_for_2=_decimal(online.get("procedures_share_for_2", 0), "ngưỡng"),
                dossier_share_for_2=_decimal(online.get("dossier_share_for_2", 0), "ngưỡng"),
                dossier_share_for_1=_decimal(online.get("dossier_share_for_1", 0), "ngưỡng"),
            ),
            min_sample=max(int(config.get("min_sample", 1)), 1),
            periods=str(config.get("periods", REPORT_PERIODS)),
        )
    except (KeyError, TypeError) as exc:
        raise SchemeError(f"Cấu hình bộ tiêu chí thiếu hoặc sai mục {exc}.") from exc
    for indicator in rules.indicators:
        if indicator.source not in SOURCES or indicator.scope not in SCOPES:
            raise SchemeError(f"Chỉ số {indicator.number}: nguồn hoặc phạm vi không hợp lệ.")
    if set(rules.timeliness_points) != set(Timeliness.values):
        raise SchemeError("Cần điểm cho trước hạn, đúng hạn và quá hạn.")
    if rules.periods not in (REPORT_PERIODS, CALENDAR):
        raise SchemeError("Kỳ đánh giá phải là «report_periods» hoặc «calendar».")
    return rules


# ---------------------------------------------------------------------------------------------
# Arithmetic of Điều 15


def average(total: int, count: int) -> Decimal | None:
    """Σ scores ÷ number of dossiers, rounded half up to one decimal (None without dossiers)."""
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100, one decimal (None when whole is 0)."""
    if whole <= 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def band_of(total: Decimal, bands: Iterable[Band]) -> str:
    """The label of the first band (highest first) whose minimum the total reaches."""
    for band in bands:
        if total >= band.minimum:
            return band.label
    return ""


def online_points(
    rules: SchemeRules,
    *,
    procedures_share: Decimal | None,
    dossier_share: Decimal | None,
    late_online: int,
) -> int | None:
    """Indicator 9 (Điều 13): 2 when ≥ 20 % of procedures are offered online, ≥ 30 % of dossiers
    came online and no online dossier was late; 1 when online service exists, 15–< 30 % came
    online and none was late; otherwise 0. None without procedures or dossiers to measure."""
    if procedures_share is None or dossier_share is None:
        return None
    t = rules.online
    if late_online == 0:
        if procedures_share >= t.procedures_share_for_2 and dossier_share >= t.dossier_share_for_2:
            return 2
        if procedures_share > 0 and dossier_share >= t.dossier_share_for_1:
            return 1
    return 0


# ---------------------------------------------------------------------------------------------
# Periods


def period_bounds(rules: SchemeRules, year: int, quarter: int | None) -> tuple[date, date]:
    """[first, last] day of a quarter (1–4) or, with None, of the year.

    By default the report periods of the reports app (NĐ 09/2019 Điều 12, versioned cut-offs:
    Q1 = 15/12 of the year before → 14/3, the year 15/12 → 14/12); with ``"periods":
    "calendar"`` in the scheme, calendar quarters.
    """
    if rules.periods == CALENDAR:
        first_month = 1 if quarter is None else 3 * quarter - 2
        last_month = 12 if quarter is None else 3 * quarter
        end = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
        return date(year, first_month, 1), end
    period = (
        report_period(PeriodKind.QUARTER, year, quarter)
        if quarter
        else report_period(PeriodKind.YEAR, year)
    )
    return period.first, period.last


def period_of(rules: SchemeRules, day: date) -> tuple[int, int]:
    """(year, quarter) of the period that holds `day`."""
    if rules.periods == CALENDAR:
        return day.year, (day.month - 1) // 3 + 1
    period = current_period(PeriodKind.QUARTER, day)
    return period.year, period.number


# ---------------------------------------------------------------------------------------------
# One dossier


@dataclass
class ScoredDossier:
    """What the rollup refresh (services.evaluation_rescore) stores for one accepted dossier."""

    fields: dict[str, Any]
    unit_steps: dict[int, tuple[int, int]] = field(default_factory=dict)  # unit → (i2, steps)
    officers: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # user → (unit, i2)


def score_dossier(
    dossier: Dossier, rules: SchemeRules, calendar: WorkCalendar, due_basis: str
) -> ScoredDossier:
    """Score one accepted dossier. Prefetch `deadline`, `supplements`, `apologies`, `rating`,
    `receiving_unit` and `events` (ordered, with `actor`)."""
    assert dossier.accepted_at is not None
    points = rules.timeliness_points
    settlement = dossier_settlement(dossier, calendar, due_basis=due_basis)
    has_result = settlement is not None and settlement.has_result
    rating = getattr(dossier, "rating", None)
    answers: dict[str, int] = rating.scores if rating is not None else {}
    fields: dict[str, Any] = {
        "receiving_unit_id": dossier.receiving_unit_id,
        "procedure_id": dossier.procedure_id,
        "online": dossier.channel == Channel.ONLINE,
        "accepted_on": to_local(dossier.accepted_at).date(),
        "ended_on": to_local(settlement.ended_at).date() if settlement else None,
        "has_result": has_result,
        "at_desk": dossier.receiving_unit.kind in DESK_KINDS,
        "late": bool(settlement and settlement.timeliness == Timeliness.LATE),
        "i1": None,
        "satisfaction": rating.satisfaction if rating is not None else "",
    }
    indicator1 = rules.indicator(1)
    if has_result and indicator1 and indicator1.source == "settlement" and settlement:
        fields["i1"] = points.get(settlement.timeliness)
    for number in (3, 4, 5, 6, 7, 9):
        indicator = rules.indicator(number)
        value = answers.get(f"i{number}")
        fields[f"i{number}"] = value if indicator is not None and value in (0, 1, 2) else None
    scored = ScoredDossier(fields)

    worst_step: dict[int, int] = {}
    step_count: dict[int, int] = {}
    officer_unit: dict[int, int] = {}
    officer_worst: dict[int, int] = {}
    for event in dossier.events.all():
        actor = event.actor
        is_officer = actor is not None and actor.is_staff
        if is_officer:
            assert actor is not None
            unit_id = event.from_unit_id or event.to_unit_id or dossier.receiving_unit_id
            officer_unit.setdefault(actor.pk, unit_id)
        timed = (
            event.step_due_at is not None
            and event.timeliness in points
            and event.action not in UNFINISHED_STEP
        )
        if not timed or event.from_unit_id is None:
            continue
        value = points[event.timeliness]
        step_unit: int = event.from_unit_id
        worst_step[step_unit] = min(worst_step.get(step_unit, value), value)
        step_count[step_unit] = step_count.get(step_unit, 0) + 1
        # The external agency's time is recorded by whoever logs its answer: not that
        # officer's own step.
        if is_officer and event.action != Action.RECEIVE_EXTERNAL:
            assert actor is not None
            officer_worst[actor.pk] = min(officer_worst.get(actor.pk, value), value)
    if rules.indicator(2) is not None:
        scored.unit_steps = {u: (worst_step[u], step_count[u]) for u in worst_step}
    scored.officers = {
        officer: (unit, officer_worst.get(officer)) for officer, unit in officer_unit.items()
    }
    return scored
