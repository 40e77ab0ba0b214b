"""Vendor pages: triage of new wishes and the staff actions on a wish."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.decorators import roles_required
from app.extensions import db
from app.htmx import fragment, is_htmx
from app.http_input import clamp_page, int_or_none
from app.labels import ROADMAP_STATUS_LABELS, WISH_STATUS_LABELS, label
from app.models import Role, Wish, WishStatus
from app.redirects import safe_local_path
from app.search.query import wish_text_condition
from app.selectors.delivery import deliveries_for
from app.selectors.pagination import paginate
from app.selectors.roadmap import roadmap_choices, roadmap_items_for_wish
from app.selectors.wishes import order_clauses, wish_detail
from app.services import roadmap as roadmap_services
from app.services import triage as triage_services
from app.services.errors import ServiceError
from app.triage import bp
from app.triage.forms import LinkItemForm, MergeForm, WishStatusForm
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


def staff_forms(wish: Wish | None = None) -> dict:
    """Forms shown to staff on a wish (the triage panel and the wish page): the status
    select starts on the wish's current status, the item select on no item."""
    status_form = WishStatusForm(formdata=None)
    status_form.status.choices = wish_status_choices()
    if wish is not None:
        status_form.status.data = wish.status
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
    """Run a staff action; from the triage panel with htmx, answer the refreshed panel
    and row, otherwise flash and go back."""
    try:
        action()
    except ServiceError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        if error.status == 403:
            abort(403)
        details = " ".join(v for v in error.fields.values() if v not in error.message)
        message, category = f"{error.message} {details}".strip(), "error"
    else:
        db.session.commit()
        message, category = success, "success"
    if is_htmx() and request.form.get("panel"):
        return _panel_fragment(wish_id, message)
    flash(message, category)
    return _back(wish_id)


def _panel_context(wish_id: int) -> dict | None:
    wish = wish_detail(wish_id)
    if wish is None:
        return None
    return {
        "wish": wish,
        "delivery": deliveries_for([wish])[wish.id],
        "linked_items": roadmap_items_for_wish(wish.id),
        **staff_forms(wish),
    }


def _panel_fragment(wish_id: int, message: str = ""):
    context = _panel_context(wish_id)
    if context is None:
        abort(404)
    return fragment(
        "triage/_triage_panel_response.html",
        message=message,
        deliveries={wish_id: context["delivery"]},
        next_url=safe_local_path(request.form.get("next")) or url_for("triage.triage"),
        **context,
    )


TRIAGE_SORTS = ("oldest", "support", "providers", "providers_asking")


def _triage_order(sort: str) -> list:
    if sort == "oldest":
        return [Wish.created_at, Wish.id]
    return order_clauses(sort)


def url_with_wish(wish_id: int | None) -> str:
    """This triage page's address with ``wish`` set (where actions come back to)."""
    args: dict[str, Any] = request.args.to_dict()
    if wish_id:
        args["wish"] = str(wish_id)
    return url_for("triage.triage", **args)


@bp.get("/triage/triage")
@roles_required(*Role.STAFF)
def triage():
    status = request.args.get("status", "")
    statuses = (status,) if status in TRIAGE_STATUSES else TRIAGE_STATUSES
    sort = request.args.get("sort", "")
    sort = sort if sort in TRIAGE_SORTS else "oldest"
    selected_id = int_or_none(request.args.get("wish"), minimum=1)
    if is_htmx() and request.headers.get("HX-Target") == "triage-panel" and selected_id:
        context = _panel_context(selected_id)
        if context is None:
            abort(404)
        return fragment("triage/_triage_panel.html", next_url=url_with_wish(selected_id), **context)
    page_number, per_page = clamp_page(request.args.get("page"), request.args.get("per_page"))
    query = (
        select(Wish)
        .where(Wish.status.in_(statuses))
        .options(joinedload(Wish.territory), joinedload(Wish.product), joinedload(Wish.category))
        .order_by(*_triage_order(sort))
    )
    page = paginate(query, page=page_number, per_page=per_page)
    # One wish at a time: the one asked for, else the first of the queue.
    if selected_id is None and page.items:
        selected_id = page.items[0].id
    panel = _panel_context(selected_id) if selected_id else None
    choices = staff_forms()
    return render_template(
        "triage/triage.html",
        page=page,
        status=status,
        sort=sort,
        sorts=TRIAGE_SORTS,
        deliveries=deliveries_for(page.items),
        selected_id=selected_id,
        panel=panel,
        next_url=url_with_wish(selected_id),
        bulk_status_choices=choices["status_form"].status.choices,
        bulk_item_choices=choices["link_form"].item.choices,
    )


@bp.post("/triage/triage/bulk")
@roles_required(*Role.STAFF)
def triage_bulk():
    """One action on several wishes, all or nothing: a status or a link to an item."""
    back = safe_local_path(request.form.get("next")) or url_for("triage.triage")
    if not EmptyForm().validate_on_submit():
        abort(400)
    wish_ids = sorted(
        {i for i in (int_or_none(v, minimum=1) for v in request.form.getlist("wish")) if i}
    )
    action = request.form.get("action", "")
    item_id = int_or_none(request.form.get("item"), minimum=1)
    status, note = request.form.get("status", ""), request.form.get("note", "")
    if not wish_ids:
        flash(_("Cochez au moins un souhait."), "error")
        return redirect(back)
    if action == "status" and status:

        def apply(wish_id: int) -> None:
            triage_services.wish_set_status(
                actor=current_user, wish_id=wish_id, status=status, note=note
            )

    elif action == "link" and item_id:

        def apply(wish_id: int) -> None:
            roadmap_services.wish_link(actor=current_user, item_id=item_id, wish_id=wish_id)

    else:
        flash(_("Choisissez une action et sa valeur."), "error")
        return redirect(back)
    current = wish_ids[0]
    try:
        for current in wish_ids:
            apply(current)
    except ServiceError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(
            _(
                "Rien n'a été changé. Souhait n°%(id)d : %(message)s",
                id=current,
                message=error.message,
            ),
            "error",
        )
        return redirect(back)
    db.session.commit()
    flash(
        ngettext("%(num)d souhait traité.", "%(num)d souhaits traités.", len(wish_ids)),
        "success",
    )
    return redirect(back)


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
