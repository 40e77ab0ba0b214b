"""Statements the two supported databases (SQLite, PostgreSQL) spell differently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def affected_rows(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE touched (``execute`` types its result as a plain Result)."""
    return cast(CursorResult[Any], result).rowcount or 0


def insert_ignoring_conflict(
    model: type[Any], values: dict[str, Any], *, conflict_columns: Sequence[str]
) -> bool:
    """``INSERT … ON CONFLICT (columns) DO NOTHING``: True if the row went in.

    One statement instead of a look-up then an insert, and no unique-violation error
    when a concurrent transaction inserted the same row first."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(*table.primary_key.columns)
    )
    return db.session.execute(statement).first() is not None
