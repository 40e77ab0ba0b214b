"""The duplicate check: rows whose title looks like an existing wish's or an earlier
row's, found in near-linear time.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from app.services.events import fold

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "aux",
        "du",
        "de",
        "la",
        "le",
        "un",
        "et",
        "en",
        "au",
        "a",
        "d",
        "l",
        "ou",
        "plus",
        "sans",
        "son",
        "ses",
        "leur",
        "leurs",
        "the",
        "and",
        "for",
        "with",
    ]
)
SIMILARITY_THRESHOLD = 0.6
# Bounds on the duplicate check per row: titles listed under one word, titles scored.
MAX_POSTINGS = 2_000
MAX_CANDIDATES = 100


def normalise_title(title: str) -> str:
    return " ".join(_WORD_RE.findall(fold(title)))


def title_words(title: str) -> frozenset[str]:
    return frozenset(
        w for w in _WORD_RE.findall(fold(title)) if len(w) > 2 and w not in _STOP_WORDS
    )


class DuplicateFinder:
    """Likely duplicates among existing wishes and earlier rows, in near-linear time.

    Titles are compared as sets of significant words (Jaccard similarity, at least two
    words in common). Instead of scoring a row against every earlier title, each title
    is indexed once under the rarest words of its set (prefix filtering: with words in
    a fixed order, rarest first, two sets this similar always share one of the first
    ``n - ceil(t * n) + 1`` words of each), so a row is only scored against the few
    titles that share one of its rare words, and the first close enough is reported.
    Each word's list and the candidates scored per row are capped; the rows whose search
    reached the cap are counted in the report.
    """

    def __init__(self, existing: list[tuple[int, str]], new_titles: list[str]):
        self.by_title: dict[str, tuple[int | None, str, int | None]] = {}
        self.by_words: dict[frozenset[str], int] = {}
        self.entries: list[tuple[int | None, str, int | None]] = []
        self.words: list[frozenset[str]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.capped = 0
        self._words: dict[str, frozenset[str]] = {}
        self._keys: dict[str, str] = {}
        frequency: Counter[str] = Counter()
        for _wish_id, title in existing:
            frequency.update(self.words_of(title))
        for title in new_titles:
            frequency.update(self.words_of(title))
        self.frequency = frequency
        for wish_id, title in existing:
            self.add(title, wish_id=wish_id)

    def words_of(self, title: str) -> frozenset[str]:
        words = self._words.get(title)
        if words is None:
            words = self._words[title] = title_words(title)
        return words

    def key_of(self, title: str) -> str:
        key = self._keys.get(title)
        if key is None:
            key = self._keys[title] = normalise_title(title)
        return key

    def _prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda w: (self.frequency[w], w))
        keep = len(ordered) - math.ceil(SIMILARITY_THRESHOLD * len(ordered) - 1e-9) + 1
        return ordered[:keep]

    def add(self, title: str, *, wish_id: int | None = None, line: int | None = None) -> None:
        entry = (wish_id, title, line)
        self.by_title.setdefault(self.key_of(title), entry)
        words = self.words_of(title)
        if len(words) < 2 or words in self.by_words:
            # an equal word set is already indexed and wins every tie
            return
        key = len(self.entries)
        self.entries.append(entry)
        self.words.append(words)
        self.by_words[words] = key
        for word in self._prefix(words):
            postings = self.index[word]
            if len(postings) < MAX_POSTINGS:
                postings.append(key)

    def find(self, title: str) -> tuple[tuple[int | None, str, int | None], bool] | None:
        exact = self.by_title.get(self.key_of(title))
        if exact is not None:
            return exact, True
        words = self.words_of(title)
        if len(words) < 2:
            return None
        if (same := self.by_words.get(words)) is not None:
            return self.entries[same], False
        low, high = SIMILARITY_THRESHOLD * len(words), len(words) / SIMILARITY_THRESHOLD
        seen: set[int] = set()
        # candidates come rarest shared word first: the first close enough is reported
        for word in self._prefix(words):
            for key in self.index.get(word, ()):
                if key in seen:
                    continue
                if len(seen) >= MAX_CANDIDATES:
                    self.capped += 1
                    return None
                seen.add(key)
                other = self.words[key]
                if not low - 1e-9 <= len(other) <= high + 1e-9:
                    continue
                shared = len(words & other)
                if shared >= 2 and shared >= SIMILARITY_THRESHOLD * (
                    len(words) + len(other) - shared
                ):
                    return self.entries[key], False
        return None
