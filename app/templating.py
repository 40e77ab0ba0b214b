"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from app import labels
from app.markdown import render_markdown


def register(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["number"] = _number
    app.jinja_env.filters["wish_status"] = lambda c: labels.label(labels.WISH_STATUS_LABELS, c)
    app.jinja_env.filters["roadmap_status"] = lambda c: labels.label(
        labels.ROADMAP_STATUS_LABELS, c
    )
    app.jinja_env.filters["delivery"] = lambda c: labels.label(labels.DELIVERY_LABELS, c)
    app.jinja_env.filters["role"] = lambda c: labels.label(labels.ROLE_LABELS, c)
    app.jinja_env.filters["territory_kind"] = lambda c: labels.label(
        labels.TERRITORY_KIND_LABELS, c
    )
    app.jinja_env.filters["history_kind"] = lambda c: labels.label(labels.HISTORY_KIND_LABELS, c)
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    @app.context_processor
    def _inject() -> dict:
        from app.services.notifications import unread_count

        count = 0
        if current_user.is_authenticated:
            count = unread_count(current_user.id)
        return {"current_locale": str(get_locale()), "unread_notifications": count}


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


def _date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM y" if fmt == "medium" else fmt)
    return format_date(value, fmt)


def _datetime(value: datetime | None, fmt: str = "medium") -> str:
    return "" if value is None else format_datetime(value, fmt)


def _number(value: int | float | None) -> str:
    if value is None:
        return ""
    if type(value) is int and 0 <= value < 1000:
        return str(value)  # no grouping separator below 1,000 in any locale: skip Babel
    return format_decimal(value)
