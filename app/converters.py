"""URL converters: ``<int:…>`` ids stop at the database's integer range.

Werkzeug's ``int`` accepts any size; an id beyond 2**31 - 1 reached the database and
failed there (a 500: "Python int too large to convert to SQLite INTEGER", or a
PostgreSQL out-of-range error). Such a URL now simply matches no route: 404."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)
