"""Dossier codes: `<unit code>-YYMMDD-XXXX` (TT 01/2018 Điều 19, kept by TT 03/2025 Điều 13),
a daily sequence per receiving unit that concurrent intakes never duplicate."""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from motcua.accounts.models import Unit
from motcua.dossiers.models import DossierCounter

CODE_PATTERN = re.compile(r"^(?P<unit>[A-Z0-9.]+)-(?P<date>\d{6})-(?P<seq>\d{4,})$")


def next_sequence(unit: Unit, day: date) -> int:
    """Take the next number of `unit`'s sequence for `day` (inside the caller's transaction)."""
    counters = DossierCounter.objects.filter(unit=unit, day=day)
    # The UPDATE takes the row lock, so concurrent intakes queue here and never share a number.
    if counters.update(value=F("value") + 1) == 0:
        try:
            with transaction.atomic():  # savepoint: a lost creation race must not poison the txn
                DossierCounter.objects.create(unit=unit, day=day, value=1)
                return 1
        except IntegrityError:
            counters.update(value=F("value") + 1)
    return counters.values_list("value", flat=True).get()


def dossier_code(unit: Unit, day: date, sequence: int) -> str:
    return f"{unit.code}-{day:%y%m%d}-{sequence:04d}"
