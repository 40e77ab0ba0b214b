"""Vendor pages: triage of new wishes and the staff actions on a wish."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import (
    abort,
    flash,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.decorators import roles_required
from app.errors import or_404
from app.extensions import db
from app.htmx import fragment, is_htmx
from app.http_input import clamp_page, int_or_none
from app.models import Role, Wish, WishStatus
from app.redirects import safe_local_path
from app.search.query import wish_text_condition
from app.selectors import linking
from app.selectors.delivery import deliveries_for
from app.selectors.pagination import paginate
from app.selectors.roadmap import roadmap_items_for_wish
from app.selectors.wishes import order_clauses, wish_detail
from app.services import roadmap as roadmap_services
from app.services import triage as triage_services
from app.staff_forms import (
    MergeForm,
    WishStatusForm,
    link_suggestions,
    roadmap_item_choices,
    staff_forms,
    wish_status_choices,
)
from app.triage import bp
from app.writes import check_button, error_text, run_write

TRIAGE_STATUSES = (WishStatus.NEW, WishStatus.UNDER_REVIEW)


def _back(wish_id: int):
    return redirect(
        safe_local_path(request.form.get("next")) or url_for("wishes.show", wish_id=wish_id)
    )


def _run(wish_id: int, action, success: str):
    """Run a staff action; from the triage panel with htmx, answer the refreshed panel
    and row, otherwise flash and go back."""
    outcome = run_write(action, success=success, quiet=True)
    return _answer(wish_id, outcome.message, outcome.category)


def _answer(wish_id: int, message: str, category: str = "error"):
    """The panel refreshed with ``message`` in the live region (htmx, from the panel),
    else ``message`` flashed on the way back."""
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


def _panel_fragment(wish_id: int, message: str = "", **extra):
    context = or_404(_panel_context(wish_id))
    return fragment(
        "triage/_triage_panel_response.html",
        message=message,
        deliveries={wish_id: context["delivery"]},
        next_url=safe_local_path(request.form.get("next")) or url_for("triage.triage"),
        **context,
        **extra,
    )


def field_id(value: str | None, default: str = "panel-item") -> str:
    """The id of the link field asking for suggestions (their radio buttons' ids
    derive from it): letters, digits and dashes only."""
    return value if value and re.fullmatch(r"[a-z][a-z0-9-]{0,40}", value) else default


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


# /vendor/triage is the address in the design (registered first, url_for builds it);
# /triage/triage still answers for the bookmarks made to it.
@bp.get("/triage/triage")
@bp.get("/vendor/triage")
@roles_required(*Role.STAFF)
def triage():
    status = request.args.get("status", "")
    statuses = (status,) if status in TRIAGE_STATUSES else TRIAGE_STATUSES
    sort = request.args.get("sort", "")
    sort = sort if sort in TRIAGE_SORTS else "oldest"
    selected_id = int_or_none(request.args.get("wish"), minimum=1)
    if is_htmx() and request.headers.get("HX-Target") == "triage-panel" and selected_id:
        context = or_404(_panel_context(selected_id))
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
    template = "triage/triage.html"
    live_message = ""
    if is_htmx() and request.headers.get("HX-Target") == "triage-queue":
        # After a bulk action: the queue alone, and what the action did in the live
        # region rather than in a flash that no page would show.
        template = "triage/_queue_response.html"
        live_message = " ".join(str(m) for m in get_flashed_messages())
    response = make_response(
        render_template(
            template,
            live_message=live_message,
            page=page,
            status=status,
            sort=sort,
            sorts=TRIAGE_SORTS,
            deliveries=deliveries_for(page.items),
            selected_id=selected_id,
            panel=panel,
            next_url=url_with_wish(selected_id),
            bulk_status_choices=wish_status_choices(),
            bulk_item_choices=roadmap_item_choices(),
        )
    )
    response.vary.add("HX-Request")
    return response


@bp.post("/triage/triage/bulk")
@bp.post("/vendor/triage/bulk")
@roles_required(*Role.STAFF)
def triage_bulk():
    """One action on several wishes, all or nothing: a status or a link to an item."""
    back = safe_local_path(request.form.get("next")) or url_for("triage.triage")
    check_button()
    wish_ids = [i for i in (int_or_none(v, minimum=1) for v in request.form.getlist("wish")) if i]
    action = request.form.get("action", "")
    status = request.form.get("status", "") if action == "status" else ""
    item_id = int_or_none(request.form.get("item"), minimum=1) if action == "link" else None
    outcome = run_write(
        lambda: triage_services.wishes_bulk_apply(
            actor=current_user,
            wish_ids=wish_ids,
            status=status,
            note=request.form.get("note", ""),
            item_id=item_id,
        ),
        success=lambda changed: ngettext(
            "%(num)d souhait traité.", "%(num)d souhaits traités.", changed
        ),
        abort_on=(403,),
        quiet=True,
    )
    messages = [outcome.message]
    if outcome.error is not None:
        messages = [outcome.error.message] + [
            _("Souhait n°%(id)s : %(message)s", id=key.removeprefix("wish-"), message=text)
            for key, text in outcome.error.fields.items()
            if key.startswith("wish-")
        ]
        if len(messages) == 1:
            messages = [error_text(outcome.error)]
    for message in messages:
        flash(message, outcome.category)
    if is_htmx():
        # In place: htmx fetches the queue again (the triage page answers it alone,
        # with these messages in the live region); the address stays as it is.
        response = make_response("")
        response.headers["HX-Location"] = json.dumps(
            {"path": back, "target": "#triage-queue", "swap": "outerHTML", "push": "false"}
        )
        return response
    return redirect(back)


@bp.post("/vendor/wishes/<int:wish_id>/status")
@roles_required(*Role.STAFF)
def wish_status(wish_id: int):
    form = WishStatusForm()
    form.status.choices = wish_status_choices()
    if not form.validate_on_submit():
        return _answer(wish_id, _("Choisissez un statut."))
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
        return _answer(wish_id, _("Indiquez le souhait dans lequel fusionner."))
    into_id = _resolve_wish(form.into.data, exclude=wish_id)
    if into_id is None:
        return _answer(
            wish_id,
            _(
                "Aucun souhait unique ne correspond à « %(text)s » : indiquez son numéro.",
                text=form.into.data,
            ),
        )
    return _run(
        wish_id,
        lambda: triage_services.wish_merge(
            actor=current_user, wish_id=wish_id, into_id=into_id, note=form.note.data or ""
        ),
        _("Souhait n°%(id)d fusionné dans le souhait n°%(into)d.", id=wish_id, into=into_id),
    )


@bp.get("/vendor/wishes/<int:wish_id>/item-suggestions")
@roles_required(*Role.STAFF)
def item_suggestions(wish_id: int):
    """Roadmap items whose title holds the words typed in a wish's link field (htmx)."""
    text = request.args.get("item", "")
    return link_suggestions(
        kind="item",
        field_id=field_id(request.args.get("field")),
        text=text,
        candidates=linking.item_candidates(text, wish_id=wish_id),
    )


