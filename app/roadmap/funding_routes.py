"""Co-funding on an item's page: referents pledge, the vendor sets the goal and confirms.

Each form posts here and comes back to the item's page (its funding section)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.decorators import roles_required
from app.extensions import db
from app.models import Role
from app.money import money
from app.roadmap import bp
from app.roadmap.forms import FundingGoalForm, PledgeForm
from app.services import funding as services
from app.services.errors import ServiceError
from app.wishes.forms import EmptyForm


def _back(item_id: int):
    return redirect(url_for("roadmap.show", item_id=item_id, _anchor="funding"), code=303)


def _refused(error: ServiceError, item_id: int):
    db.session.rollback()
    if error.status in (403, 404):
        abort(error.status)
    flash(" ".join([error.message, *error.fields.values()]), "error")
    return _back(item_id)


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
    try:
        services.pledge_set(
            actor=current_user,
            item_id=item_id,
            territory_slug=territory.slug,
            amount=form.amount.data,
        )
    except ServiceError as error:
        return _refused(error, item_id)
    db.session.commit()
    flash(
        _(
            "%(territory)s promet %(amount)s.",
            territory=territory.name,
            amount=money(form.amount.data),
        ),
        "success",
    )
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/pledge/withdraw")
@roles_required(Role.REFERENT)
def pledge_withdraw(item_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    territory = current_user.territory
    if territory is None:
        abort(403)
    try:
        services.pledge_withdraw(actor=current_user, item_id=item_id, territory_slug=territory.slug)
    except ServiceError as error:
        return _refused(error, item_id)
    db.session.commit()
    flash(_("Promesse retirée."), "success")
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/funding")
@roles_required(*Role.STAFF)
def funding_goal(item_id: int):
    form = FundingGoalForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return _back(item_id)
    try:
        services.funding_set_goal(
            actor=current_user,
            item_id=item_id,
            goal=form.goal.data,
            deadline=form.deadline.data,
        )
    except ServiceError as error:
        return _refused(error, item_id)
    db.session.commit()
    flash(_("Objectif de cofinancement enregistré."), "success")
    return _back(item_id)


@bp.post("/roadmap/<int:item_id>/funding/confirm")
@roles_required(*Role.STAFF)
def funding_confirm(item_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.funding_confirm(actor=current_user, item_id=item_id)
    except ServiceError as error:
        return _refused(error, item_id)
    db.session.commit()
    flash(_("Cofinancement confirmé : les promesses sont verrouillées."), "success")
    return _back(item_id)
