"""Full-text index objects of ``wish``, for both databases.

* SQLite: an FTS5 external-content table ``wish_fts`` over ``wish.search_title`` and
  ``wish.search_body`` (tokenizer ``unicode61 remove_diacritics 2``), kept in step by
  three triggers.
* PostgreSQL: a weighted ``tsvector`` of the same columns, stored in the generated
  column ``wish.search_vector``, and a GIN index on it (``simple`` configuration: the
  text is already folded and stemmed in Python, see ``app/search/text.py``, so both
  databases find exactly the same wishes). Stored rather than an index expression:
  ranking reads every match's vector, and building it again from the text of each
  match was most of a ranked search's time.

Beside the index, the vocabulary (``search_word``: each word of the wishes, its stem,
a spelling and how many wishes hold it) is kept in step on every ORM write of a wish,
for typo correction (``app.search.spelling``); bulk loads call
:func:`rebuild_vocabulary`.

The migrations and ``metadata.create_all`` (tests) both install these objects;
``install(connection)`` is idempotent, so a later migration that rebuilds the ``wish``
table on SQLite (batch "move and copy" drops triggers) can call it again.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any, cast

from sqlalchemy import Insert, Table, delete, event, inspect, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from app.models.search import SearchWord, Synonym
from app.models.wish import Wish
from app.search.text import spellings, stem_word, stemmed_text
from app.search.thesaurus import DEFAULT_GROUPS

MAX_WORD = 64
_WORDS = cast(Table, SearchWord.__table__)
_SYNONYMS = cast(Table, Synonym.__table__)

PG_TSVECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, {t}search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, {t}search_body), 'B'))"
)
PG_INDEX = "ix_wish_search"
PG_COLUMN = "search_vector"

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS wish_fts USING fts5("
    "search_title, search_body, content='wish', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS wish_fts_ai AFTER INSERT ON wish BEGIN "
    "INSERT INTO wish_fts(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS wish_fts_ad AFTER DELETE ON wish BEGIN "
    "INSERT INTO wish_fts(wish_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS wish_fts_au AFTER UPDATE OF search_title, search_body "
    "ON wish BEGIN "
    "INSERT INTO wish_fts(wish_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    "INSERT INTO wish_fts(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS wish_fts_au",
    "DROP TRIGGER IF EXISTS wish_fts_ad",
    "DROP TRIGGER IF EXISTS wish_fts_ai",
    "DROP TABLE IF EXISTS wish_fts",
]


def install(connection: Connection, *, rebuild: bool = True) -> None:
    """Create the search index objects (idempotent) and fill them from ``wish``."""
    name = connection.dialect.name
    if name == "sqlite":
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        if rebuild:
            connection.exec_driver_sql("INSERT INTO wish_fts(wish_fts) VALUES ('rebuild')")
    elif name == "postgresql":
        connection.exec_driver_sql(
            f"ALTER TABLE wish ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({PG_TSVECTOR.format(t='')}) STORED"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON wish USING gin ({PG_COLUMN})"
        )


def uninstall(connection: Connection) -> None:
    name = connection.dialect.name
    if name == "sqlite":
        for statement in SQLITE_DROP:
            connection.exec_driver_sql(statement)
    elif name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
        connection.exec_driver_sql(f"ALTER TABLE wish DROP COLUMN IF EXISTS {PG_COLUMN}")


def rebuild_sqlite(connection: Connection) -> None:
    """Refill ``wish_fts`` from ``wish`` (after a bulk load without triggers)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO wish_fts(wish_fts) VALUES ('rebuild')"))


@event.listens_for(Wish.__table__, "after_create")
def _after_create(target: Table, connection: Connection, **kw: Any) -> None:
    install(connection, rebuild=False)


@event.listens_for(Wish.__table__, "before_drop")
def _before_drop(target: Table, connection: Connection, **kw: Any) -> None:
    uninstall(connection)


@event.listens_for(Wish, "before_insert")
def _stem_on_insert(mapper: Mapper[Wish], connection: Connection, wish: Wish) -> None:
    wish.search_title = stemmed_text(wish.title or "")
    wish.search_body = stemmed_text(wish.body or "")
    _count_words(connection, _vocabulary(wish.title, wish.body), 1)


