"""Full-text queries over wishes (title and body), ranked by relevance.

A query is normalised by ``app.search.text`` as the wishes were when stored, then
matched in the database's full-text index (``app.search.index``): FTS5 on SQLite, a
GIN-indexed ``tsvector`` on PostgreSQL. Title matches weigh more than body matches.

* ``search_wishes(query, q)`` → (query restricted to matches, relevance order clauses)
* ``wish_text_condition(q)`` → a WHERE condition only (no ranking)
* ``ranked_page_from_index`` / ``ranked_ids_from_index`` → ids straight from FTS5
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal_column, select, text

from app.extensions import db
from app.models import Wish
from app.search.index import PG_TSVECTOR
from app.search.text import query_stems

_SAFE = re.compile(r"^[a-z0-9]+$")
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


def search_terms(q: str) -> list[str]:
    """The stems a query searches for (safe for FTS5 and tsquery syntax)."""
    return [s for s in query_stems(q or "") if _SAFE.match(s)]


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _fts5_match(terms: list[str], *, any_term: bool, prefix_last: bool) -> str:
    parts = [f'"{t}"' for t in terms]
    if prefix_last and len(terms[-1]) >= 3:
        parts[-1] += "*"
    return (" OR " if any_term else " AND ").join(parts)


def _tsquery(terms: list[str], *, any_term: bool, prefix_last: bool) -> str:
    parts = list(terms)
    if prefix_last and len(terms[-1]) >= 3:
        parts[-1] += ":*"
    return (" | " if any_term else " & ").join(parts)


def _fts5_condition(match: str):
    """``wish_fts MATCH …`` with its own bound value: several may sit in one statement
    (e.g. the words' frequencies in ``_proposing_terms``)."""
    return text("wish_fts MATCH :fts_match").bindparams(bindparam("fts_match", match, unique=True))


def _pg_vector():
    return literal_column(PG_TSVECTOR.format(t="wish."))


def search_wishes(
    query: Select,
    q: str,
    *,
    any_term: bool = False,
    prefix_last: bool = False,
    terms: list[str] | None = None,
) -> tuple[Select, list]:
    """Restrict ``query`` (a ``select(Wish)``) to wishes matching ``q``.

    Returns the new query and the ORDER BY clauses for "most relevant first". All
    terms must match unless ``any_term``; ``prefix_last`` treats the last word as a
    prefix (typing in progress). A query made only of stop words matches everything.
    """
    terms = search_terms(q) if terms is None else terms
    if not terms:
        return query, []
    if _dialect() == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            _tsquery(terms, any_term=any_term, prefix_last=prefix_last),
        )
        vector = _pg_vector()
        rank = func.ts_rank(literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]"), vector, tsquery)
        return query.where(vector.op("@@")(tsquery)), [rank.desc(), Wish.id.desc()]
    match = _fts5_match(terms, any_term=any_term, prefix_last=prefix_last)
    fts = (
        select(
            literal_column("rowid").label("wish_id"),
            literal_column(f"bm25(wish_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})").label("rank"),
        )
        .select_from(text("wish_fts"))
        .where(_fts5_condition(match))
        .subquery("fts")
    )
    query = query.join(fts, fts.c.wish_id == Wish.id)
    return query, [fts.c.rank.asc(), Wish.id.desc()]


def ranked_ids_from_index(
    q: str,
    *,
    limit: int,
    offset: int = 0,
    excluded_status: str,
    exclude_id: int | None = None,
    any_term: bool = False,
    prefix_last: bool = False,
    terms: list[str] | None = None,
) -> list[int] | None:
    """Ids of wishes matching ``q`` (no other filter), most relevant first, ranked in the
    FTS5 index without visiting the wish rows: SQLite only (None elsewhere, or when
    ``q`` has no searchable word; callers then use :func:`search_wishes`)."""
    terms = search_terms(q) if terms is None else terms
    if not terms or _dialect() != "sqlite":
        return None
    rowid: ColumnElement[int] = literal_column("rowid")
    query = _index_matches_except(
        terms, excluded_status, any_term=any_term, prefix_last=prefix_last
    )
    if exclude_id is not None:
        query = query.where(rowid != exclude_id)
    ranked = query.order_by(text(f"bm25(wish_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"), rowid.desc())
    return list(db.session.execute(ranked.limit(limit).offset(offset)).scalars())


def ranked_page_from_index(
    q: str, *, limit: int, offset: int, excluded_status: str
) -> tuple[int, list[int]] | None:
    """How many wishes match every word of ``q`` (those with ``excluded_status`` aside)
    and the ids of one page of them, most relevant first: one pass over the FTS5 index
    (SQLite; None as for :func:`ranked_ids_from_index`). The count rides along each row
    (``count(*) OVER ()``); a page past the end has no row to carry it, so it is then
    counted on its own."""
    terms = search_terms(q)
    if not terms or _dialect() != "sqlite":
        return None
    matches = (
        _index_matches_except(terms, excluded_status)
        .add_columns(literal_column(f"bm25(wish_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})").label("rank"))
        .subquery()
    )
    rows = db.session.execute(
        select(matches.c.rowid, func.count().over())
        .order_by(matches.c.rank, matches.c.rowid.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if rows:
        return rows[0][1], [row[0] for row in rows]
    past_the_end = _index_matches_except(terms, excluded_status).subquery()
    return db.session.execute(select(func.count()).select_from(past_the_end)).scalar_one(), []


def _index_matches(terms: list[str], *, any_term: bool, prefix_last: bool) -> Select:
    match = _fts5_match(terms, any_term=any_term, prefix_last=prefix_last)
    return (
        select(literal_column("rowid")).select_from(text("wish_fts")).where(_fts5_condition(match))
    )


def _index_matches_except(
    terms: list[str], excluded_status: str, *, any_term: bool = False, prefix_last: bool = False
) -> Select:
    """Matches in the index but the wishes with ``excluded_status``: those (duplicates,
    few) come from ``ix_wish_status``, so no matching wish row is read for its status."""
    wish = Wish.__table__  # Core: no ORM entity here
    excluded = select(wish.c.id).where(wish.c.status == excluded_status)
    return _index_matches(terms, any_term=any_term, prefix_last=prefix_last).where(
        literal_column("rowid").not_in(excluded)
    )


def wish_text_condition(q: str):
    """A WHERE condition: wishes whose title or body matches every word of ``q``."""
    terms = search_terms(q)
    if not terms:
        return and_(True)
    if _dialect() == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            _tsquery(terms, any_term=False, prefix_last=False),
        )
        return _pg_vector().op("@@")(tsquery)
    match = _fts5_match(terms, any_term=False, prefix_last=False)
    return Wish.id.in_(
        select(literal_column("rowid")).select_from(text("wish_fts")).where(_fts5_condition(match))
    )


def match_count(terms: list[str], *, prefix_last: bool) -> Select:
    """How many wishes hold every one of ``terms`` (full-text index)."""
    if _dialect() == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            _tsquery(terms, any_term=False, prefix_last=prefix_last),
        )
        return select(func.count()).select_from(Wish).where(_pg_vector().op("@@")(tsquery))
    matches = _index_matches(terms, any_term=False, prefix_last=prefix_last)
    return select(func.count()).select_from(matches.subquery())
