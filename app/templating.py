"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlencode

from babel import Locale, dates, numbers
from flask import Flask, g, has_app_context, request, url_for
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app import labels
from app.collation import by_name
from app.i18n import punctuation
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
    parts = []
    for choice in choices:
        if isinstance(choice, str):
            value = text = choice
        elif hasattr(choice, "slug"):
            value, text = choice.slug, choice.name
        else:
            value, text = choice
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(text)}</option>')
    return Markup("".join(parts))


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
