"""Bulk loading of the generated rows: ``COPY`` on PostgreSQL, ``executemany`` on
SQLite, secondary indexes rebuilt once after the load, and the ``VACUUM`` that follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import insert

from app.extensions import db

BATCH = 20_000


def bulk_insert(connection, table, rows: list[dict], tick: Callable[[int], None]) -> None:
    """Core ``insert()`` executemany; on SQLite straight to ``cursor.executemany``.

    On SQLite, per-value type processing dominates a million-row load, so values are
    converted once here (datetimes to SQLAlchemy's text format, booleans to 0/1).
    """
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy_postgresql(connection, table, rows, tick)
        return
    if connection.dialect.name != "sqlite":
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            connection.execute(insert(table), chunk)
            tick(len(chunk))
        return
    columns = list(rows[0])
    kinds = []
    for name in columns:
        python_type = getattr(table.c[name].type, "impl", table.c[name].type)
        kinds.append(python_type.__class__.__name__)
    converters = [
        _sqlite_datetime if k == "DateTime" else _sqlite_date if k == "Date" else None
        for k in kinds
    ]
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    plain = all(c is None for c in converters)
    # Build secondary indexes once after the load rather than row by row.
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table.name,),
    ).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if plain:
            data = [tuple(r[c] for c in columns) for r in chunk]
        else:
            data = [
                tuple(
                    conv(r[c]) if conv is not None and r[c] is not None else r[c]
                    for c, conv in zip(columns, converters, strict=True)
                )
                for r in chunk
            ]
        connection.exec_driver_sql(sql, data)
        tick(len(chunk))
    for _name, index_sql in indexes:
        connection.exec_driver_sql(index_sql)


def _copy_postgresql(connection, table, rows: list[dict], tick: Callable[[int], None]) -> None:
    """``COPY … FROM STDIN`` (binary-free text protocol through psycopg), with the
    table's secondary indexes dropped during the load and rebuilt once after it: a
    million-row load is bound by index maintenance otherwise."""
    columns = list(rows[0])
    indexes = connection.exec_driver_sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = %(table)s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        {"table": table.name},
    ).all()
    for name, _definition in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    cursor = connection.connection.driver_connection.cursor()
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            for row in chunk:
                copy.write_row(tuple(row[c] for c in columns))
            tick(len(chunk))
    for _name, definition in indexes:
        connection.exec_driver_sql(definition)


def _sqlite_datetime(value: datetime) -> str:
    # Stored naive in UTC, the format SQLAlchemy's SQLite DateTime type reads back
    # (all generated datetimes are already in UTC).
    return value.isoformat(sep=" ", timespec="microseconds")[:26]


def _sqlite_date(value: date) -> str:
    return value.isoformat()


def vacuum_after_load() -> None:
    """PostgreSQL: VACUUM the loaded tables once committed (it cannot run inside a
    transaction). A table freshly bulk-loaded has no visibility map yet, so the planner
    prices an index-only scan (e.g. a deep page of the list on ``ix_wish_rank_support``)
    as a heap read per row and sorts the whole table instead; autovacuum would get there
    later, this gets there before the first request."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")
