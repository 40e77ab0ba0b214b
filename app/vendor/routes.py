"""Vendor pages: triage of new wishes and the staff actions on a wish."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.decorators import roles_required
from app.extensions import db
from app.http_input import clamp_page, int_or_none
from app.labels import ROADMAP_STATUS_LABELS, WISH_STATUS_LABELS, label
from app.models import Role, Wish, WishStatus
from app.redirects import safe_local_path
from app.search.query import wish_text_condition
from app.selectors.pagination import paginate
from app.selectors.roadmap import roadmap_choices
from app.services import roadmap as roadmap_services
from app.services import triage as triage_services
from app.services.delivery import deliveries_for
from app.services.errors import ServiceError
from app.vendor import bp
from app.vendor.forms import LinkItemForm, MergeForm, WishStatusForm
from app.wishes.forms import EmptyForm

TRIAGE_STATUSES = (WishStatus.NEW, WishStatus.UNDER_REVIEW)
SETTABLE_STATUSES = (
    WishStatus.NEW,
    WishStatus.UNDER_REVIEW,
    WishStatus.ACCEPTED,
    WishStatus.DECLINED,
)


def wish_status_choices() -> list[tuple[str, str]]:
    return [(s, str(WISH_STATUS_LABELS[s])) for s in SETTABLE_STATUSES]


def staff_forms() -> dict:
    """Forms shown to staff on a wish (triage page rows and the wish page)."""
    status_form = WishStatusForm(formdata=None)
    status_form.status.choices = wish_status_choices()
    link_form = LinkItemForm(formdata=None)
    link_form.item.choices = [
        (item.id, f"{item.title} ({label(ROADMAP_STATUS_LABELS, item.status)})")
        for item in roadmap_choices()
    ]
    return {
        "status_form": status_form,
        "merge_form": MergeForm(formdata=None),
        "link_form": link_form,
        "action_form": EmptyForm(formdata=None),
    }


def _back(wish_id: int):
    return redirect(
        safe_local_path(request.form.get("next")) or url_for("wishes.show", wish_id=wish_id)
    )


def _run(wish_id: int, action, success: str):
    try:
        action()
    except ServiceError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        if error.status == 403:
            abort(403)
        details = " ".join(v for v in error.fields.values() if v not in error.message)
        flash(f"{error.message} {details}".strip(), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return _back(wish_id)


@bp.get("/vendor/triage")
@roles_required(*Role.STAFF)
def triage():
    status = request.args.get("status", "")
    statuses = (status,) if status in TRIAGE_STATUSES else TRIAGE_STATUSES
    page_number, per_page = clamp_page(request.args.get("page"), request.args.get("per_page"))
    query = (
        select(Wish)
        .where(Wish.status.in_(statuses))
        .options(joinedload(Wish.territory), joinedload(Wish.product), joinedload(Wish.category))
        .order_by(Wish.created_at, Wish.id)
    )
    page = paginate(query, page=page_number, per_page=per_page)
    return render_template(
        "vendor/triage.html",
        page=page,
        status=status,
        deliveries=deliveries_for(page.items),
        **staff_forms(),
    )


@bp.post("/vendor/wishes/<int:wish_id>/status")
@roles_required(*Role.STAFF)
def wish_status(wish_id: int):
    form = WishStatusForm()
    form.status.choices = wish_status_choices()
    if not form.validate_on_submit():
        flash(_("Choisissez un statut."), "error")
        return _back(wish_id)
    return _run(
        wish_id,
        lambda: triage_services.wish_set_status(
            actor=current_user, wish_id=wish_id, status=form.status.data, note=form.note.data or ""
        ),
        _("Statut du souhait n°%(id)d changé.", id=wish_id),
    )


def _resolve_wish(text: str, exclude: int) -> int | None:
    """A wish id from ``12``, ``#12`` or a unique title match (duplicates excluded)."""
    text = (text or "").strip()
    match = re.fullmatch(r"#?\s*(\d+)", text)
    if match:
        return int(match.group(1))
    if len(text) < 3:
        return None
    ids = list(
        db.session.execute(
            select(Wish.id)
            .where(
                wish_text_condition(text),
                Wish.id != exclude,
                Wish.status != WishStatus.DUPLICATE,
            )
            .limit(2)
        ).scalars()
    )
    return ids[0] if len(ids) == 1 else None


@bp.post("/vendor/wishes/<int:wish_id>/merge")
@roles_required(*Role.STAFF)
def wish_merge(wish_id: int):
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Indiquez le souhait dans lequel fusionner."), "error")
        return _back(wish_id)
    into_id = _resolve_wish(form.into.data, exclude=wish_id)
    if into_id is None:
        flash(
            _(
                "Aucun souhait unique ne correspond à « %(text)s » : indiquez son numéro.",
                text=form.into.data,
            ),
            "error",
        )
        return _back(wish_id)
    return _run(
        wish_id,
        lambda: triage_services.wish_merge(
            actor=current_user, wish_id=wish_id, into_id=into_id, note=form.note.data or ""
        ),
        _("Souhait n°%(id)d fusionné dans le souhait n°%(into)d.", id=wish_id, into=into_id),
    )


@bp.post("/vendor/wishes/<int:wish_id>/link")
@roles_required(*Role.STAFF)
def wish_link(wish_id: int):
    item_id = int_or_none(request.form.get("item"), minimum=1)
    if not EmptyForm().validate_on_submit() or not item_id:
        flash(_("Choisissez un élément de la feuille de route."), "error")
        return _back(wish_id)
    return _run(
        wish_id,
        lambda: roadmap_services.wish_link(actor=current_user, item_id=item_id, wish_id=wish_id),
        _("Souhait lié à la feuille de route."),
    )


@bp.post("/vendor/wishes/<int:wish_id>/unlink/<int:item_id>")
@roles_required(*Role.STAFF)
def wish_unlink(wish_id: int, item_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _run(
        wish_id,
        lambda: roadmap_services.wish_unlink(actor=current_user, item_id=item_id, wish_id=wish_id),
        _("Souhait retiré de l'élément de feuille de route."),
    )


@bp.post("/vendor/comments/<int:comment_id>/official")
@roles_required(*Role.STAFF)
def comment_official(comment_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    official = request.form.get("official", "1") != "0"
    comment = None
    try:
        comment = triage_services.comment_mark_official(
            actor=current_user, comment_id=comment_id, official=official
        )
    except ServiceError as error:
        db.session.rollback()
        abort(error.status if error.status in (403, 404) else 400)
    wish_id = comment.wish_id
    db.session.commit()
    flash(
        _("Commentaire marqué comme réponse officielle.")
        if official
        else _("Ce commentaire n'est plus la réponse officielle."),
        "success",
    )
    return _back(wish_id)
