"""Full-text queries over wishes (title and body), ranked by relevance.

A query is normalised by ``app.search.text`` as the wishes were when stored, then
matched in the database's full-text index (``app.search.index``): FTS5 on SQLite, a
GIN-indexed ``tsvector`` on PostgreSQL. Title matches weigh more than body matches.

* ``search_wishes(query, q)`` → (query restricted to matches, relevance order clauses)
* ``wish_text_condition(q)`` → a WHERE condition only (no ranking)
* ``ranked_page_from_index`` → a page's ids and the total (bounded) in one statement
* ``ranked_ids_from_index`` → ids, most relevant among the first matches
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from flask import g, has_request_context
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.sql.elements import ColumnClause, TextClause
from sqlalchemy.sql.selectable import CompoundSelect, Subquery

from app.extensions import db
from app.models import SearchWord, Synonym, Wish
from app.search.index import PG_COLUMN
from app.search.spelling import correction, edits
from app.search.text import STOP_WORDS, fold, stem_word, tokens
from app.search.thesaurus import covered, expand, group_stems

_SAFE = re.compile(r"^[a-z0-9]+$")
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
_PG_WEIGHTS: ColumnClause[Any] = literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]")
# How many matches a search without other filter reads, ranks and counts at most.
CANDIDATES = 300
MAX_TERMS = 12
# Typo correction looks at the first words only, and not at long ones: each word sends
# its one-edit variants (54 per letter) to the vocabulary look-up.
MAX_CORRECTED, MAX_CORRECTED_LENGTH = 4, 20

# A term is a stem, or a clause of alternatives (each a sequence of stems, all needed).
Term = str | tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ParsedQuery:
    """What a query searches for: ``terms`` (stems, misspelt words corrected, thesaurus
    groups expanded) and, when a word was corrected, ``suggestion``: the query as typed
    with the corrected words spelt as in the wishes ("Vouliez-vous dire…")."""

    terms: list[Term] = field(default_factory=list)
    suggestion: str | None = None


def search_terms(q: str) -> list[str]:
    """The stems a query searches for, as typed (safe for FTS5 and tsquery syntax)."""
    found: list[str] = []
    for word in _query_words(q):
        stem = stem_word(word)
        if len(stem) > 1 and _SAFE.match(stem) and stem not in found:
            found.append(stem)
    return found[:MAX_TERMS]


def _query_words(q: str) -> list[str]:
    return [w for w in map(fold, tokens(q or "")) if w not in STOP_WORDS]


def parse(q: str) -> ParsedQuery:
    """The terms of ``q``, read with the vocabulary and the thesaurus in one statement
    (once per request and query: lists and counts of one page share it)."""
    if not has_request_context():
        return _parse(q)
    cache: dict[str, ParsedQuery] = g.setdefault("parsed_queries", {})
    if q not in cache:
        cache[q] = _parse(q)
    return cache[q]


def _parse(q: str) -> ParsedQuery:
    typed = [t for t in tokens(q or "") if fold(t) not in STOP_WORDS][:MAX_TERMS]
    words = [fold(t) for t in typed]
    stems = [stem_word(w) for w in words]
    if not any(len(s) > 1 and _SAFE.match(s) for s in stems):
        return ParsedQuery()
    first = range(min(MAX_CORRECTED, len(words)))
    correctable = {words[i]: stems[i] for i in first if _correctable(words[i])}
    known, candidates, groups = _lookup(stems, correctable)
    replaced: dict[str, str] = {}
    synonyms = covered(stems, groups)
    for index, word in enumerate(words):
        if index >= MAX_CORRECTED or stems[index] in known or index in synonyms:
            continue
        if not _correctable(word):
            continue
        found = correction(word, candidates)
        if found is not None:
            stems[index] = found.stem
            replaced[typed[index]] = found.spelling
    kept: list[str] = []
    for stem in stems:
        if len(stem) > 1 and _SAFE.match(stem) and stem not in kept:
            kept.append(stem)
    terms: list[Term] = []
    for clause in expand(kept[:MAX_TERMS], groups):
        alternatives = tuple(a for a in clause if all(_SAFE.match(s) for s in a))
        terms.append(clause[0][0] if len(clause) == 1 and len(clause[0]) == 1 else alternatives)
    return ParsedQuery(terms=terms, suggestion=_suggestion(q, replaced) if replaced else None)


def _correctable(word: str) -> bool:
    return 4 <= len(word) <= MAX_CORRECTED_LENGTH and word.isascii() and word.isalpha()


def _suggestion(q: str, replaced: dict[str, str]) -> str:
    return re.sub(
        r"[^\W_]+", lambda m: replaced.get(m.group(0).lower(), m.group(0)), q, flags=re.UNICODE
    )


def _lookup(
    stems: list[str], correctable: dict[str, str]
) -> tuple[set[str], dict[str, tuple[str, str, int]], list[list[tuple[str, ...]]]]:
    """Which of ``stems`` some wish holds, the vocabulary words one edit away from each
    word of ``correctable`` (folded word → its stem) whose stem no wish holds, and the
    thesaurus groups: one statement. A word's variants are read only when its stem is
    unknown, so a query of known words reads none."""
    dialect = _dialect()
    params: dict[str, Any] = {"stems": stems}
    for slot, (typed, stem) in enumerate(correctable.items()):
        params[f"stem_{slot}"] = stem
        params[f"variants_{slot}"] = _variants(typed, dialect)
    known: set[str] = set()
    candidates: dict[str, tuple[str, str, int]] = {}
    groups = []
    statement = _lookup_statement(dialect, len(correctable))
    for kind, a, b, n in db.session.execute(statement, params).all():
        if kind == "s":
            known.add(a)
        elif kind == "g":
            groups.append(group_stems(b))
        else:
            stem, spelling = b.split(" ", 1)
            candidates[a] = (stem, spelling, n)
    return known, candidates, groups


@cache
def _lookup_statement(dialect: str, slots: int) -> CompoundSelect[Any]:
    """The look-up of :func:`_lookup` for ``slots`` corrected words, built once per
    process: building it anew (a thousand variants bound, its cache key computed) cost
    more than running it."""
    word = SearchWord.__table__
    parts = [
        select(
            literal("s").label("kind"),
            word.c.stem.label("a"),
            literal("").label("b"),
            literal(0).label("n"),
        )
        .where(word.c.stem.in_(bindparam("stems", expanding=True)), word.c.wishes > 0)
        .group_by(word.c.stem),
        select(literal("g"), literal(""), Synonym.__table__.c.terms, literal(0)),
    ]
    for slot in range(slots):
        held = word.alias(f"held_{slot}")
        known_stem = (
            select(held.c.stem)
            .where(held.c.stem == bindparam(f"stem_{slot}"), held.c.wishes > 0)
            .exists()
        )
        parts.append(
            select(
                literal("w"),
                word.c.word,
                word.c.stem + literal(" ") + word.c.spelling,
                word.c.wishes,
            )
            .where(_among(word.c.word, f"variants_{slot}", dialect, unless=known_stem))
            .where(word.c.wishes > 0)
        )
    return union_all(*parts)


# A 20-letter word's string is about 25 kB: a few hundred words are kept at most.
@lru_cache(maxsize=256)
def _variants(word: str, dialect: str) -> str:
    """The one-edit variants of ``word`` as the one string :func:`_among` binds."""
    variants = sorted(edits(word))
    return " ".join(variants) if dialect == "postgresql" else json.dumps(variants)


def _among(
    column: ColumnElement[str], name: str, dialect: str, *, unless: ColumnElement[bool]
) -> ColumnElement[bool]:
    """``column IN`` the values bound as one string ``name`` (letters only, see
    :func:`_variants`), split by the database: a word's thousand variants would
    otherwise be a thousand parameters to adapt, parse and plan. A sub-select, so
    PostgreSQL hashes them rather than comparing every row with every value. When
    ``unless`` holds (a condition on no row, tested once) the string is empty: SQLite
    would otherwise split and probe the values before testing any other condition."""
    if dialect == "postgresql":
        listed = case((unless, literal("")), else_=bindparam(name))
        return column.in_(select(func.unnest(func.string_to_array(listed, " "))))
    listed = case((unless, literal("[]")), else_=bindparam(name))
    return column.in_(select(func.json_each(listed).table_valued("value").c.value))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _fts5_term(term: Term) -> str:
    if isinstance(term, str):
        return f'"{term}"'
    return "(" + " OR ".join("(" + " AND ".join(f'"{s}"' for s in a) + ")" for a in term) + ")"


def _ts_term(term: Term) -> str:
    if isinstance(term, str):
        return term
    return "(" + " | ".join("(" + " & ".join(a) + ")" for a in term) + ")"


def _fts5_match(terms: Sequence[Term], *, any_term: bool, prefix_last: bool) -> str:
    parts = [_fts5_term(t) for t in terms]
    last = terms[-1]
    if prefix_last and isinstance(last, str) and len(last) >= 3:
        parts[-1] += "*"
    return (" OR " if any_term else " AND ").join(parts)


def _tsquery(terms: Sequence[Term], *, any_term: bool, prefix_last: bool) -> str:
    parts = [_ts_term(t) for t in terms]
    last = terms[-1]
    if prefix_last and isinstance(last, str) and len(last) >= 3:
        parts[-1] += ":*"
    return (" | " if any_term else " & ").join(parts)


def _fts5_condition(match: str) -> TextClause:
    """``wish_fts MATCH …`` with its own bound value: several may sit in one statement."""
    return text("wish_fts MATCH :fts_match").bindparams(bindparam("fts_match", match, unique=True))


def _pg_vector() -> ColumnClause[Any]:
    return literal_column(f"wish.{PG_COLUMN}")


def search_wishes(
    query: Select[Any],
    q: str,
    *,
    any_term: bool = False,
    prefix_last: bool = False,
    terms: Sequence[Term] | None = None,
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """Restrict ``query`` (a ``select(Wish)``) to wishes matching ``q``.

    Returns the new query and the ORDER BY clauses for "most relevant first". All
    terms must match unless ``any_term``; ``prefix_last`` treats the last word as a
    prefix (typing in progress). A query made only of stop words matches everything.
    """
    terms = parse(q).terms if terms is None else terms
    if not terms:
        return query, []
    if _dialect() == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            _tsquery(terms, any_term=any_term, prefix_last=prefix_last),
        )
        vector = _pg_vector()
        rank = func.ts_rank(_PG_WEIGHTS, vector, tsquery)
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
    terms: Sequence[Term] | None = None,
) -> list[int] | None:
    """Ids of wishes matching ``q`` (no other filter), most relevant among the first
    :data:`CANDIDATES` matches first (:func:`_candidates`). None when ``q`` has no
    searchable word."""
    terms = parse(q).terms if terms is None else terms
    if not terms:
        return None
    found = _candidates(
        terms, excluded_status, exclude_id=exclude_id, any_term=any_term, prefix_last=prefix_last
    )
    ranked = select(found.c.id).order_by(found.c.rank.desc(), found.c.id.desc())
    return list(db.session.execute(ranked.limit(limit).offset(offset)).scalars())


@dataclass(frozen=True)
class RankedPage:
    """One page of a search: ``total`` matches, counted up to :data:`CANDIDATES`
    (``more`` when there are more), and the page's ids, most relevant first."""

    total: int
    ids: list[int]
    more: bool


