"""What the admin pages share: look-ups, choices, and how a form or a button writes."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import or_404
from app.extensions import db
from app.selectors import admin as selectors
from app.services.territories import set_active
from app.writes import Outcome, check_button, run_write


def save_form(form, write: Callable[[], object], success: str) -> Outcome:
    """Run a service on a valid form; an invalid or refused one comes back not ``ok``
    with its errors next to the fields."""
    if not form.validate_on_submit():
        if request.method == "POST":
            flash(_("Le formulaire contient des erreurs."), "error")
        return Outcome(ok=False)
    return run_write(write, success=success, form=form, abort_on=())


def post_action(write: Callable[[], object], success: str, target: str):
    """A state-changing button: CSRF-checked, one transaction, flash, redirect."""
    check_button()
    run_write(write, success=success, abort_on=())
    return redirect(target)


def set_active_action(set_active: Callable[[bool], object], success: tuple[str, str], target: str):
    """The activate/deactivate button: its ``active`` field says which way; ``success``
    holds the message after reactivating, then after deactivating."""
    active = request.form.get("active") == "1"
    reactivated, deactivated = success
    return post_action(lambda: set_active(active), reactivated if active else deactivated, target)


def listed_active_action(model, object_id: int, success: tuple[str, str], target: str):
    """:func:`set_active_action` for a territory, club, product or category."""
    entry = get_or_404(model, object_id)
    return set_active_action(
        lambda active: set_active(actor=current_user, entry=entry, active=active), success, target
    )


def get_or_404(model, object_id: int):
    return or_404(db.session.get(model, object_id))


def territory_choices(blank: str) -> list[tuple[int, str]]:
    return [(0, blank)] + [
        (t.id, t.name + ("" if t.active else " " + _("(désactivé)")))
        for t in selectors.all_territories()
    ]


def club_choices() -> list[tuple[int, str]]:
    return [(0, _("— Aucun —"))] + [(c.id, c.name) for c in selectors.all_clubs()]
