"""French text normalisation for full-text search, shared by SQLite and PostgreSQL.

Text is folded first (lower case, accents and ligatures removed, apostrophes split so
``l'agenda`` reads ``l agenda``), then stripped of French stop words and stemmed with
the Snowball French stemmer (``snowballstemmer``, pure Python) plus a few derivational
rules that Snowball leaves out (``saisonniers`` → ``saison``). Folding comes before
stemming so that a word typed without its accents meets the same stem as the accented
word (``activites`` and ``activités`` both give ``activ``): Snowball strips ``-ités``
but not ``-ites``. The same functions run when a wish is indexed and when a query is
parsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("french")

_STOP = """
    a au aux avec ce ces c d dans de des du elle elles en et eux il ils je j l la le les
    leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas
    pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre vous y
    est sont etre avoir ont ete plus sans entre chaque faire peut
    """
STOP_WORDS = frozenset(_STOP.split())

# Endings left on folded words that Snowball would have removed from accented ones
# (``-ités``, ``-ée``), then derivational endings it keeps, folded to a common root.
# Applied in order, each at most once.
_DERIVATIONS = (
    ("ivit", "iv"),  # activit(é) → activ, as Snowball does for activité
    ("onnalit", "onnal"),  # saisonnalit(é) → saisonnal
    ("onnal", "on"),  # saisonnal → saison
    ("onni", "on"),  # saisonnier(s) → saisonni → saison
    ("onnel", "on"),  # promotionnel → promotion
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, without accents or ligatures."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one folded word (lower case, no accents)."""
    if word.endswith("ssions"):
        # Snowball reads the plural as a verb ending (commissions → comm): as the singular.
        return stem_word(word[:-1])
    stem: str = _STEMMER.stemWord(word)
    for ending, replacement in _DERIVATIONS:
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            stem = stem[: -len(ending)] + replacement
    if len(stem) > 3 and stem.endswith("e") and word.endswith(("ee", "ees")):
        stem = stem[:-1]  # durée → dur, anticipée → anticip (Snowball on the accented word)
    return stem


def tokens(text: str) -> list[str]:
    """The words of ``text`` as written, lower-cased (accents kept), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", (text or "").lower().translate(_LIGATURES)))


def words(text: str) -> list[str]:
    """The meaningful folded words of ``text``, in order."""
    return [w for w in map(fold, tokens(text)) if w not in STOP_WORDS]


def spellings(text: str) -> dict[str, str]:
    """Each meaningful folded word of ``text`` and how it is written there."""
    found: dict[str, str] = {}
    for token in tokens(text):
        word = fold(token)
        if word not in STOP_WORDS and word not in found:
            found[word] = token
    return found


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text``, in order (duplicates kept)."""
    return [stem_word(w) for w in words(text)]


def stemmed_text(text: str) -> str:
    """What is stored in ``wish.search_title`` / ``wish.search_body`` and indexed."""
    return " ".join(stems(text))
