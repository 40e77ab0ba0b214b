"""Wishes: list, file, read, edit and triage, support, comments, merge."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.api import bp, schemas
from app.api.auth import members, roles
from app.api.errors import ApiError, invalid
from app.api.params import body_of, is_missing, query_of, valid_body
from app.api.queries import PageQuery, WishListQuery, WishQuery
from app.extensions import db
from app.models import Comment, Role, Wish
from app.selectors import wishes as selectors
from app.selectors.delivery import deliveries_for
from app.selectors.roadmap import roadmap_items_for_wish
from app.selectors.timeline import wish_timeline
from app.selectors.wishes import supporter_slugs
from app.services import comments as comment_services
from app.services import locks as lock_services
from app.services import permissions
from app.services import triage as triage_services
from app.services import votes as vote_services
from app.services import wishes as services
from app.services.errors import found

EDIT_FIELDS = ("title", "body", "product", "category", "providers_asking")


def _wish_or_404(wish_id: int) -> Wish:
    return found(selectors.wish_detail(wish_id), _("Ce souhait n'existe pas."))


def _detail_payload(wish_id: int) -> dict[str, Any]:
    wish = _wish_or_404(wish_id)
    query = query_of(WishQuery)
    return schemas.wish_detail(
        wish,
        deliveries_for([wish])[wish.id],
        supporters=supporter_slugs(wish.id),
        roadmap_items=roadmap_items_for_wish(wish.id),
        history=selectors.wish_history(wish.id),
        timeline=wish_timeline(wish.id, page=query.timeline_page, per_page=query.timeline_per_page),
        voted=bool(selectors.user_vote_ids(current_user.id, [wish.id])),
    )


@bp.get("/wishes")
@members
def wishes_index() -> Response:
    query = query_of(WishListQuery)
    values = query.model_dump(exclude={"page", "per_page"})
    for name in selectors.PERSONAL:
        values[name] = "1" if values[name] else ""
    filters = selectors.WishFilters(**values, viewer_id=current_user.id)
    page = selectors.wish_summary_page(filters, page=query.page, per_page=query.per_page)
    deliveries = deliveries_for(page.items)
    items = schemas.wish_items(page.items, deliveries)
    body = dict(schemas.page_envelope(page, items), more=page.more)
    return schemas.respond(schemas.WishPage, body)


@bp.post("/wishes")
@roles(Role.REFERENT, *Role.STAFF)
def wishes_create() -> Response:
    given, errors = body_of(schemas.WishCreate)
    title, body = given["title"], given["body"]
    product_id, category_id = given["product"], given["category"]
    territory_id, providers_asking = given["territory"], given["providers_asking"]
    if errors:
        _raise_with_service_checks(errors, title, body, product_id, category_id, providers_asking)
    wish = services.wish_create(
        author=current_user,
        title=title,
        body=body if isinstance(body, str) else "",
        product_id=product_id,
        category_id=category_id,
        territory_id=None if is_missing(territory_id) else territory_id,
        providers_asking=None if is_missing(providers_asking) else providers_asking,
    )
    db.session.commit()
    response = schemas.respond(schemas.WishDetail, _detail_payload(wish.id), 201)
    response.headers["Location"] = schemas.url_for_api("api.wishes_show", wish_id=wish.id)
    return response


def _raise_with_service_checks(
    errors: dict[str, str],
    title: Any,
    body: Any,
    product_id: Any,
    category_id: Any,
    providers_asking: Any,
) -> NoReturn:
    """Report the parsing errors together with the service's own field checks."""
    problems = services.wish_content_problems(
        title=title if isinstance(title, str) else "",
        body=body if isinstance(body, str) else None,
        product_id=None if is_missing(product_id) else product_id,
        category_id=None if is_missing(category_id) else category_id,
        providers_asking=None if is_missing(providers_asking) else providers_asking,
    )
    raise invalid({**problems.fields, **errors}, _("Le souhait n'a pas été enregistré."))


@bp.get("/wishes/<int:wish_id>")
@members
def wishes_show(wish_id: int) -> Response:
    return schemas.respond(schemas.WishDetail, _detail_payload(wish_id))


