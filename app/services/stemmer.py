"""French text normalisation for full-text search, shared by SQLite and PostgreSQL.

Words are lower-cased, stripped of French stop words, stemmed with the Snowball French
stemmer (``snowballstemmer``, pure Python) plus a few derivational rules that Snowball
leaves out (``saisonniers`` → ``saison``), then stripped of accents. The same function
runs when a wish is indexed and when a query is parsed, so ``péage`` and ``peage`` or
``tarifs saisonniers`` and ``tarification par saison`` meet on the same stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("french")

_STOP = """
    a à au aux avec ce ces c d dans de des du elle elles en et eux il ils je j l la le les
    leur leurs lui m ma mais me même mes moi mon n ne nos notre nous on ou où par pas
    pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre vous y
    est sont être avoir ont a été plus sans entre chaque faire peut
    """
STOP_WORDS = frozenset(_STOP.split())

# Derivational endings Snowball keeps (after its own pass), folded to a common root.
_DERIVATIONS = (
    ("onnal", "on"),  # saisonnalité → saisonnal → saison
    ("onni", "on"),  # saisonnier(s) → saisonni → saison
    ("onnel", "on"),  # promotionnel → promotion
)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one lower-case word, without accents."""
    stem = _STEMMER.stemWord(word)
    for ending, replacement in _DERIVATIONS:
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            stem = stem[: -len(ending)] + replacement
            break
    return strip_accents(stem)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall((text or "").lower()) if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text``, in order (duplicates kept)."""
    return [stem_word(w) for w in words(text)]


def stemmed_text(text: str) -> str:
    """What is stored in ``wish.search_title`` / ``wish.search_body`` and indexed."""
    return " ".join(stems(text))


def query_stems(q: str, *, limit: int = 12) -> list[str]:
    """Distinct stems of a query, in order, at most ``limit``; single letters dropped."""
    seen: list[str] = []
    for stem in stems(q):
        if len(stem) > 1 and stem not in seen:
            seen.append(stem)
    return seen[:limit]