def ranked_page_from_index(
    q: str, *, limit: int, offset: int, excluded_status: str
) -> RankedPage | None:
    """How many wishes match every word of ``q`` (those with ``excluded_status`` aside),
    up to :data:`CANDIDATES`, and one page of them, most relevant first, in one
    statement over the first matches the index yields (:func:`_candidates`). None when
    ``q`` has no searchable word. The count rides along each row (``count(*) OVER
    ()``); a page past the end has no row to carry it, so it is then counted on its
    own, as bounded."""
    terms = parse(q).terms
    if not terms:
        return None
    found = _candidates(terms, excluded_status)
    page = select(found.c.id, func.count().over()).order_by(found.c.rank.desc(), found.c.id.desc())
    # The pages cover the ``CANDIDATES`` best: the extra candidate is only ranked.
    shown = min(limit, max(0, CANDIDATES - offset))
    rows = db.session.execute(page.limit(shown).offset(offset)).all() if shown else []
    if rows:
        counted, ids = rows[0][1], [row[0] for row in rows]
    else:
        counted = db.session.execute(select(func.count()).select_from(found)).scalar_one()
        ids = []
    return RankedPage(total=min(counted, CANDIDATES), ids=ids, more=counted > CANDIDATES)


def _candidates(
    terms: Sequence[Term],
    excluded_status: str,
    *,
    exclude_id: int | None = None,
    any_term: bool = False,
    prefix_last: bool = False,
) -> Subquery:
    """The first ``CANDIDATES + 1`` matches in the order the index yields them, each
    with its relevance (``rank``, higher is better), as a sub-select: a search reads
    and ranks that many matches at most, however many wishes match (a common word
    matches a third of them). Neither index gives matches by relevance: FTS5 walks
    its lists by rowid, PostgreSQL reads the GIN index's matches in the table's order;
    both then stop. The extra one tells "more than ``CANDIDATES``" from exactly as
    many."""
    bound = CANDIDATES + 1
    if _dialect() == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"),
            _tsquery(terms, any_term=any_term, prefix_last=prefix_last),
        )
        wish = Wish.__table__  # Core: no ORM entity here
        vector = _pg_vector()
        matches = select(wish.c.id, func.ts_rank(_PG_WEIGHTS, vector, tsquery).label("rank")).where(
            vector.op("@@")(tsquery), wish.c.status != excluded_status
        )
        if exclude_id is not None:
            matches = matches.where(wish.c.id != exclude_id)
        return matches.limit(bound).subquery("candidates")
    rowid: ColumnElement[int] = literal_column("rowid")
    found = _index_matches_except(
        terms, excluded_status, any_term=any_term, prefix_last=prefix_last
    )
    if exclude_id is not None:
        found = found.where(rowid != exclude_id)
    # bm25 is lower for better matches; negated, both databases rank higher first.
    rank: ColumnClause[Any] = literal_column(f"-bm25(wish_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})")
    ranked = found.with_only_columns(rowid.label("id"), rank.label("rank"))
    return ranked.limit(bound).subquery("candidates")


