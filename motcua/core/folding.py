"""Vietnamese text normalisation: NFC for storage, a folded copy for search.

One function folds text for every search in the system, on SQLite and PostgreSQL alike, so a
query typed without diacritics, in NFD, or with "d" for "đ" finds the same rows.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[0-9a-z]+(?:\.[0-9]+)*")


def nfc(text: str) -> str:
    """Return text in Unicode NFC with runs of white space collapsed (how we store input)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Return the search form of text: no diacritics, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", bare.lower()).strip()


def tokens(text: str) -> list[str]:
    """Split folded text into words; dotted numbers such as procedure codes stay whole."""
    return _TOKEN.findall(fold(text))
