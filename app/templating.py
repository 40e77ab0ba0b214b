"""Jinja filters and globals shared by every page."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlencode

from babel import Locale, dates, numbers
from flask import Flask, current_app, g, has_app_context, request, url_for
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app import labels
from app.collation import by_name
from app.i18n import punctuation
from app.kept_html import KeptHtml
from app.markdown import render_markdown
from app.money import money
from app.selectors.late import item_is_late


def colon() -> Markup:
    """A colon as the reader's language writes it (see :func:`app.i18n.punctuation`)."""
    return Markup(punctuation(":"))


# A filter per vocabulary: the label of a code, in the reader's language.
LABEL_FILTERS = {
    "wish_status": labels.WISH_STATUS_LABELS,
    "roadmap_status": labels.ROADMAP_STATUS_LABELS,
    "delivery": labels.DELIVERY_LABELS,
    "role": labels.ROLE_LABELS,
    "territory_kind": labels.TERRITORY_KIND_LABELS,
    "history_kind": labels.HISTORY_KIND_LABELS,
    "answer_decision": labels.ANSWER_DECISION_LABELS,
}


def register(app: Flask) -> None:
    # List rows (about 1.5 kB each) and the map's pieces (about 400 a map, 330 kB in
    # all): 8,192 keep thousands of rows and several maps of different filters.
    size = app.config.get("KEPT_HTML", 8192)
    app.extensions["souhaits_kept_html"] = KeptHtml(size) if size else None
    # The header of each reader (name, role, unread count, language) apart from the
    # rows: readers coming and going do not push rows out, nor rows headers.
    app.extensions["souhaits_kept_layout"] = KeptHtml(1024) if size else None
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = date_text
    app.jinja_env.filters["datetime"] = datetime_text
    app.jinja_env.filters["ago"] = ago_text
    app.jinja_env.filters["number"] = number_text
    app.jinja_env.filters["money"] = money
    for name, vocabulary in LABEL_FILTERS.items():
        app.jinja_env.filters[name] = partial(labels.label, vocabulary)
    app.jinja_env.filters["by_name"] = by_name
    app.jinja_env.globals["punctuation"] = lambda mark: Markup(punctuation(mark))
    # One rule for "late" on every page that shows a roadmap item.
    app.jinja_env.tests["late"] = item_is_late
    app.jinja_env.globals.update(
        {
            "colon": colon,
            "url_with": url_with,
            "options": options_html,
            "id_url": id_url,
            "kept": kept,
            "kept_rows": kept_rows,
            "kept_layout": kept_layout,
            "stamped": stamped,
            "csrf_token": csrf_token_once,
            "labels": labels,
        }
    )

    @app.context_processor
    def _inject() -> dict:
        from app.services.notifications import unread_count

        # Read once per request: a page may also render a kept fragment of its own.
        count = g.get("souhaits_unread_count", 0)
        if current_user.is_authenticated and "souhaits_unread_count" not in g:
            count = g.souhaits_unread_count = unread_count(current_user.id)
        return {
            "current_locale": str(get_locale()),
            "unread_notifications": count,
            # Overrides Flask-WTF's own context processor (registered earlier).
            "csrf_token": csrf_token_once,
        }


_ID_SENTINEL = 2_147_483_647


def id_url(endpoint: str, **value: int) -> str:
    """``url_for(endpoint, name=id)`` for a route taking one id, built once per request
    and endpoint: a list builds two such links per row, ~13 µs each through url_for."""
    ((name, object_id),) = value.items()
    patterns = g.setdefault("souhaits_id_urls", {})
    pattern = patterns.get(endpoint)
    if pattern is None:
        values: dict[str, Any] = {name: _ID_SENTINEL}
        pattern = patterns[endpoint] = url_for(endpoint, **values)
    return pattern.replace(str(_ID_SENTINEL), str(int(object_id)), 1)


def kept(macro: Callable[..., str], *values: Hashable) -> Markup:
    """``macro(*values)``, rendered once and kept for the next requests that show the
    same values in the same language and time zone.

    The macro must show nothing but its ``values`` (plain, hashable ones: a frozen row,
    strings, numbers, tuples): nothing of the reader, the request or the clock, which
    the key would not hold. Its name tells it from the other kept macros. With templates
    reloaded as they change (debug), nothing is kept."""
    pieces, context = kept_store()
    if pieces is None:
        return Markup(macro(*values))
    key = (macro.name, values, context)  # type: ignore[attr-defined]
    return pieces.get(key, lambda: macro(*values))


