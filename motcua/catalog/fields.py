"""What makes two spellings of a field's name (lĩnh vực) one field.

Sources write the same field as "Giáo dục & Đào tạo", "Giáo dục - Đào tạo" and "Giáo dục và
Đào tạo". Case, diacritics, punctuation and the conjunction "và" carry no meaning in a field's
name, so its key drops them. Spellings that differ in words ("Văn bằng, chứng chỉ" and "Hệ thống
văn bằng, chứng chỉ") are synonyms kept as data (FieldSynonym rows an administrator edits), never
guessed here.
"""

import re

from motcua.core.folding import fold

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CONJUNCTION = "va"  # "và" once folded; "&", "-" and "–" join two words the same way


def field_key(name: str) -> str:
    """The comparison form of a field's name: folded words, without punctuation or "và"."""
    words = _NOT_WORD.sub(" ", fold(name)).split()
    return " ".join(w for w in words if w != _CONJUNCTION)