@event.listens_for(Wish, "before_update")
def _stem_on_update(mapper: Mapper[Wish], connection: Connection, wish: Wish) -> None:
    state = inspect(wish)
    title, body = state.attrs.title.history, state.attrs.body.history
    if not (title.has_changes() or body.has_changes()):
        return
    before = _vocabulary(
        title.deleted[0] if title.deleted else wish.title,
        body.deleted[0] if body.deleted else wish.body,
    )
    after = _vocabulary(wish.title, wish.body)
    if title.has_changes():
        wish.search_title = stemmed_text(wish.title or "")
    if body.has_changes():
        wish.search_body = stemmed_text(wish.body or "")
    _count_words(connection, {w: s for w, s in after.items() if w not in before}, 1)
    _count_words(connection, {w: s for w, s in before.items() if w not in after}, -1)


@event.listens_for(Wish, "after_delete")
def _uncount_on_delete(mapper: Mapper[Wish], connection: Connection, wish: Wish) -> None:
    _count_words(connection, _vocabulary(wish.title, wish.body), -1)


def _vocabulary(title: str | None, body: str | None) -> dict[str, str]:
    """The words of a wish worth correcting a query to, and how they are written."""
    found = spellings(f"{title or ''} {body or ''}")
    return {w: s for w, s in found.items() if 1 < len(w) <= MAX_WORD and len(s) <= MAX_WORD}


def _count_words(connection: Connection, words: dict[str, str], delta: int) -> None:
    """Add ``delta`` to the wishes holding each of ``words`` (one statement)."""
    if not words:
        return
    table = _WORDS
    if delta < 0:
        connection.execute(
            update(table).where(table.c.word.in_(words)).values(wishes=table.c.wishes + delta)
        )
        return
    rows = [
        {"word": w, "stem": stem_word(w), "spelling": s, "wishes": delta} for w, s in words.items()
    ]
    connection.execute(_counting_statement(connection.dialect.name), rows)


@cache
def _counting_statement(dialect: str) -> Insert:
    """Built once per dialect: one compiled statement for any number of words (a
    statement listing the words would be compiled anew for each wish filed)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_WORDS)
    return statement.on_conflict_do_update(
        index_elements=[_WORDS.c.word],
        set_={"wishes": _WORDS.c.wishes + statement.excluded.wishes},
    )


def rebuild_vocabulary(connection: Connection, *, batch: int = 5000) -> None:
    """Recount the vocabulary from every wish (after a bulk load, or a migration)."""
    wish = Wish.__table__
    counts: Counter[str] = Counter()
    spelt: dict[str, str] = {}
    for title, body in connection.execute(select(wish.c.title, wish.c.body)):
        words = _vocabulary(title, body)
        counts.update(words.keys())
        for word, spelling in words.items():
            spelt.setdefault(word, spelling)
    table = _WORDS
    connection.execute(delete(table))
    rows = [
        {"word": w, "stem": stem_word(w), "spelling": spelt[w], "wishes": n}
        for w, n in counts.items()
    ]
    for start in range(0, len(rows), batch):
        connection.execute(table.insert(), rows[start : start + batch])


def install_thesaurus(connection: Connection) -> None:
    """Seed the thesaurus with the network's usual groups, unless it holds some."""
    table = _SYNONYMS
    if connection.execute(select(table.c.id).limit(1)).first() is None:
        connection.execute(table.insert(), [{"terms": terms} for terms in DEFAULT_GROUPS])


def is_search_index_table(name: str | None) -> bool:
    """The SQLite FTS5 table and its shadow tables, which the models do not describe."""
    return name is not None and (name == "wish_fts" or name.startswith("wish_fts_"))


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic autogenerate filter: leave the full-text index objects alone (the SQLite
    FTS5 tables, the PostgreSQL vector column and its GIN index), which the models do not
    describe."""
    if type_ == "table":
        return not is_search_index_table(name)
    if type_ == "index":
        return name != PG_INDEX
    if type_ == "column":
        return name != PG_COLUMN
    return True
