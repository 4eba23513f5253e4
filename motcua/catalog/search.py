"""Ranking procedures against a citizen's query.

Both sides are folded (no diacritics, đ→d, NFC/NFD alike), so "cap ban sao van bang" finds
"Cấp bản sao văn bằng". Each query word counts when it equals a word of the procedure, is a prefix
of one, or is one or two edits away (typos); results need most query words to match and are
ranked by how many match, how well, whether they appear as a phrase, and the name's length.
An agency publishes at most a few thousand procedures, so ranking in Python over the filtered
rows is fast and behaves the same on SQLite and PostgreSQL.
"""

from dataclasses import dataclass

from motcua.core.folding import fold, tokens


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """True when a and b are within `limit` edits (insert, delete, substitute, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _word_score(word: str, candidates: set[str]) -> float:
    if word in candidates:
        return 1.0
    if len(word) >= 2 and any(c.startswith(word) for c in candidates):
        return 0.8
    limit = 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0
    if limit and any(_edit_distance_at_most(word, c, limit) for c in candidates):
        return 0.6
    return 0.0


@dataclass(frozen=True)
class Hit:
    key: int
    score: float


def rank(query: str, documents: list[tuple[int, str]]) -> list[Hit]:
    """Rank (key, text) documents against `query`; best first, non-matching left out."""
    words = tokens(query)
    if not words:
        return []
    phrase = " ".join(words)
    hits = []
    for key, text in documents:
        folded = fold(text)
        doc_words = set(tokens(folded))
        scores = [_word_score(word, doc_words) for word in words]
        matched = sum(1 for s in scores if s > 0)
        if matched == 0 or matched / len(words) < 0.6:
            continue
        score = sum(scores) / len(words)
        if phrase in folded:
            score += 0.5
        score -= min(len(doc_words), 60) / 1000  # shorter names first among equals
        hits.append(Hit(key, score))
    hits.sort(key=lambda hit: (-hit.score, hit.key))
    return hits
