"""CSV and JSON output for spreadsheets and scripts, written as a stream.

CSV is made for French spreadsheets: UTF-8 with a byte-order mark, ``;`` between
cells, and cells that a spreadsheet would read as a formula neutralised with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from flask import Response

BOM = "\ufeff"
DELIMITER = ";"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """The cell text, prefixed with ``'`` when it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)  # a negative number is a number, not a formula
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = DELIMITER.join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_stream(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    headers: Sequence[str] | None = None,
) -> Iterator[str]:
    """Yield the CSV text piece by piece: BOM and header first, then one row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in (headers or columns)])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(row.get(c)) for c in columns])
        yield buffer.getvalue()


def csv_download(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    filename: str,
    headers: Sequence[str] | None = None,
) -> Response:
    """The CSV file as a response the browser saves under ``filename``."""
    return Response(
        "".join(csv_stream(columns, rows, headers=headers)),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def json_stream(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield a JSON array, one item at a time."""
    yield "["
    first = True
    for row in rows:
        yield (
            ("" if first else ",")
            + "\n"
            + json.dumps(row, ensure_ascii=False, default=_json_default)
        )
        first = False
    yield "\n]\n"