def kept_rows(
    macro: Callable[..., str], wishes: Sequence[Any], deliveries: Mapping[int, str] | None
) -> list[tuple[Any, Markup]]:
    """Each wish with ``kept(macro, wish, delivery)``, its delivery the one ``deliveries``
    gives it or else its status: the pieces of a whole list looked up at once, where a
    macro called per row costs the list more than the rows it finds kept."""
    values = [
        (wish, deliveries.get(wish.id, wish.status) if deliveries else wish.status)
        for wish in wishes
    ]
    pieces, context = kept_store()
    if pieces is None:
        shown = [Markup(macro(*each)) for each in values]
    else:
        name = macro.name  # type: ignore[attr-defined]
        shown = pieces.pieces(
            values, key=lambda each: (name, each, context), render=lambda each: macro(*each)
        )
    return list(zip(wishes, shown, strict=True))


def kept_store() -> tuple[KeptHtml | None, tuple[str, ...]]:
    """Where this request keeps its pieces (nowhere while templates reload as they
    change), and what besides a macro's values they show: the language, how dates are
    written and where the site is mounted (its links). Resolved once a request."""
    keeping = g.get("kept_for_request")
    if keeping is None:
        pieces = current_app.extensions.get("souhaits_kept_html")
        if current_app.jinja_env.auto_reload:
            pieces = None
        zone, locale = _formatting()
        context = (str(get_locale()), str(locale), str(zone), request.script_root)
        keeping = g.kept_for_request = (pieces, context)
    return keeping


@dataclass(frozen=True, slots=True)
class _Stamp:
    """The wish a control is rendered for once a page, whose marks are then replaced
    by each wish's id and title."""

    id: int = _ID_SENTINEL
    title: str = "\ue000title\ue000"
    is_closed: bool = False


_STAMP = _Stamp()
_NEXT_MARK = "\ue000next\ue000"
_STAMP_MARKS = re.compile(f"{_STAMP.id}|{_STAMP.title}|{_NEXT_MARK}")


def stamped(macro: Callable[..., str], wish: Any, *options: Hashable, next_path: str) -> Markup:
    """``macro(wish, *options, next_path)`` for a wish open to support, rendered once a request
    for these options and copied for each wish with its id and title: a list row's vote
    form shows nothing else of the wish, and the viewer's token and return path are
    the same for every row. Not copied where nothing is kept (templates reloaded)."""
    if kept_store()[0] is None:
        return Markup(macro(wish, *options, next_path))
    stamps = g.setdefault("stamps_for_request", {})
    key = (macro.name, options)  # type: ignore[attr-defined]
    stamp = stamps.get(key)
    if stamp is None:
        stamp = stamps[key] = str(macro(_STAMP, *options, _NEXT_MARK))
    marks = {
        str(_STAMP.id): str(int(wish.id)),
        _STAMP.title: str(escape(wish.title)),
        _NEXT_MARK: str(escape(next_path)),
    }
    # One pass: a title or a path holding a mark is copied as it is, not replaced again.
    return Markup(_STAMP_MARKS.sub(lambda found: marks[found.group(0)], stamp))


_CSRF_MARK = "\ue000csrf\ue000"
_LAYOUT_MARKS = re.compile(f"{_CSRF_MARK}|{_NEXT_MARK}")


def kept_layout(macro: Callable[..., str], *values: Hashable) -> Markup:
    """``kept(macro, *values, token, path)`` for the page's header or footer, kept in a
    store of their own with marks in place of the request's form token and path (where
    the language switch returns), which are put in for each page."""
    values = (*values, _CSRF_MARK, _NEXT_MARK)
    pieces, context = kept_store()
    layouts = current_app.extensions.get("souhaits_kept_layout") if pieces is not None else None
    if layouts is None:
        piece = Markup(macro(*values))
    else:
        key = (macro.name, values, context)  # type: ignore[attr-defined]
        piece = layouts.get(key, lambda: macro(*values))
    path = request.full_path if request.query_string else request.path
    marks = {_CSRF_MARK: str(escape(csrf_token_once())), _NEXT_MARK: str(escape(path))}
    return Markup(_LAYOUT_MARKS.sub(lambda found: marks[found.group(0)], piece))


