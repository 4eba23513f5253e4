"""The arithmetic of TT 01/2018 Điều 13 and 15 as read from the shipped scheme: averages rounded
half up to one decimal, band edges, indicator 9 thresholds, report periods."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.ratings.evaluation import (
    SchemeError,
    average,
    band_of,
    online_points,
    percent,
    period_bounds,
    period_of,
    rules_of,
)
from motcua.ratings.models import EvaluationScheme


@pytest.fixture
def rules(db):
    return rules_of(EvaluationScheme.objects.get(code="TT01-2018").config)


def test_the_shipped_scheme_is_tt01_2018(db):
    scheme = EvaluationScheme.objects.get(code="TT01-2018")
    assert scheme.effective_from == date(2019, 1, 6) and scheme.enabled
    assert "Điều 13" in scheme.legal_basis
    rules = rules_of(scheme.config)
    assert [i.number for i in rules.indicators] == list(range(1, 10))
    assert [i.number for i in rules.staff_indicators] == [1, 2, 3, 4, 7]
    assert rules.unit_max == 18 and rules.staff_max == 10


def test_averages_round_half_up_to_one_decimal():
    assert average(39, 20) == Decimal("2.0")  # 1.95
    assert average(29, 20) == Decimal("1.5")  # 1.45 (banker's rounding would give 1.4)
    assert average(4, 3) == Decimal("1.3") and average(5, 3) == Decimal("1.7")
    assert average(0, 0) is None  # no dossier: no score, not 0
    assert (
        percent(1, 3) == Decimal("33.3")
        and percent(2, 3) == Decimal("66.7")
        and percent(5, 0) is None
    )


def test_unit_bands_per_article_15(rules):
    bands = rules.unit_bands
    assert band_of(Decimal("15.0"), bands) == "Xuất sắc"  # exactly 15 is xuất sắc, not a gap
    assert band_of(Decimal("14.9"), bands) == "Tốt"
    assert band_of(Decimal("12.0"), bands) == "Tốt"
    assert band_of(Decimal("11.9"), bands) == "Khá"
    assert band_of(Decimal("9.0"), bands) == "Khá"
    assert band_of(Decimal("8.9"), bands) == "Trung bình"
    assert band_of(Decimal("6.0"), bands) == "Trung bình"
    assert band_of(Decimal("5.9"), bands) == "Yếu"
    assert band_of(Decimal("0"), bands) == "Yếu"


def test_a_total_that_would_be_14_95_unrounded_reaches_15(rules):
    # Indicators of 1.95 (39/20) and 13 from the others: each indicator is rounded first
    # (Điều 15), so the total is 2.0 + 13 = 15.0, xuất sắc; adding unrounded would give 14.95.
    total = average(39, 20) + Decimal(13)
    assert total == Decimal("15.0") and band_of(total, rules.unit_bands) == "Xuất sắc"


def test_staff_bands(rules):
    bands = rules.staff_bands
    assert band_of(Decimal("5.0"), bands) == "Hoàn thành 100% nhiệm vụ"
    assert band_of(Decimal("4.9"), bands) == "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"
    assert band_of(Decimal("3.5"), bands) == "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"
    assert band_of(Decimal("3.4"), bands) == "Hoàn thành dưới 70% nhiệm vụ"


@pytest.mark.parametrize(
    ("procedures", "dossiers", "late", "points"),
    [
        (Decimal("20.0"), Decimal("30.0"), 0, 2),
        (Decimal("19.9"), Decimal("30.0"), 0, 1),  # under 20 % of procedures: not 2
        (Decimal("100"), Decimal("29.9"), 0, 1),
        (Decimal("100"), Decimal("15.0"), 0, 1),
        (Decimal("100"), Decimal("14.9"), 0, 0),
        (Decimal("100"), Decimal("80.0"), 1, 0),  # one late online dossier: 0
        (Decimal("0"), Decimal("50.0"), 0, 0),  # no procedure offered online
        (None, Decimal("50.0"), 0, None),  # nothing to measure: left out
        (Decimal("50"), None, 0, None),
    ],
)
def test_online_service_thresholds(rules, procedures, dossiers, late, points):
    assert (
        online_points(rules, procedures_share=procedures, dossier_share=dossiers, late_online=late)
        == points
    )


def test_quarters_follow_the_report_periods_15th_cut_off(rules):
    assert period_bounds(rules, 2026, 1) == (date(2025, 12, 15), date(2026, 3, 14))
    assert period_bounds(rules, 2026, 2) == (date(2026, 3, 15), date(2026, 6, 14))
    assert period_bounds(rules, 2026, 4) == (date(2026, 9, 15), date(2026, 12, 14))
    assert period_bounds(rules, 2026, None) == (date(2025, 12, 15), date(2026, 12, 14))
    assert period_of(rules, date(2026, 12, 15)) == (2027, 1)
    assert period_of(rules, date(2026, 12, 14)) == (2026, 4)
    assert period_of(rules, date(2026, 3, 15)) == (2026, 2)


def test_calendar_quarters_when_configured(db):
    config = EvaluationScheme.objects.get(code="TT01-2018").config | {"periods": "calendar"}
    calendar = rules_of(config)
    assert period_bounds(calendar, 2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_bounds(calendar, 2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_of(calendar, date(2026, 12, 31)) == (2026, 4)


def test_a_broken_configuration_is_refused(db):
    config = EvaluationScheme.objects.get(code="TT01-2018").config
    with pytest.raises(SchemeError):
        rules_of(config | {"timeliness_points": {"early": 2}})
    with pytest.raises(SchemeError):
        rules_of(config | {"unit_bands": [{"min": 15, "label": "Xuất sắc"}]})
    with pytest.raises(SchemeError):
        rules_of({k: v for k, v in config.items() if k != "unit_max"})