@bp.post("/vendor/wishes/<int:wish_id>/link")
@roles_required(*Role.STAFF)
def wish_link(wish_id: int):
    """Link to the item chosen among the suggestions, else to the one the text names
    (its number or its title); when the text names several, the staff choose."""
    check_button()
    text = (request.form.get("item") or "").strip()
    found = linking.resolve_item(
        text, wish_id=wish_id, choice=int_or_none(request.form.get("choice"), minimum=1)
    )
    item_id = found.chosen
    if item_id is None:
        if found.candidates:
            message = _("Plusieurs éléments correspondent : choisissez-en un.")
        elif text:
            message = _(
                "Aucun élément de la feuille de route ne correspond à « %(text)s ».", text=text
            )
        else:
            message = _("Choisissez un élément de la feuille de route.")
        return _choose_item(wish_id, text, found.candidates, message)
    return _run(
        wish_id,
        lambda: roadmap_services.wish_link(actor=current_user, item_id=item_id, wish_id=wish_id),
        _("Souhait lié à la feuille de route."),
    )


def _choose_item(wish_id: int, text: str, candidates: list, message: str):
    """The link form again, with the text typed and the items to choose from: in the
    panel with htmx, on a page of its own without JavaScript."""
    if is_htmx() and request.form.get("panel"):
        return _panel_fragment(
            wish_id, message, link_text=text, link_candidates=candidates, link_error=message
        )
    return render_template(
        "triage/choose_item.html",
        wish=or_404(wish_detail(wish_id)),
        link_text=text,
        link_candidates=candidates,
        link_error=message,
        next_url=safe_local_path(request.form.get("next"))
        or url_for("wishes.show", wish_id=wish_id),
    ), 422


@bp.post("/vendor/wishes/<int:wish_id>/unlink/<int:item_id>")
@roles_required(*Role.STAFF)
def wish_unlink(wish_id: int, item_id: int):
    check_button()
    return _run(
        wish_id,
        lambda: roadmap_services.wish_unlink(actor=current_user, item_id=item_id, wish_id=wish_id),
        _("Souhait retiré de l'élément de feuille de route."),
    )


@bp.post("/vendor/comments/<int:comment_id>/official")
@roles_required(*Role.STAFF)
def comment_official(comment_id: int):
    check_button()
    official = request.form.get("official", "1") != "0"
    marked = run_write(
        lambda: triage_services.comment_mark_official(
            actor=current_user, comment_id=comment_id, official=official
        ),
        success=_("Commentaire marqué comme réponse officielle.")
        if official
        else _("Ce commentaire n'est plus la réponse officielle."),
        quiet=True,
    )
    if not marked.ok:
        abort(400)
    flash(marked.message, "success")
    return _back(marked.value.wish_id)
