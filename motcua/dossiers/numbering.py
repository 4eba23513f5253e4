"""Dossier codes: `<unit code>-YYMMDD-XXXX` (TT 01/2018 Điều 19, kept by TT 03/2025 Điều 13),
a daily sequence per receiving unit that concurrent intakes never duplicate; and the entry
numbers of each unit's yearly dossier register (sổ theo dõi hồ sơ), taken the same way."""

import re
from datetime import date

from django.db import connection

from motcua.accounts.models import Unit
from motcua.dossiers.models import DossierCounter, RegisterCounter

CODE_PATTERN = re.compile(r"^(?P<unit>[A-Z0-9.]+)-(?P<date>\d{6})-(?P<seq>\d{4,})$")

_TABLE = DossierCounter._meta.db_table
# One statement for the first number of the day and every later one. The row lock it takes is
# held to COMMIT, so concurrent intakes of one desk queue here and never share a number; a
# rolled-back intake gives its number back. PostgreSQL re-reads the row it waited for
# (`ON CONFLICT DO UPDATE` under READ COMMITTED), SQLite has one writer at a time.
_NEXT = (
    f'INSERT INTO "{_TABLE}" ("unit_id", "day", "value") VALUES (%s, %s, 1) '  # noqa: S608
    f'ON CONFLICT ("unit_id", "day") DO UPDATE SET "value" = "{_TABLE}"."value" + 1 '
    'RETURNING "value"'
)


_REGISTER_TABLE = RegisterCounter._meta.db_table
_NEXT_ENTRY = (
    f'INSERT INTO "{_REGISTER_TABLE}" ("unit_id", "year", "value") VALUES (%s, %s, 1) '  # noqa: S608
    f'ON CONFLICT ("unit_id", "year") DO UPDATE SET "value" = "{_REGISTER_TABLE}"."value" + 1 '
    'RETURNING "value"'
)


def next_sequence(unit: Unit, day: date) -> int:
    """Take the next number of `unit`'s sequence for `day` (inside the caller's transaction:
    call it as late as possible, the number stays locked until COMMIT)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [unit.pk, connection.ops.adapt_datefield_value(day)])
        return int(cursor.fetchone()[0])


def dossier_code(unit: Unit, day: date, sequence: int) -> str:
    return f"{unit.code}-{day:%y%m%d}-{sequence:04d}"


def next_register_number(unit: Unit, year: int) -> int:
    """Take the next entry of `unit`'s dossier register for `year` (TT 01/2018 Điều 10: one book
    a year, numbered from 1 without a gap; the row stays locked to COMMIT, like next_sequence)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_ENTRY, [unit.pk, year])
        return int(cursor.fetchone()[0])
