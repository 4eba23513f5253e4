"""The daily counter behind dossier codes: one statement per number, per desk and day, and a
rolled-back intake gives its number back (no gap)."""

from datetime import date

import pytest
from django.db import transaction

from motcua.accounts.models import Unit
from motcua.dossiers.models import DossierCounter
from motcua.dossiers.numbering import next_sequence

MONDAY, TUESDAY = date(2026, 10, 5), date(2026, 10, 6)


def test_numbers_count_per_desk_and_day(org):
    desk, other = org["desk"], org["quality"]
    assert [next_sequence(desk, MONDAY) for _ in range(3)] == [1, 2, 3]
    assert next_sequence(other, MONDAY) == 1
    assert next_sequence(desk, TUESDAY) == 1
    assert next_sequence(desk, MONDAY) == 4
    assert DossierCounter.objects.get(unit=desk, day=MONDAY).value == 4


def test_a_rolled_back_intake_gives_its_number_back(org):
    desk: Unit = org["desk"]
    assert next_sequence(desk, MONDAY) == 1

    def take_then_fail() -> None:
        with transaction.atomic():
            assert next_sequence(desk, MONDAY) == 2
            assert next_sequence(desk, TUESDAY) == 1  # the day's first number, then undone
            raise RuntimeError("the intake failed after taking its number")

    with pytest.raises(RuntimeError):
        take_then_fail()
    assert next_sequence(desk, MONDAY) == 2
    assert next_sequence(desk, TUESDAY) == 1