@bp.patch("/wishes/<int:wish_id>")
@members
def wishes_update(wish_id: int) -> Response:
    data, errors = body_of(schemas.WishUpdate)
    title, body = data["title"], data["body"]
    product_id, category_id = data["product"], data["category"]
    providers_asking, status, note = data["providers_asking"], data["status"], data["note"]
    if is_missing(status) and not is_missing(note) and "note" not in errors:
        errors["note"] = _("Une note accompagne un changement de statut.")
    if not data and not errors:
        raise invalid({}, _("Rien à modifier."))
    if errors:
        raise invalid(errors, _("Le souhait n'a pas été modifié."))
    wish = lock_services.get_wish_for_update(wish_id)
    if any(name in data for name in EDIT_FIELDS):
        services.wish_update(
            user=current_user,
            wish=wish,
            title=wish.title if is_missing(title) else title,
            body=wish.body if is_missing(body) else (body or ""),
            product_id=wish.product_id if is_missing(product_id) else product_id,
            category_id=wish.category_id if is_missing(category_id) else category_id,
            providers_asking=wish.providers_asking
            if is_missing(providers_asking)
            else providers_asking,
        )
    if not is_missing(status):
        triage_services.wish_set_status(
            actor=current_user,
            wish_id=wish.id,
            status=status,
            note="" if is_missing(note) else (note or ""),
        )
    db.session.commit()
    return schemas.respond(schemas.WishDetail, _detail_payload(wish_id))


def _committed_vote_state(wish_id: int) -> Response:
    """Commit the vote or its withdrawal and answer with the wish's support."""
    db.session.commit()
    return schemas.respond(schemas.VoteState, _vote_state(wish_id))


def _vote_state(wish_id: int) -> dict[str, Any]:
    wish = _wish_or_404(wish_id)
    return {
        "wish_id": wish.id,
        "voted": bool(selectors.user_vote_ids(current_user.id, [wish.id])),
        "votes": wish.votes_count,
        "territories_count": wish.territories_count,
    }


@bp.put("/wishes/<int:wish_id>/vote")
@roles(*Role.MEMBERS)
def wishes_vote(wish_id: int) -> Response:
    given = valid_body(schemas.VoteRequest, optional=True)
    territory_id = given["territory"]
    if not is_missing(territory_id) and territory_id is not None:
        if permissions.is_staff(current_user):
            vote_services.vote_add_on_behalf(
                recorder=current_user, wish_id=wish_id, territory_id=territory_id
            )
            return _committed_vote_state(wish_id)
        if territory_id != current_user.territory_id:
            raise ApiError(
                403, "forbidden", _("Un référent soutient un souhait pour son propre territoire.")
            )
    vote_services.vote_add(user=current_user, wish_id=wish_id)
    return _committed_vote_state(wish_id)


@bp.delete("/wishes/<int:wish_id>/vote")
@roles(*Role.MEMBERS)
def wishes_unvote(wish_id: int) -> Response:
    vote_services.vote_remove(user=current_user, wish_id=wish_id)
    return _committed_vote_state(wish_id)


@bp.get("/wishes/<int:wish_id>/comments")
@members
def wishes_comments(wish_id: int) -> Response:
    _wish_or_404(wish_id)
    query = (
        select(Comment)
        .where(Comment.wish_id == wish_id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    return schemas.respond_page(
        schemas.CommentPage,
        query,
        query_of(PageQuery),
        lambda comments: [schemas.comment(c) for c in comments],
    )


@bp.post("/wishes/<int:wish_id>/comments")
@members
def wishes_comment_create(wish_id: int) -> Response:
    given = valid_body(schemas.CommentCreate, _("Le commentaire n'a pas été publié."))
    body = given["body"]
    comment = comment_services.comment_add(user=current_user, wish_id=wish_id, body=body)
    db.session.commit()
    comment = db.session.execute(
        select(Comment).where(Comment.id == comment.id).options(joinedload(Comment.author))
    ).scalar_one()
    return schemas.respond(schemas.Comment, schemas.comment(comment), 201)


@bp.post("/wishes/<int:wish_id>/merge")
@roles(*Role.STAFF)
def wishes_merge(wish_id: int) -> Response:
    given = valid_body(schemas.MergeRequest, _("La fusion n'a pas été faite."))
    into, note = given["into"], given["note"]
    triage_services.wish_merge(
        actor=current_user,
        wish_id=wish_id,
        into_id=into,
        note="" if is_missing(note) else (note or ""),
    )
    db.session.commit()
    return schemas.respond(schemas.WishDetail, _detail_payload(wish_id))
