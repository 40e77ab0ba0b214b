"""Typo tolerance: a query word that no wish holds is corrected to the vocabulary word
one edit away (a letter missing, extra, wrong, or two neighbours swapped) that most
wishes hold. The vocabulary (``search_word``) is kept in step with the wishes by
``app.search.index``; the query side only lists the word's edits, so looking them up
is one indexed ``IN`` on the vocabulary's primary key."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Correction(NamedTuple):
    word: str
    stem: str
    spelling: str


@lru_cache(maxsize=4096)
def edits(word: str) -> frozenset[str]:
    """Every string one edit away from ``word`` (folded, lower case)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return frozenset((deletes | swaps | replaces | inserts) - {word})


def correction(word: str, candidates: dict[str, tuple[str, str, int]]) -> Correction | None:
    """The vocabulary word one edit from ``word`` that most wishes hold (then the first
    in alphabetical order), from ``candidates`` (word → stem, spelling, wishes)."""
    near = [(candidates[w][2], w) for w in edits(word) if w in candidates]
    if not near:
        return None
    _, best = min(near, key=lambda item: (-item[0], item[1]))
    stem, spelling, _ = candidates[best]
    return Correction(best, stem, spelling)
