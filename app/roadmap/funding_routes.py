"""Co-funding on an item's page: referents pledge, the vendor sets the goal and confirms.

Each form posts here and comes back to the item's page (its funding section)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.decorators import roles_required
from app.models import Role
from app.money import money
from app.roadmap import bp
from app.roadmap.forms import FundingGoalForm, PledgeForm
from app.services import funding as services
from app.writes import check_button, run_write


def _back(item_id: int):
    return redirect(url_for("roadmap.show", item_id=item_id, _anchor="funding"), code=303)


@bp.post("/roadmap/<int:item_id>/pledge")
@roles_required(Role.REFERENT)
def pledge(item_id: int):
    form = PledgeForm()
    if not form.validate_on_submit():
        flash(_("Indiquez un montant entier en euros."), "error")
        return _back(item_id)
    territory = current_user.territory
    if territory is None:
        abort(403)
    run_write(
        lambda: services.pledge_set(
            actor=current_user,
            item_id=item_id,
            territory_slug=territory.slug,
            amount=form.amount.data,
        ),
        success=_(
            "%(territory)s promet %(amount)s.",
            territory=territory.name,
            amount=money(form.amount.data),
        ),
    )
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/pledge/withdraw")
@roles_required(Role.REFERENT)
def pledge_withdraw(item_id: int):
    check_button()
    territory = current_user.territory
    if territory is None:
        abort(403)
    run_write(
        lambda: services.pledge_withdraw(
            actor=current_user, item_id=item_id, territory_slug=territory.slug
        ),
        success=_("Promesse retirée."),
    )
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/funding")
@roles_required(*Role.STAFF)
def funding_goal(item_id: int):
    form = FundingGoalForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return _back(item_id)
    run_write(
        lambda: services.funding_set_goal(
            actor=current_user,
            item_id=item_id,
            goal=form.goal.data,
            deadline=form.deadline.data,
        ),
        success=_("Objectif de cofinancement enregistré."),
    )
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/funding/confirm")
@roles_required(*Role.STAFF)
def funding_confirm(item_id: int):
    check_button()
    run_write(
        lambda: services.funding_confirm(actor=current_user, item_id=item_id),
        success=_("Cofinancement confirmé : les promesses sont verrouillées."),
    )
    return _back(item_id)
