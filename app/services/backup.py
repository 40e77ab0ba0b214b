"""Portable backup and restore of the whole database (JSON, gzip-compressed).

The dump lists every table of the data model in dependency order (parents first) with
its column names and rows; values are plain JSON (dates and datetimes as ISO 8601
strings), so a dump made on SQLite restores on PostgreSQL and the other way round.
It records the migration revision of the database it came from; restore into a
database migrated to that same revision (``flask db upgrade <revision>``), then
upgrade as usual.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any, TypedDict, cast

from sqlalchemy import Column, Connection, Table, func, inspect, select, text
from sqlalchemy import types as sqltypes

from app.models import Base

FORMAT = "souhaits-backup"
VERSION = 1


class RestoreRefused(Exception):
    pass


class DumpedTable(TypedDict):
    name: str
    columns: list[str]
    rows: list[list[Any]]


class Backup(TypedDict):
    """The JSON document of a dump."""

    format: str
    version: int
    created_at: str
    revision: str | None
    tables: list[DumpedTable]


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _base_type(column: Column[Any]) -> sqltypes.TypeEngine[Any]:
    kind = column.type
    if isinstance(kind, sqltypes.TypeDecorator):
        return cast(sqltypes.TypeEngine[Any], kind.impl)
    return kind


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _decoder(column: Column[Any]) -> Callable[[str], object] | None:
    kind = _base_type(column)
    if isinstance(kind, sqltypes.DateTime):

        def decode(value: str) -> datetime:
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo or not kind.timezone else parsed.replace(tzinfo=UTC)

        return decode
    if isinstance(kind, sqltypes.Date):
        return date.fromisoformat
    if isinstance(kind, sqltypes.Numeric) and not isinstance(kind, sqltypes.Float):
        return Decimal
    if isinstance(kind, sqltypes.LargeBinary):
        return base64.b64decode
    return None


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    revisions = sorted(
        connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    )
    return ",".join(revisions) or None


def dump(connection: Connection, stream: IO[bytes]) -> dict[str, int]:
    """Write every row of every table to ``stream`` (gzip); returns the row counts."""
    counts: dict[str, int] = {}
    tables = {}
    for table in _tables():
        columns = [c.name for c in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = [
            [_encode(value) for value in row]
            for row in connection.execute(select(*table.columns).order_by(*order))
        ]
        tables[table.name] = {"columns": columns, "rows": rows}
        counts[table.name] = len(rows)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "revision": current_revision(connection),
        "tables": [{"name": name, **content} for name, content in tables.items()],
    }
    with gzip.GzipFile(fileobj=stream, mode="wb") as compressed:
        compressed.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return counts


def _row_count(connection: Connection, table: Table) -> int:
    return connection.execute(select(func.count()).select_from(table)).scalar_one()


def read(stream: IO[bytes]) -> Backup:
    with gzip.GzipFile(fileobj=stream, mode="rb") as compressed:
        document: Backup = json.loads(compressed.read().decode("utf-8"))
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise RestoreRefused("Ce fichier n'est pas une sauvegarde Souhaits lisible.")
    return document


def restore(connection: Connection, document: Backup, *, force: bool = False) -> dict[str, int]:
    """Load a dump into the database of ``connection`` (in the caller's transaction).

    Refuses a database that holds data unless ``force`` (which empties it first), and a
    database at another migration revision than the dump's.
    """
    revision = current_revision(connection)
    if document.get("revision") and revision and document["revision"] != revision:
        raise RestoreRefused(
            f"La sauvegarde est à la révision {document['revision']}, la base à {revision} : "
            f"migrez la base à la même révision (flask db upgrade {document['revision']})."
        )
    known = {t.name: t for t in _tables()}
    unknown = [t["name"] for t in document["tables"] if t["name"] not in known]
    if unknown:
        raise RestoreRefused("Tables inconnues dans la sauvegarde : " + ", ".join(unknown))
    non_empty = [t.name for t in _tables() if _row_count(connection, t)]
    if non_empty and not force:
        raise RestoreRefused(
            "La base n'est pas vide (" + ", ".join(non_empty) + ") : restaurez dans une base "
            "vide, ou ajoutez --force pour la vider d'abord."
        )
    for table in reversed(_tables()):
        connection.execute(table.delete())

    counts: dict[str, int] = {}
    by_name = {t["name"]: t for t in document["tables"]}
    for table in _tables():  # parents first
        content = by_name.get(table.name)
        if not content:
            counts[table.name] = 0
            continue
        columns = [name for name in content["columns"] if name in table.columns]
        decoders = {name: _decoder(table.columns[name]) for name in columns}
        # Rows pointing at rows of the same table (a wish merged into another) are
        # inserted without that link first, then linked once every row exists.
        self_refs = [
            fk.parent.name
            for fk in table.foreign_keys
            if fk.column.table is table and fk.parent.name in columns
        ]
        rows = []
        for raw in content["rows"]:
            values = dict(zip(content["columns"], raw, strict=True))
            row = {}
            for name in columns:
                value = values[name]
                decode = decoders[name]
                row[name] = decode(value) if value is not None and decode else value
            rows.append(row)
        if rows:
            first_pass = (
                [{**row, **dict.fromkeys(self_refs)} for row in rows] if self_refs else rows
            )
            connection.execute(table.insert(), first_pass)
            if self_refs:
                pk = list(table.primary_key.columns)
                # Keep the saved values of columns an update would otherwise touch.
                kept = [
                    c.name for c in table.columns if c.onupdate is not None and c.name in columns
                ]
                for row in rows:
                    links = {name: row[name] for name in self_refs if row[name] is not None}
                    if links:
                        condition = [c == row[c.name] for c in pk]
                        links.update({name: row[name] for name in kept})
                        connection.execute(table.update().where(*condition).values(**links))
        counts[table.name] = len(rows)
    reset_sequences(connection)
    return counts


def reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move each id sequence past the highest restored id."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(_base_type(pk[0]), sqltypes.Integer):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": f'"{table.name}"', "column": pk[0].name},
        ).scalar()
        if sequence:
            connection.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE(MAX("{pk[0].name}"), 1), '
                    f'MAX("{pk[0].name}") IS NOT NULL) FROM "{table.name}"'
                ),
                {"sequence": sequence},
            )
