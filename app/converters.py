"""URL converters: ``<int:…>`` ids stop at the database's integer range.

Werkzeug's ``int`` accepts any size; an id beyond 2**31 - 1 reached the database and
failed there (a 500: "Python int too large to convert to SQLite INTEGER", or a
PostgreSQL out-of-range error). Such an id now becomes 0, which no row has: the view
answers its ordinary 404 (a ``max`` on the converter gave a confusing 405 instead)."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= DB_INT_MAX else 0
