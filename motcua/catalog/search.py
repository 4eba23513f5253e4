"""Ranking procedures against a citizen's query.

Both sides are folded (no diacritics, đ→d, NFC/NFD alike), so "cap ban sao van bang" finds
"Cấp bản sao văn bằng". Each query word counts when it equals a word of the procedure, is a prefix
of one, or is one or two edits away (typos); results need most query words to match and are
ranked by how many match, how well, whether they appear as a phrase, and the name's length.
An agency publishes at most a few thousand procedures, so ranking in Python over the filtered
rows is fast and behaves the same on SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from functools import lru_cache

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


def _word_score(word: str, candidate: str) -> float:
    if word == candidate:
        return 1.0
    if len(word) >= 2 and candidate.startswith(word):
        return 0.8
    limit = 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0
    if limit and _edit_distance_at_most(word, candidate, limit):
        return 0.6
    return 0.0


@lru_cache(maxsize=50_000)
def _document(text: str) -> tuple[str, frozenset[str]]:
    folded = fold(text)
    return folded, frozenset(tokens(folded))


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
    parsed = [(key, *_document(text)) for key, text in documents]
    vocabulary: set[str] = set().union(*(doc_words for _, _, doc_words in parsed))
    # Score each query word against the vocabulary once, not against every document.
    word_scores = [
        {v: score for v in vocabulary if (score := _word_score(word, v)) > 0} for word in words
    ]
    hits = []
    for key, folded, doc_words in parsed:
        scores = [
            max((table[w] for w in doc_words & table.keys()), default=0.0) for table in word_scores
        ]
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
