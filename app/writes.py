"""How a view runs a write: one commit per request, or the service's errors shown.

Services check the rules and flush; the view hands its write to ``run_write``, which
commits once on success and flashes the confirmation, or rolls back and reports the
``ServiceError``: next to the form's fields when the view has a form, as a flash
otherwise. A refused permission or a missing object is the 403 or 404 page."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort, flash

from app.extensions import db
from app.forms import EmptyForm
from app.services.errors import ServiceError

ABORTING = (403, 404)


@dataclass(frozen=True)
class Outcome:
    """What became of a write: its value, or the error and the message that says it."""

    ok: bool
    value: Any = None
    error: ServiceError | None = None
    message: str = ""

    @property
    def category(self) -> str:
        return "success" if self.ok else "error"


def error_text(error: ServiceError) -> str:
    """The error's message followed by the field messages it does not already say."""
    details = " ".join(v for v in error.fields.values() if v not in error.message)
    return f"{error.message} {details}".strip()


def place_errors(form: Any, error: ServiceError, aliases: Mapping[str, str] | None = None) -> bool:
    """Put each field message next to its field; True when at least one found its field."""
    placed = False
    for name, message in error.fields.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None:
            field.errors = [*list(field.errors or []), message]
            placed = True
    return placed


def run_write(
    write: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    form: Any = None,
    aliases: Mapping[str, str] | None = None,
    abort_on: Collection[int] = ABORTING,
    quiet: bool = False,
) -> Outcome:
    """Run ``write``; commit and flash ``success``, or roll back and report the error.

    ``success`` may be a function of the write's value. With ``quiet`` nothing is
    flashed: the caller shows ``Outcome.message`` itself (an htmx fragment)."""
    try:
        value = write()
    except ServiceError as error:
        db.session.rollback()
        if error.status in abort_on:
            abort(error.status)
        if form is not None and place_errors(form, error, aliases):
            message = error.message
        else:
            message = error_text(error)
        if not quiet:
            flash(message, "error")
        return Outcome(ok=False, error=error, message=message)
    # Worded before the commit, while the written objects are still loaded.
    message = success(value) if callable(success) else (success or "")
    db.session.commit()
    if message and not quiet:
        flash(message, "success")
    return Outcome(ok=True, value=value, message=message)


def check_button() -> None:
    """A state-changing button carries a valid CSRF token, or the request is a 400."""
    if not EmptyForm().validate_on_submit():
        abort(400)
