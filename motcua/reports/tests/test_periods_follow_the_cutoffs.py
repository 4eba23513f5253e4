"""Report windows under NĐ 09/2019 Điều 12 (legal-facts addendum B.9) and a versioned change."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from motcua.reports.constants import PeriodKind
from motcua.reports.models import ReportingRules
from motcua.reports.periods import (
    PeriodError,
    current_period,
    custom_period,
    parse_period,
    period_of,
    previous_period,
)

D = date


@pytest.mark.parametrize(
    ("kind", "number", "first", "last", "label"),
    [
        ("thang", 1, D(2025, 12, 15), D(2026, 1, 14), "Tháng 1 năm 2026"),
        ("thang", 3, D(2026, 2, 15), D(2026, 3, 14), "Tháng 3 năm 2026"),
        ("quy", 1, D(2025, 12, 15), D(2026, 3, 14), "Quý I năm 2026"),
        ("quy", 2, D(2026, 3, 15), D(2026, 6, 14), "Quý II năm 2026"),
        ("quy", 4, D(2026, 9, 15), D(2026, 12, 14), "Quý IV năm 2026"),
        ("6-thang-dau", 0, D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026"),
        ("6-thang-cuoi", 0, D(2026, 6, 15), D(2026, 12, 14), "6 tháng cuối năm 2026"),
        ("9-thang", 0, D(2025, 12, 15), D(2026, 9, 14), "9 tháng 2026"),
        ("nam", 0, D(2025, 12, 15), D(2026, 12, 14), "Năm 2026"),
    ],
)
def test_the_windows_of_the_addendum(db, kind, number, first, last, label):
    period = period_of(kind, 2026, number)
    assert (period.first, period.last, period.label) == (first, last, label)
    assert period.legal_basis.startswith("NĐ 09/2019/NĐ-CP Điều 12")
    assert parse_period(period.slug) == period


def test_each_period_starts_the_day_after_the_one_it_carries_over_from(db):
    periods = [period_of("thang", 2026, n) for n in range(1, 13)]
    periods += [period_of("quy", 2026, n) for n in range(1, 5)]
    periods += [period_of(kind, 2026) for kind in ("6-thang-dau", "6-thang-cuoi", "9-thang", "nam")]
    for period in periods:
        before = previous_period(period)
        assert before.last + timedelta(days=1) == period.first, period.label
    assert previous_period(period_of("quy", 2026, 1)).label == "Quý IV năm 2025"
    assert previous_period(period_of("6-thang-cuoi", 2026)).label == "6 tháng đầu năm 2026"
    assert previous_period(period_of("9-thang", 2026)).label == "Năm 2025"
    assert previous_period(period_of("thang", 2026, 1)).label == "Tháng 12 năm 2025"


def test_a_new_rules_version_applies_from_its_date(db):
    ReportingRules.objects.create(
        effective_from=D(2027, 1, 1),
        legal_basis="Quy định giả định: tháng dương lịch",
        start_day=1,
        end_day=31,
    )
    assert (period_of("thang", 2026, 12).first, period_of("thang", 2026, 12).last) == (
        D(2026, 11, 15),
        D(2026, 12, 14),
    )
    february = period_of("thang", 2027, 2)
    assert (february.first, february.last) == (D(2027, 2, 1), D(2027, 2, 28))
    assert february.legal_basis == "Quy định giả định: tháng dương lịch"
    assert (period_of("quy", 2027, 1).first, period_of("quy", 2027, 1).last) == (
        D(2027, 1, 1),
        D(2027, 3, 31),
    )


def test_cut_off_days_must_leave_no_gap(db):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportingRules.objects.create(
            effective_from=D(2027, 1, 1), legal_basis="Sai", start_day=20, end_day=14
        )


@pytest.mark.parametrize(
    ("slug", "field"),
    [("quy-5-2026", "number"), ("thang-0-2026", "number"), ("ky-1-2026", "period")],
)
def test_periods_that_do_not_exist_are_refused(db, slug, field):
    with pytest.raises(PeriodError) as caught:
        parse_period(slug)
    assert caught.value.field == field


def test_custom_windows_and_the_period_containing_a_day(db):
    window = custom_period(D(2026, 1, 15), D(2026, 4, 14))
    assert window.label == "Từ ngày 15/01/2026 đến ngày 14/04/2026" and window.slug == ""
    assert previous_period(window).last == D(2026, 1, 14)
    with pytest.raises(PeriodError):
        custom_period(D(2026, 4, 14), D(2026, 1, 15))
    assert current_period(PeriodKind.QUARTER, D(2026, 12, 20)).label == "Quý I năm 2027"
    assert current_period(PeriodKind.MONTH, D(2026, 11, 22)).label == "Tháng 12 năm 2026"
    assert current_period(PeriodKind.YEAR, D(2026, 11, 22)).label == "Năm 2026"
