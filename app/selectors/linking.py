"""Candidates for linking wishes and roadmap items, from a number or from words typed.

The staff link a wish to a roadmap item from either side: on an item's page they name
a wish, in the triage panel (or on a wish's page) they name an item. The same reads
serve the suggestions shown while typing (htmx) and the server's resolution of the
submitted text without JavaScript, so both agree. Each call issues a fixed number of
statements (at most two: the search vocabulary, then the candidates), bounded to
``SUGGESTIONS_MAX`` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from app.extensions import db
from app.models import RoadmapItem, RoadmapStatus, Wish, WishLink, WishStatus
from app.search.query import parse, search_wishes
from app.search.text import fold

SUGGESTIONS_MAX = 8
# Fewer letters than this propose nothing: every title would match.
MIN_LETTERS = 2
_NUMBER = re.compile(r"#?\s*(\d{1,9})")


def typed_number(text: str | None) -> int | None:
    """``12`` or ``#12`` typed alone: an id."""
    match = _NUMBER.fullmatch((text or "").strip())
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Resolution:
    """What a typed text names: ``chosen`` when exactly one thing, else ``candidates``
    to choose from (empty: nothing matches)."""

    chosen: int | None = None
    candidates: list[Wish] | list[RoadmapItem] = field(default_factory=list)


def wish_candidates(text: str | None, *, item_id: int | None = None) -> list[Wish]:
    """Wishes a text names, best first: the wish numbered so, or the full-text search
    (the last word a prefix, as typed). Duplicates are left out (they are linked
    through the wish they were merged into); so are, from a search, the wishes
    already linked to ``item_id`` (a number stays exact: linking again is harmless).
    Territory loaded."""
    text = (text or "").strip()
    query = (
        select(Wish)
        .where(Wish.status != WishStatus.DUPLICATE)
        .options(joinedload(Wish.territory))
        .limit(SUGGESTIONS_MAX)
    )
    number = typed_number(text)
    if number is not None:
        return list(db.session.execute(query.where(Wish.id == number)).scalars())
    if item_id is not None:
        query = query.where(
            Wish.id.not_in(select(WishLink.wish_id).where(WishLink.roadmap_item_id == item_id))
        )
    if len(text) < MIN_LETTERS:
        return []
    terms = parse(text).terms
    if not terms:
        return []
    query, order = search_wishes(query, text, prefix_last=True, terms=terms)
    return list(db.session.execute(query.order_by(*order)).scalars())


def item_candidates(text: str | None, *, wish_id: int | None = None) -> list[RoadmapItem]:
    """Roadmap items a text names: the item numbered so, or those whose title holds
    every word typed (accents and case aside), open items first. A search leaves out
    the items already linked to ``wish_id``."""
    text = (text or "").strip()
    query = select(RoadmapItem).limit(SUGGESTIONS_MAX)
    number = typed_number(text)
    if number is not None:
        return list(db.session.execute(query.where(RoadmapItem.id == number)).scalars())
    if wish_id is not None:
        query = query.where(
            RoadmapItem.id.not_in(
                select(WishLink.roadmap_item_id).where(WishLink.wish_id == wish_id)
            )
        )
    words = [w for w in fold(text).split() if w]
    if len(text) < MIN_LETTERS or not words:
        return []
    title = _folded(RoadmapItem.title)
    for word in words[:6]:
        query = query.where(title.contains(word, autoescape=True))
    query = query.order_by(
        RoadmapItem.status.in_((RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)),
        RoadmapItem.title,
        RoadmapItem.id,
    )
    return list(db.session.execute(query).scalars())


# Accented letters of French titles, folded in SQL as ``fold`` does in Python, so that
# "echeance" finds "Échéance" on SQLite and PostgreSQL alike (no unaccent extension;
# SQLite's lower() leaves non-ASCII capitals alone, hence the capitals that start
# French words; SQLite's parser refuses much deeper nesting than these replacements).
_FOLDS = (
    ("a", "àâÀ"),
    ("c", "çÇ"),
    ("e", "éèêëÉÈÊ"),
    ("i", "îï"),
    ("o", "ôÔ"),
    ("u", "ùûü"),
    ("oe", "œ"),
)


def _folded(column: InstrumentedAttribute[str]) -> ColumnElement[str]:
    folded: ColumnElement[str] = func.lower(column)
    for plain, accented in _FOLDS:
        for letter in accented:
            folded = func.replace(folded, letter, plain)
    return folded


def resolve_wish(
    text: str | None, *, item_id: int | None = None, choice: int | None = None
) -> Resolution:
    """The wish a link form names: the suggestion ``choice`` ticked, else the text's."""
    if choice is not None:
        return Resolution(chosen=choice)
    return _resolution(wish_candidates(text, item_id=item_id) if (text or "").strip() else [])


def resolve_item(
    text: str | None, *, wish_id: int | None = None, choice: int | None = None
) -> Resolution:
    """The roadmap item a link form names: the suggestion ticked, else the text's."""
    if choice is not None:
        return Resolution(chosen=choice)
    return _resolution(item_candidates(text, wish_id=wish_id) if (text or "").strip() else [])


def _resolution(candidates: list[Wish] | list[RoadmapItem]) -> Resolution:
    if len(candidates) == 1:
        return Resolution(chosen=candidates[0].id, candidates=candidates)
    return Resolution(candidates=candidates)
