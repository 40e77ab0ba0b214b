"""Full-text index objects of ``wish``, for both databases.

* SQLite: an FTS5 external-content table ``wish_fts`` over ``wish.search_title`` and
  ``wish.search_body`` (tokenizer ``unicode61 remove_diacritics 2``), kept in step by
  three triggers.
* PostgreSQL: a GIN index on a weighted ``tsvector`` expression of the same columns
  (``simple`` configuration: the text is already folded and stemmed in Python, see
  ``app/search/text.py``, so both databases find exactly the same wishes).

The migrations and ``metadata.create_all`` (tests) both install these objects;
``install(connection)`` is idempotent, so a later migration that rebuilds the ``wish``
table on SQLite (batch "move and copy" drops triggers) can call it again.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, text

from app.models.wish import Wish
from app.search.text import stemmed_text

PG_TSVECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, {t}search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, {t}search_body), 'B'))"
)
PG_INDEX = "ix_wish_search"

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


def install(connection, *, rebuild: bool = True) -> None:
    """Create the search index objects (idempotent) and fill them from ``wish``."""
    name = connection.dialect.name
    if name == "sqlite":
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        if rebuild:
            connection.exec_driver_sql("INSERT INTO wish_fts(wish_fts) VALUES ('rebuild')")
    elif name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON wish USING gin ({PG_TSVECTOR.format(t='')})"
        )


def uninstall(connection) -> None:
    name = connection.dialect.name
    if name == "sqlite":
        for statement in SQLITE_DROP:
            connection.exec_driver_sql(statement)
    elif name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")


def rebuild_sqlite(connection) -> None:
    """Refill ``wish_fts`` from ``wish`` (after a bulk load without triggers)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO wish_fts(wish_fts) VALUES ('rebuild')"))


@event.listens_for(Wish.__table__, "after_create")
def _after_create(target, connection, **kw):
    install(connection, rebuild=False)


@event.listens_for(Wish.__table__, "before_drop")
def _before_drop(target, connection, **kw):
    uninstall(connection)


@event.listens_for(Wish, "before_insert")
def _stem_on_insert(mapper, connection, wish: Wish) -> None:
    wish.search_title = stemmed_text(wish.title or "")
    wish.search_body = stemmed_text(wish.body or "")


@event.listens_for(Wish, "before_update")
def _stem_on_update(mapper, connection, wish: Wish) -> None:
    state = inspect(wish)
    if state.attrs.title.history.has_changes():
        wish.search_title = stemmed_text(wish.title or "")
    if state.attrs.body.history.has_changes():
        wish.search_body = stemmed_text(wish.body or "")


def is_search_index_table(name: str | None) -> bool:
    """The SQLite FTS5 table and its shadow tables, which the models do not describe."""
    return name is not None and (name == "wish_fts" or name.startswith("wish_fts_"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic autogenerate filter: leave the full-text index objects alone (the SQLite
    FTS5 tables, the PostgreSQL GIN expression index), which the models do not describe."""
    if type_ == "table":
        return not is_search_index_table(name)
    if type_ == "index":
        return name != PG_INDEX
    return True