def _index_matches(terms: Sequence[Term], *, any_term: bool, prefix_last: bool) -> Select[Any]:
    match = _fts5_match(terms, any_term=any_term, prefix_last=prefix_last)
    return (
        select(literal_column("rowid")).select_from(text("wish_fts")).where(_fts5_condition(match))
    )


def _index_matches_except(
    terms: Sequence[Term],
    excluded_status: str,
    *,
    any_term: bool = False,
    prefix_last: bool = False,
) -> Select[Any]:
    """Matches in the index but the wishes with ``excluded_status``, each match looked
    up in ``ix_wish_status`` (status, then rowid): no wish row is read, and the cost
    follows the matches read, not how many wishes have that status (listing every
    duplicate first read 30,000 ids at 1,000,000 wishes)."""
    excluded = text(
        "NOT EXISTS (SELECT 1 FROM wish AS excluded INDEXED BY ix_wish_status "
        "WHERE excluded.status = :excluded_status AND excluded.id = wish_fts.rowid)"
    ).bindparams(excluded_status=excluded_status)
    return _index_matches(terms, any_term=any_term, prefix_last=prefix_last).where(excluded)


def wish_text_condition(q: str) -> ColumnElement[bool]:
    """A WHERE condition: wishes whose title or body matches every word of ``q``."""
    terms = parse(q).terms
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