def csrf_token_once() -> str:
    """Flask-WTF's form token, looked up once per request (the list asks for it per row)."""
    token = g.get("souhaits_csrf_token")
    if token is None:
        token = g.souhaits_csrf_token = generate_csrf()
    return token


def options_html(choices: Iterable, selected: str) -> Markup:
    """``<option>`` elements for strings, ``(value, text)`` pairs or rows with ``slug``
    and ``name``, the one equal to ``selected`` marked. Joined in Python: a filter offering
    hundreds of territories costs a Jinja loop several milliseconds a page."""
    if isinstance(choices, tuple):
        return _tuple_options(choices, selected)
    pairs = []
    for choice in choices:
        if isinstance(choice, str):
            pairs.append((choice, choice))
        elif hasattr(choice, "slug"):
            pairs.append((choice.slug, choice.name))
        else:
            value, text = choice
            pairs.append((value, text))
    return _options(tuple(pairs), selected)


@lru_cache(maxsize=64)
def _tuple_options(choices: tuple[str | tuple[Any, Any], ...], selected: str) -> Markup:
    """:func:`options_html` for a tuple of strings or pairs, known by value: the same
    choices (the list's filters at every view) are not even paired again."""
    return _options(
        tuple((c, c) if isinstance(c, str) else (c[0], c[1]) for c in choices), selected
    )


@lru_cache(maxsize=256)
def _options(pairs: tuple[tuple[Any, Any], ...], selected: str) -> Markup:
    """The elements of :func:`options_html`, escaped once for the same choices: the list
    page offers the same hundreds of territories at every view."""
    return Markup(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(text)}</option>"
            for value, text in pairs
        )
    )


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (``None`` removes one)."""
    args = request.args.to_dict(flat=True)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    query = urlencode(args)
    return request.path + (f"?{query}" if query else "")


def format_locale() -> Locale:
    """The locale dates and numbers are written in: plain English reads the British way
    ("5 Apr 2023", 24-hour clock) rather than the American one."""
    locale = get_locale() or Locale("fr")
    if locale.language == "en" and not locale.territory:
        return Locale("en", "GB")
    return locale


def _formatting() -> tuple[tzinfo, Locale]:
    """The user's time zone and format locale, resolved once per request (kept on ``g``;
    :func:`app.i18n.force_locale` sets them aside while another locale is forced)."""
    if not has_app_context():
        return get_timezone(), format_locale()
    cached = g.get("formatting_for_request")
    if cached is None:
        cached = g.formatting_for_request = (get_timezone(), format_locale())
    return cached


def date_text(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    zone, locale = _formatting()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        local = value.astimezone(zone)
        value = (zone.normalize(local) if hasattr(zone, "normalize") else local).date()
    return _formatted_date(value, fmt, locale)


@lru_cache(maxsize=4096)
def _formatted_date(value: date, fmt: str, locale: Locale) -> str:
    """Babel formats a date in ~0.1 ms; a list shows few distinct dates many times."""
    return dates.format_date(value, fmt, locale=locale)


def datetime_text(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    zone, locale = _formatting()
    return _formatted_datetime(value, fmt, zone, locale)


@lru_cache(maxsize=8192)
def _formatted_datetime(value: datetime, fmt: str, zone: tzinfo, locale: Locale) -> str:
    """Babel formats a moment in ~0.05 ms; a wish page shows a hundred of them (comments,
    timeline), the same ones at each view."""
    return dates.format_datetime(value, fmt, tzinfo=zone, locale=locale)


def ago_text(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in the reader's language: "il y a 2 heures", "2 hours ago"."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elapsed = value - (now or datetime.now(UTC))
    return dates.format_timedelta(
        elapsed, add_direction=True, threshold=1, format="long", locale=format_locale()
    )


def number_text(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and -1000 < value < 1000:
        return str(value)  # no grouping separator below 1,000 in any locale: skip Babel
    return numbers.format_decimal(value, locale=format_locale())
