"""The Decision 766 service index (Bộ chỉ số 766, QĐ 766/QĐ-TTg ngày 23/6/2022): a versioned scheme
and the computation of points from counted figures.

Everything legal is configuration (an IndexScheme row, loaded from metrics/schemes/*.json): the
groups and their maximum points, each indicator's formula key, maximum points, threshold and
bands. This module only knows how each formula key is counted and how points follow from a rate:

- with a threshold: points = min(max, rate × max ÷ threshold);
- without one: points = rate × max;
- rates and points rounded half up to 2 decimals (legal-facts §4.2, [C-impl]).

An indicator whose data does not exist in this installation (no feedback module, no payment
gateway, no national-portal sync…) has no figure at all: `points` is None with the note "Chưa có
dữ liệu", never 0. An indicator whose denominator is 0 has no rate either.

Figures come from the rollups (selectors.index_inputs) and the catalog, never from the dossiers.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from motcua.catalog.constants import ONLINE_SERVICE_LEVELS, OnlineLevel
from motcua.core.numbers import vn_number
from motcua.metrics.constants import Source
from motcua.workdays.selectors import load_calendar

NO_DATA = "Chưa có dữ liệu"
CENT = Decimal("0.01")


class SchemeError(ValueError):
    """A scheme definition that cannot be used; the message says what to fix, in Vietnamese."""


# --- the scheme --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    name: str
    formula: str
    max_points: Decimal | None  # None: monitored, not scored
    threshold: Decimal | None  # percent giving full points; None: rate × max
    params: Mapping[str, Any]
    basis: str  # where the formula and points come from
    confirmed: bool  # False: points not confirmed by the legal text (shown so)


@dataclass(frozen=True)
class GroupDef:
    id: str
    name: str
    max_points: Decimal
    indicators: tuple[IndicatorDef, ...]


@dataclass(frozen=True)
class Band:
    name: str
    min_points: Decimal
    legal_basis: str


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    effective_from: date
    legal_basis: str
    note: str
    sources: tuple[str, ...]
    groups: tuple[GroupDef, ...]
    bands: tuple[Band, ...]  # highest first; empty until configured with a legal basis

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))

    def indicator(self, indicator_id: str) -> IndicatorDef | None:
        for group in self.groups:
            for indicator in group.indicators:
                if indicator.id == indicator_id:
                    return indicator
        return None


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SchemeError(f"{where}: cần một số.")
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise SchemeError(f"{where}: «{value}» không phải là số.") from exc
    if not number.is_finite() or number < 0:
        raise SchemeError(f"{where}: cần một số không âm.")
    return number


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SchemeError(f"{where}: thiếu «{key}».")
    return value.strip()


def scheme_of(definition: Mapping[str, Any]) -> Scheme:
    """Parse and check a scheme definition (the JSON of metrics/schemes/*.json)."""
    if not isinstance(definition, Mapping):
        raise SchemeError("Cấu hình bộ chỉ số phải là một đối tượng JSON.")
    try:
        effective_from = date.fromisoformat(_text(definition, "effective_from", "Phiên bản"))
    except ValueError as exc:
        raise SchemeError("Phiên bản: «effective_from» phải có dạng YYYY-MM-DD.") from exc
    groups: list[GroupDef] = []
    seen: set[str] = set()
    for g, group in enumerate(definition.get("groups") or [], 1):
        where = f"Nhóm {group.get('id', g)}"
        indicators: list[IndicatorDef] = []
        for item in group.get("indicators") or []:
            indicator_id = _text(item, "id", where)
            at = f"Chỉ số {indicator_id}"
            if indicator_id in seen:
                raise SchemeError(f"{at}: mã chỉ số bị trùng.")
            seen.add(indicator_id)
            formula = _text(item, "formula", at)
            if formula not in FORMULAS:
                raise SchemeError(f"{at}: không có công thức «{formula}».")
            points = item.get("max_points")
            threshold = item.get("threshold")
            params = item.get("params") or {}
            if not isinstance(params, Mapping):
                raise SchemeError(f"{at}: «params» phải là một đối tượng.")
            indicators.append(
                IndicatorDef(
                    id=indicator_id,
                    name=_text(item, "name", at),
                    formula=formula,
                    max_points=None if points is None else _decimal(points, f"{at}, điểm"),
                    threshold=None if threshold is None else _decimal(threshold, f"{at}, ngưỡng"),
                    params=params,
                    basis=str(item.get("basis") or ""),
                    confirmed=bool(item.get("confirmed", True)),
                )
            )
            if indicators[-1].threshold == 0:
                raise SchemeError(f"{at}: ngưỡng phải lớn hơn 0.")
        max_points = _decimal(group.get("max_points"), f"{where}, điểm tối đa")
        total = sum((i.max_points or Decimal(0) for i in indicators), Decimal(0))
        if total != max_points:
            raise SchemeError(
                f"{where}: tổng điểm các chỉ số ({total}) khác điểm tối đa của nhóm ({max_points})."
            )
        groups.append(
            GroupDef(
                id=_text(group, "id", where),
                name=_text(group, "name", where),
                max_points=max_points,
                indicators=tuple(indicators),
            )
        )
    if not groups:
        raise SchemeError("Bộ chỉ số chưa có nhóm nào.")
    bands = []
    for band in definition.get("bands") or []:
        name = _text(band, "name", "Xếp loại")
        bands.append(
            Band(
                name=name,
                min_points=_decimal(band.get("min_points"), f"Xếp loại {name}"),
                # A band without its legal basis is exactly what must not be shown.
                legal_basis=_text(band, "legal_basis", f"Xếp loại {name}"),
            )
        )
    return Scheme(
        code=_text(definition, "code", "Phiên bản"),
        name=_text(definition, "name", "Phiên bản"),
        effective_from=effective_from,
        legal_basis=_text(definition, "legal_basis", "Phiên bản"),
        note=str(definition.get("note") or ""),
        sources=tuple(str(s) for s in definition.get("sources") or []),
        groups=tuple(groups),
        bands=tuple(sorted(bands, key=lambda b: b.min_points, reverse=True)),
    )


# --- what the formulas read --------------------------------------------------------------------


@dataclass
class Flow:
    """Sums of the rollup rows of one procedure over a period, and its open dossiers at the end."""

    received: int = 0
    received_online: int = 0
    received_online_e_result: int = 0
    received_reused: int = 0
    received_paid_online: int = 0
    settled: int = 0
    settled_early: int = 0
    settled_on_time: int = 0
    settled_late: int = 0
    timed: int = 0
    minutes_sum: int = 0
    results_electronic: int = 0
    results_digitized: int = 0
    rated: int = 0
    rated_unsatisfied: int = 0
    rated_unsatisfied_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0

    @property
    def classified(self) -> int:
        return self.settled_early + self.settled_on_time + self.settled_late


FLOW_SUMS = tuple(name for name in Flow.__dataclass_fields__ if not name.startswith("open_"))


@dataclass(frozen=True)
class ProcedureFacts:
    """What the catalog says of one procedure (as it is now)."""

    pk: int
    in_force: bool  # at the period's last day
    online_level: str
    online_level_demo: bool  # the online level is a demo value, not a published fact
    online_service: bool  # Procedure.counts_as_online_service: the one rule, in the catalog
    fully_online_eligible: bool
    result_paper: bool
    fee_bearing: bool  # at least one fee or charge above 0 đồng
    present: frozenset[str]  # published facts known and not demo values (1.3)
    decision_date: date | None
    effective_from: date | None


@dataclass
class IndexInputs:
    first: date
    last: date
    flows: dict[int, Flow]  # by procedure
    procedures: dict[int, ProcedureFacts]  # the procedures of the scope
    sources: frozenset[str]
    minutes_per_day: int = 480


@dataclass(frozen=True)
class Measure:
    numerator: int | None = None
    denominator: int | None = None
    value: Decimal | None = None  # a monitored figure that is not a rate (2.2)
    value_unit: str = ""
    note: str = ""  # why the figure may differ from another page's count of the same thing


FormulaFn = Callable[[IndexInputs, Mapping[str, Any]], Measure]


@dataclass(frozen=True)
class Formula:
    sources: frozenset[str]
    compute: FormulaFn | None  # None: nothing in MotCua records this yet
    # A source the official formula also uses that is left out while it is missing.
    partial: tuple[str, str] | None = None  # (source, note)


def _sum(
    inputs: IndexInputs, name: str, where: Callable[[ProcedureFacts], bool] | None = None
) -> int:
    total = 0
    for pk, flow in inputs.flows.items():
        facts = inputs.procedures.get(pk)
        if where is None or (facts is not None and where(facts)):
            total += getattr(flow, name)
    return total


def _ratio(numerator: int, denominator: int) -> Measure:
    return Measure(numerator=numerator, denominator=denominator)


def _working_days_before(day: date, count: int) -> date:
    calendar = load_calendar(day)
    while count > 0:
        day -= timedelta(days=1)
        count -= calendar.is_working(day)
    return day


def _announced_on_time(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    # 1.1: announced in the period, dated at least N working days before taking effect.
    days = int(params.get("working_days_before", 5))
    announced = [
        p
        for p in inputs.procedures.values()
        if p.decision_date and p.effective_from and inputs.first <= p.decision_date <= inputs.last
    ]
    on_time = 0
    for p in announced:
        assert p.decision_date is not None
        assert p.effective_from is not None
        on_time += p.decision_date <= _working_days_before(p.effective_from, days)
    return _ratio(on_time, len(announced))


def _content_complete(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    required = set(params.get("required") or ())
    in_force = [p for p in inputs.procedures.values() if p.in_force]
    return _ratio(sum(1 for p in in_force if required <= p.present), len(in_force))


def _on_time(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    # 2.1: settled early or on time + still in time at the end, over settled + still open.
    good = _sum(inputs, "settled_early") + _sum(inputs, "settled_on_time")
    good += _sum(inputs, "open_in_time")
    total = _sum(inputs, "classified") + _sum(inputs, "open_in_time") + _sum(inputs, "open_overdue")
    return _ratio(good, total)


def _average_time(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    # 2.2: monitored; working days from acceptance to result, supplement waits excluded.
    timed, minutes = _sum(inputs, "timed"), _sum(inputs, "minutes_sum")
    if not timed:
        return Measure(numerator=minutes, denominator=0)
    days = Decimal(minutes) / Decimal(timed) / Decimal(inputs.minutes_per_day)
    return Measure(
        numerator=minutes,
        denominator=timed,
        value=days.quantize(CENT, ROUND_HALF_UP),
        value_unit="ngày làm việc",
    )


def _demo_levels_note(procedures: list[ProcedureFacts]) -> str:
    levels = ONLINE_SERVICE_LEVELS
    demo = sum(1 for p in procedures if p.online_level_demo and p.online_level in levels)
    if not demo:
        return ""
    return (
        f"Không tính {demo} TTHC có mức độ dịch vụ công trực tuyến là giá trị minh họa (chưa có "
        "nguồn công bố), dù danh mục minh họa vẫn nhận hồ sơ trực tuyến của các thủ tục này."
    )


def _procedures_online(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    in_force = [p for p in inputs.procedures.values() if p.in_force]
    measure = _ratio(sum(1 for p in in_force if p.online_service), len(in_force))
    return replace(measure, note=_demo_levels_note(in_force))


def _services_with_online_dossiers(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    in_force = [p for p in inputs.procedures.values() if p.in_force]
    services = [p for p in in_force if p.online_service]
    used = sum(1 for p in services if (f := inputs.flows.get(p.pk)) and f.received_online)
    return replace(_ratio(used, len(services)), note=_demo_levels_note(in_force))


def _online_dossiers(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    # 3.3: an online dossier of a procedure with a paper result counts once its result is
    # electronic too.
    online = _sum(inputs, "received_online_e_result", lambda p: p.result_paper)
    online += _sum(inputs, "received_online", lambda p: not p.result_paper)
    submitted = _sum(inputs, "received_online")
    note = ""
    if submitted != online:  # Biểu II.06a counts every online dossier: say why this is fewer
        note = (
            f"Trong kỳ có {vn_number(submitted)} hồ sơ nộp trực tuyến (cột trực tuyến của Biểu "
            f"II.06a); {vn_number(submitted - online)} hồ sơ của thủ tục trả kết quả bản giấy "
            "chưa có kết quả điện tử nên chưa được tính."
        )
    return replace(_ratio(online, _sum(inputs, "received")), note=note)


def _fully_online_dossiers(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    eligible = _sum(inputs, "received", lambda p: p.fully_online_eligible)
    online = _sum(
        inputs,
        "received_online",
        lambda p: p.fully_online_eligible and p.online_level == OnlineLevel.FULL,
    )
    return _ratio(online, eligible)


def _procedures_with_online_payment(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    charged = [p for p in inputs.procedures.values() if p.in_force and p.fee_bearing]
    paid = sum(1 for p in charged if (f := inputs.flows.get(p.pk)) and f.received_paid_online)
    return _ratio(paid, len(charged))


def _paid_online(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    def charged(p: ProcedureFacts) -> bool:
        return p.fee_bearing

    return _ratio(_sum(inputs, "received_paid_online", charged), _sum(inputs, "received", charged))


def _electronic_results(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    def paper(p: ProcedureFacts) -> bool:
        return p.result_paper

    return _ratio(_sum(inputs, "results_electronic", paper), _sum(inputs, "timed", paper))


def _digitized(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    return _ratio(_sum(inputs, "results_digitized"), _sum(inputs, "timed"))


def _reused_data(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    return _ratio(_sum(inputs, "received_reused"), _sum(inputs, "received"))


def _dossier_satisfaction(inputs: IndexInputs, params: Mapping[str, Any]) -> Measure:
    # 5.4: 100% − (late rate + "dislike" rate); a dossier both late and disliked counts once.
    settled = _sum(inputs, "classified")
    bad = _sum(inputs, "settled_late") + _sum(inputs, "rated_unsatisfied")
    bad -= _sum(inputs, "rated_unsatisfied_late")
    return _ratio(settled - bad, settled)


def _f(
    *sources: str, compute: FormulaFn | None = None, partial: tuple[str, str] | None = None
) -> Formula:
    return Formula(sources=frozenset(sources), compute=compute, partial=partial)


S = Source
FORMULAS: dict[str, Formula] = {
    "announced_on_time": _f(S.CATALOG, compute=_announced_on_time),
    "published_on_time": _f(S.NATIONAL_CATALOG),
    "content_complete": _f(S.CATALOG, compute=_content_complete),
    "national_sync": _f(S.NATIONAL_SYNC),
    "on_time": _f(S.DOSSIERS, compute=_on_time),
    "average_time": _f(S.DOSSIERS, compute=_average_time),
    "procedures_online": _f(S.CATALOG, compute=_procedures_online),
    "services_with_online_dossiers": _f(
        S.CATALOG, S.DOSSIERS, compute=_services_with_online_dossiers
    ),
    "online_dossiers": _f(
        S.DOSSIERS,
        compute=_online_dossiers,
        partial=(
            S.NATIONAL_SYNC,
            "Chưa nhân với tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG (chưa có dữ liệu đồng bộ).",
        ),
    ),
    "fully_online_dossiers": _f(S.CATALOG, S.DOSSIERS, compute=_fully_online_dossiers),
    "payment_integrated": _f(S.PAYMENT, S.NATIONAL_CATALOG),
    "procedures_with_online_payment": _f(
        S.PAYMENT, S.CATALOG, compute=_procedures_with_online_payment
    ),
    "paid_online": _f(S.PAYMENT, compute=_paid_online),
    "electronic_results": _f(S.DOSSIERS, compute=_electronic_results),
    "digitized": _f(S.DOSSIERS, compute=_digitized),
    "e_certification": _f(S.E_CERTIFICATION),
    "reused_data": _f(S.DOSSIERS, S.VAULT, compute=_reused_data),
    "shared_data": _f(S.VAULT),
    "population_db_procedures": _f(S.POPULATION_DB),
    "population_db_dossiers": _f(S.POPULATION_DB),
    "feedback_by_kind": _f(S.FEEDBACK),
    "feedback_on_time": _f(S.FEEDBACK),
    "feedback_satisfaction": _f(S.FEEDBACK),
    "dossier_satisfaction": _f(
        S.DOSSIERS,
        S.RATINGS,
        compute=_dossier_satisfaction,
        partial=(S.FEEDBACK, "Chưa trừ hồ sơ có phản ánh, kiến nghị (chưa có dữ liệu PAKN)."),
    ),
}


# --- computing the index -----------------------------------------------------------------------


@dataclass
class IndicatorResult:
    definition: IndicatorDef
    numerator: int | None = None
    denominator: int | None = None
    rate: Decimal | None = None  # percent
    points: Decimal | None = None
    value: Decimal | None = None
    value_unit: str = ""
    has_data: bool = False
    note: str = ""


@dataclass
class GroupResult:
    definition: GroupDef
    indicators: list[IndicatorResult]
    points: Decimal | None = None  # None: no scored indicator of the group has data
    measured_max_points: Decimal = Decimal(0)  # the maximum of the scored indicators with a figure


@dataclass
class IndexResult:
    scheme: Scheme
    first: date
    last: date
    groups: list[GroupResult] = field(default_factory=list)
    points: Decimal | None = None
    measured_max_points: Decimal = Decimal(0)
    band: Band | None = None

    @property
    def max_points(self) -> Decimal:
        return self.scheme.max_points


def rounded(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(CENT, ROUND_HALF_UP)


def score(rate: Fraction, max_points: Decimal, threshold: Decimal | None) -> Decimal:
    """Points for a rate (a fraction of 1): min(max, rate × max ÷ threshold), or rate × max."""
    maximum = Fraction(max_points)
    if threshold is None:
        return rounded(rate * maximum)
    return rounded(min(maximum, rate * maximum * 100 / Fraction(threshold)))


def _source_label(source: str) -> str:
    return Source(source).label if source in Source.values else source


def _indicator(definition: IndicatorDef, inputs: IndexInputs) -> IndicatorResult:
    result = IndicatorResult(definition=definition)
    formula = FORMULAS[definition.formula]
    missing = sorted(formula.sources - inputs.sources)
    if formula.compute is None or missing:
        labels = ", ".join(_source_label(s) for s in (missing or sorted(formula.sources)))
        result.note = f"{NO_DATA} ({labels.lower()} chưa được kết nối)."
        return result
    measure = formula.compute(inputs, definition.params)
    result.has_data = True
    result.numerator, result.denominator = measure.numerator, measure.denominator
    result.value, result.value_unit = measure.value, measure.value_unit
    notes = [measure.note] if measure.note else []
    if formula.partial and formula.partial[0] not in inputs.sources:
        notes.append(formula.partial[1])
    if not measure.denominator:
        notes.insert(0, "Không có hồ sơ hoặc thủ tục để tính trong kỳ.")
    else:
        assert measure.numerator is not None
        if measure.value is None:
            rate = Fraction(measure.numerator, measure.denominator)
            result.rate = rounded(rate * 100)
            if definition.max_points is not None:
                result.points = score(rate, definition.max_points, definition.threshold)
    if definition.max_points is None:
        notes.append("Chỉ số theo dõi, không tính điểm.")
    result.note = " ".join(notes)
    return result


def index_compute(scheme: Scheme, inputs: IndexInputs) -> IndexResult:
    """The index of one period and scope, from its counted inputs."""
    result = IndexResult(scheme=scheme, first=inputs.first, last=inputs.last)
    for group in scheme.groups:
        indicators = [_indicator(i, inputs) for i in group.indicators]
        scored = [i for i in indicators if i.points is not None]
        measured = GroupResult(definition=group, indicators=indicators)
        if scored:
            measured.points = sum((i.points for i in scored if i.points is not None), Decimal(0))
            measured.measured_max_points = sum(
                (i.definition.max_points or Decimal(0) for i in scored), Decimal(0)
            )
        result.groups.append(measured)
    measured_groups = [g for g in result.groups if g.points is not None]
    if measured_groups:
        result.points = sum((g.points for g in measured_groups if g.points is not None), Decimal(0))
        result.measured_max_points = sum(
            (g.measured_max_points for g in measured_groups), Decimal(0)
        )
    # A band is a verdict on the whole index: only when every scored indicator has a figure.
    if result.points is not None and result.measured_max_points == scheme.max_points:
        result.band = next((b for b in scheme.bands if result.points >= b.min_points), None)
    return result
