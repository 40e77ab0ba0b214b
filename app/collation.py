"""Names in the order a French reader expects: case, accents and ligatures do not count
("Calvados" before "CRT Normandie", "Éure" among the E's).

``ORDER BY name`` compares by the database's collation, which differs between SQLite and
PostgreSQL and may put every capital before every lower-case letter: lists of names
(territories, clubs, products) are read whole, they are bounded, and sorted here. A list
paged in SQL (people) orders by :func:`folded_sql` instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import InstrumentedAttribute

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})

T = TypeVar("T")


# Names recur from one request to the next (territories, products, people) and the
# folding is pure: a page sorting hundreds of supporting territories would otherwise
# normalise every character of every name each time.
@lru_cache(maxsize=8192)
def name_key(name: str | None) -> tuple[str, str]:
    """Sort key of a name: folded first (case, accents, ligatures, spacing ignored), the
    name itself to order names that fold alike the same way every time."""
    text = name or ""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split()), text


def by_name(items: Iterable[T], name: Callable[[Any], str | None] = attrgetter("name")) -> list[T]:
    """``items`` sorted by their name (``.name`` unless ``name`` says how to read it)."""
    return sorted(items, key=lambda item: name_key(name(item)))


def by_position_and_name(items: Iterable[T]) -> list[T]:
    """Catalogue entries (products, categories): by the position chosen for them, then
    by name."""
    return sorted(items, key=lambda item: (item.position, name_key(item.name)))  # type: ignore[attr-defined]


# Accented letters of French words, folded in SQL as ``name_key`` folds them in Python, so
# that "echeance" finds "Échéance" and "Élodie" sorts among the E's on SQLite and
# PostgreSQL alike (no unaccent extension; SQLite's lower() leaves non-ASCII capitals
# alone, hence the capitals that start French words; SQLite's parser refuses much deeper
# nesting than these replacements).
_FOLDS = (
    ("a", "àâÀ"),
    ("c", "çÇ"),
    ("e", "éèêëÉÈÊ"),
    ("i", "îï"),
    ("o", "ôÔ"),
    ("u", "ùûü"),
    ("oe", "œ"),
)


def folded_sql(column: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[str]:
    """``column`` lower-cased with its French accents and ligature folded, in SQL."""
    folded: ColumnElement[str] = func.lower(column)
    for plain, accented in _FOLDS:
        for letter in accented:
            folded = func.replace(folded, letter, plain)
    return folded
