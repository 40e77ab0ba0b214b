"""Request input, bounded and cleaned in one place.

What no part of the app can store or parse is refused once, before any view runs
(:func:`refusal`): a NUL character in the path, a query parameter, a form value or a
JSON string (PostgreSQL refuses NUL in text, so the first query using it failed), an
unpaired surrogate in a JSON string (it cannot be encoded for the database), and JSON
nested deeper than :data:`MAX_JSON_DEPTH` (Python's parser recurses: a deep body was a
``RecursionError``). The answer is a 400: the error page, or the API's JSON error.

Integers read from query strings and forms go through the helpers below, which keep
them in the database's 32-bit range: page numbers are clamped, other values outside it
are treated as malformed. SelectFields holding ids use ``coerce=db_int``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, SecurityError
from wtforms import IntegerField

from app.converters import DB_INT_MAX

DB_INT_MIN = -(2**31)
MAX_PAGE = 1_000_000
MAX_JSON_DEPTH = 32

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class InvalidInput(BadRequest):
    """A 400 whose description is written for the reader (shown on the error page)."""


# Integers ------------------------------------------------------------------------------


def db_int(value: Any) -> int:
    """An integer the database can store (32-bit), else ``ValueError``.

    Meant as a WTForms ``coerce``: a SelectField then reports an unknown choice instead
    of passing ``99999999999999999999`` on to a query."""
    if isinstance(value, bool):
        raise ValueError("not an integer")
    number = value if isinstance(value, int) else int(str(value).strip())
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError("out of the database's integer range")
    return number


def int_or_none(raw: Any, *, minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int | None:
    """``raw`` as an integer between ``minimum`` and ``maximum``, else None."""
    number = _whole(raw)
    if number is None:
        return None
    return number if minimum <= number <= maximum else None


def clamp_page(page: Any, per_page: Any, *, default_per_page: int = 50, max_per_page: int = 100):
    """``(page, per_page)`` from a query string: page between 1 and MAX_PAGE, per_page
    between 1 and ``max_per_page``; what is not a number gets the default."""
    number = _whole(page)
    number = 1 if number is None else min(max(1, number), MAX_PAGE)
    size = _whole(per_page)
    size = default_per_page if size is None else min(max(1, size), max_per_page)
    return number, size


def _whole(raw: Any) -> int | None:
    if raw is None:
        return None
    try:
        return int(str(raw).strip())
    except ValueError:  # not a number, or more digits than int() reads
        return None


class DbIntegerField(IntegerField):
    """An IntegerField whose value fits the database's integer column."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not DB_INT_MIN <= self.data <= DB_INT_MAX:
            self.data = None
            raise ValueError(_l("Nombre trop grand."))


# Refusal before any view ---------------------------------------------------------------


def _has_bad_character(text: str) -> bool:
    return "\x00" in text


def _json_string_is_bad(text: str) -> bool:
    return "\x00" in text or _SURROGATE.search(text) is not None


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests arrays/objects deeper than ``limit`` (strings are
    skipped first, so brackets inside them do not count)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _bad_json_field(data: Any) -> str | None:
    """The top-level key (or ``body``) holding a string with a NUL or a lone surrogate."""
    stack: list[tuple[str, Any]] = [("body", data)]
    if isinstance(data, dict):
        stack = [(str(k), v) for k, v in data.items()] + [("body", list(data))]
    while stack:
        field, value = stack.pop()
        if isinstance(value, str):
            if _json_string_is_bad(value):
                return field
        elif isinstance(value, dict):
            stack.extend((field, k) for k in value)
            stack.extend((field, v) for v in value.values())
        elif isinstance(value, list):
            stack.extend((field, v) for v in value)
    return None


def _problem() -> tuple[str, str, Any] | None:
    """``(error code, field, message)`` of the first thing refused, or None."""
    nul = _l("Caractère nul (\\0) refusé.")
    if _has_bad_character(request.path):
        return "invalid_characters", "path", nul
    for key, values in request.args.lists():
        if _has_bad_character(key) or any(_has_bad_character(v) for v in values):
            return "invalid_characters", key.replace("\x00", ""), nul
    if request.mimetype in _FORM_TYPES:
        for key, values in request.form.lists():
            if _has_bad_character(key) or any(_has_bad_character(v) for v in values):
                return "invalid_characters", key.replace("\x00", ""), nul
    if request.is_json and request.content_length != 0:
        raw = request.get_data(cache=True)
        if json_depth_exceeds(raw):
            message = _("JSON trop imbriqué (%(n)d niveaux au plus).", n=MAX_JSON_DEPTH)
            return "invalid_json", "body", message
        field = _bad_json_field(request.get_json(silent=True))
        if field is not None:
            message = _("Caractère nul (\\0) ou invalide refusé.")
            return "invalid_characters", field.replace("\x00", ""), message
    return None


def refusal():
    """A 400 for input nothing downstream could handle, or None to go on."""
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception  # an untrusted Host: refused before anything reads it
    problem = _problem()
    if problem is None:
        return None
    code, field, message = problem
    message = str(message)
    if request.path.startswith("/api/"):
        from app.api.errors import error_response

        return error_response(400, code, message, {field: message})
    raise InvalidInput(message)


def register(app: Flask) -> None:
    # First in line, before authentication, CSRF checks or any view reads the input.
    app.before_request_funcs.setdefault(None, []).insert(0, refusal)
