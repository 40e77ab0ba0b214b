"""Open wishes close to a title being typed: the duplicate finder's candidates."""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Table,
    case,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy import cast as cast_
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import SearchWord, Wish, WishStatus
from app.search.query import ranked_ids_from_index, search_terms

SIMILAR_MIN_COVERAGE = 0.4
SIMILAR_POOL = 25
COMMON_SHARE, COMMON_FLOOR = 0.05, 1000


def _proposing_terms(terms: list[str]) -> tuple[list[str], bool]:
    """The words that propose candidates, and whether the last is typed as a prefix.

    A word found in more than 5 % of the wishes (and over 1,000 of them) proposes
    nothing: ranking every wish holding ``activ*`` costs tens of milliseconds and adds
    candidates the rarer words already rank higher. If every word is that common, the
    rarest alone proposes. All words still count in the coverage. One statement.

    How many wishes hold a word is read from the vocabulary, the counts of its forms
    added up (a wish holding two forms counts twice), not counted in the full-text
    index: counting the matches of a common word read each of them, 200,000 rows for
    ``activ*`` at 1,000,000 wishes."""
    word = cast(Table, SearchWord.__table__)
    last = len(terms) - 1
    frequencies = []
    for index, term in enumerate(terms):
        prefix = index == last and len(term) >= 3
        holds = word.c.stem.startswith(term) if prefix else word.c.stem == term
        frequencies.append(
            select(func.coalesce(func.sum(word.c.wishes), 0)).where(holds).scalar_subquery()
        )
    total, *counts = db.session.execute(select(_wish_total(), *frequencies)).one()
    common = max(COMMON_FLOOR, COMMON_SHARE * total)
    kept = [index for index, frequency in enumerate(counts) if frequency <= common]
    if not kept:
        kept = [min(range(len(terms)), key=lambda index: counts[index])]
    return [terms[index] for index in kept], kept[-1] == last


def _wish_total() -> ColumnElement[int]:
    """How many wishes there are, for the share above. On PostgreSQL, past the size where
    the share outweighs the floor, the planner's estimate (``pg_class.reltuples``, kept
    by ANALYZE): an exact ``count(*)`` reads every entry of an index, a million at
    1,000,000 wishes. Below it, or before the first ANALYZE, the count (not computed
    when the estimate serves)."""
    counted = select(func.count()).select_from(Wish).scalar_subquery()
    if db.session.get_bind().dialect.name != "postgresql":
        return counted
    relation = table("pg_class", column("oid"), column("reltuples"))
    estimate = (
        select(
            case(
                (
                    relation.c.reltuples * COMMON_SHARE >= COMMON_FLOOR,
                    cast_(relation.c.reltuples, BigInteger),
                ),
                else_=counted,
            )
        )
        .where(relation.c.oid == literal_column("'wish'::regclass"))
        .scalar_subquery()
    )
    return estimate


def _coverage(terms: list[str], wish: Wish) -> float:
    """Share of the query's stems found in the wish (the last one as a prefix)."""
    present = set((wish.search_title or "").split()) | set((wish.search_body or "").split())
    found = 0
    for index, term in enumerate(terms):
        if term in present or (
            index == len(terms) - 1 and len(term) >= 3 and any(p.startswith(term) for p in present)
        ):
            found += 1
    return found / len(terms)


def similar_wishes(q: str, *, limit: int = 5, exclude_id: int | None = None) -> list[Wish]:
    """Open wishes closest to ``q`` (a title being typed), best first; no duplicates.

    The full-text index proposes up to ``SIMILAR_POOL`` wishes sharing any
    word (ranked by how many and how rare, title first, among the first matches the
    index yields, see ``app.search.query.CANDIDATES``; the last word is a prefix),
    then only those holding at least 40 % of the query's words are kept, most
    complete first. Territory loaded.
    """
    terms = search_terms(q)
    if not terms:
        return []
    proposing, prefix_last = _proposing_terms(terms)
    ids = ranked_ids_from_index(
        q,
        limit=SIMILAR_POOL,
        excluded_status=WishStatus.DUPLICATE,
        exclude_id=exclude_id,
        any_term=True,
        prefix_last=prefix_last,
        terms=proposing,
    )
    rows = db.session.execute(
        select(Wish).where(Wish.id.in_(ids or [])).options(joinedload(Wish.territory))
    ).scalars()
    position = {wish_id: index for index, wish_id in enumerate(ids or [])}
    candidates = sorted(rows, key=lambda wish: position[wish.id])
    scored = [(round(_coverage(terms, w), 2), rank, w) for rank, w in enumerate(candidates)]
    kept = [item for item in scored if item[0] >= SIMILAR_MIN_COVERAGE]
    kept.sort(key=lambda item: (-item[0], item[1]))
    return [w for _, _, w in kept[: max(1, limit)]]
