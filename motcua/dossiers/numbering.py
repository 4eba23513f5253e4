"""Dossier codes: `<unit code>-YYMMDD-XXXX` (TT 01/2018 Điều 19, kept by TT 03/2025 Điều 13),
a daily sequence per receiving unit that concurrent intakes never duplicate; and the entry
numbers of each unit's yearly dossier register (sổ theo dõi hồ sơ), taken the same way."""

import unicodedata
from datetime import date

from django.db import connection

from motcua.accounts.models import Unit
from motcua.dossiers.models import DossierCounter, RegisterCounter

# Hyphens and dashes a phone keyboard, a word processor or a PDF copy may put in place of "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe58\ufe63\uff0d"), "-")

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
    return dossier_code_normalised(f"{unit.code}-{day:%y%m%d}-{sequence:04d}")


def dossier_code_normalised(text: str) -> str:
    """A dossier code in the one form it is stored in, from whatever a person typed or a scanner
    read: capitals, no spaces, plain hyphens. Codes are minted in this form and every look-up by
    code goes through it, so "000.05.15.h99-261005-0001" finds 000.05.15.H99-261005-0001 on the
    unique index, on both databases."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(text.split()).upper()


def next_register_number(unit: Unit, year: int) -> int:
    """Take the next entry of `unit`'s dossier register for `year` (TT 01/2018 Điều 10: one book
    a year, numbered from 1 without a gap; the row stays locked to COMMIT, like next_sequence)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_ENTRY, [unit.pk, year])
        return int(cursor.fetchone()[0])
