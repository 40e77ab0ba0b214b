"""Roadmap items, links to wishes, and what was shipped."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp, schemas
from app.api.auth import public_roadmap, roles
from app.api.errors import ApiError, invalid
from app.api.params import body_of, is_missing, query_of, valid_body
from app.api.queries import RoadmapQuery, ShippedQuery
from app.extensions import db
from app.models import RoadmapItem, Role
from app.selectors import funding as funding_selectors
from app.selectors import roadmap as selectors
from app.services import funding as funding_services
from app.services import roadmap as roadmap_services
from app.services.errors import found


def serialise_items(items: list[RoadmapItem]) -> list[dict[str, Any]]:
    ids = [item.id for item in items]
    wish_ids = selectors.linked_wish_ids(ids)
    counts = selectors.territories_counts(ids)
    fundings = funding_selectors.funding_for_items(items)
    return [
        schemas.roadmap_item(
            item,
            wish_ids=wish_ids.get(item.id, []),
            territories_count=counts.get(item.id, 0),
            funding=schemas.funding(fundings[item.id]),
        )
        for item in items
    ]


def item_payload(item_id: int) -> dict[str, Any]:
    item = found(
        selectors.item_detail(item_id), _("Cet élément de la feuille de route n'existe pas.")
    )
    return serialise_items([item])[0]


def _committed_item(item_id: int) -> Response:
    """Commit the write and answer with the item as it now stands."""
    db.session.commit()
    return schemas.respond(schemas.RoadmapItem, item_payload(item_id))


@bp.get("/roadmap")
@public_roadmap
def roadmap_index() -> Response:
    given = query_of(RoadmapQuery)
    query = selectors.roadmap_items_query(
        status=given.status, product_slug=given.product, target=given.target, late=given.late == "1"
    )
    return schemas.respond_page(schemas.RoadmapItemPage, query, given, serialise_items)


@bp.get("/roadmap/<int:item_id>")
@public_roadmap
def roadmap_show(item_id: int) -> Response:
    return schemas.respond(schemas.RoadmapItem, item_payload(item_id))


@bp.get("/shipped")
@public_roadmap
def shipped_index() -> Response:
    given = query_of(ShippedQuery)
    filters = selectors.ShippedFilters(
        territory=given.territory,
        club=given.club,
        since=given.since.isoformat() if given.since else "",
    )
    return schemas.respond_page(
        schemas.ShippedPage, selectors.shipped_items(filters), given, _shipped_items
    )


def _shipped_items(items: list[RoadmapItem]) -> list[dict[str, Any]]:
    linked = selectors.linked_wishes(item.id for item in items)
    return [schemas.shipped_item(item, linked.get(item.id, [])) for item in items]


ITEM_FIELDS = ("title", "description", "product", "target", "external_ref")


def _item_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Editable fields present in the body, as the roadmap services name them."""
    fields = {name: data[name] for name in ITEM_FIELDS if name in data}
    if "product" in fields:
        fields["product_id"] = fields.pop("product")
    return fields


@bp.post("/roadmap")
@roles(*Role.STAFF)
def roadmap_create() -> Response:
    data = valid_body(
        schemas.RoadmapItemCreate, _("L'élément de feuille de route n'a pas été enregistré.")
    )
    fields = _item_fields(data)
    status = data["status"]
    if not is_missing(status):
        fields["status"] = status
    item = roadmap_services.roadmap_item_create(actor=current_user, **fields)
    db.session.commit()
    response = schemas.respond(schemas.RoadmapItem, item_payload(item.id), 201)
    response.headers["Location"] = schemas.url_for_api("api.roadmap_show", item_id=item.id)
    return response


@bp.patch("/roadmap/<int:item_id>")
@roles(*Role.STAFF)
def roadmap_update(item_id: int) -> Response:
    data, errors = body_of(schemas.RoadmapItemUpdate)
    fields = _item_fields(data)
    funding = {name: data[field] for name, field in FUNDING_FIELDS.items() if field in data}
    status, note, release, version = data["status"], data["note"], data["release"], data["version"]
    shipped_on = data.get("shipped_on")
    status_only = {"note", "release", "shipped_on"} & (set(data) | set(errors))
    if is_missing(status) and status_only:
        for name in status_only:
            errors.setdefault(name, _("Ce champ accompagne un changement de statut (« status »)."))
    if not data and not errors:
        raise invalid({}, _("Rien à modifier."))
    if errors:
        raise invalid(errors, _("L'élément de feuille de route n'a pas été modifié."))
    expected = None if is_missing(version) else version
    if funding:
        if expected is not None:
            current = selectors.item_detail(item_id)
            if current is not None and current.version != expected:
                raise ApiError(409, "stale_version", _("Cet élément a été modifié entre-temps."))
            expected = None
        funding_services.funding_set_goal(actor=current_user, item_id=item_id, **funding)
    if fields:
        roadmap_services.roadmap_item_update(
            actor=current_user, item_id=item_id, expected_version=expected, **fields
        )
        expected = None  # checked once; the edit itself bumps the version
    if not is_missing(status):
        roadmap_services.roadmap_item_set_status(
            actor=current_user,
            item_id=item_id,
            status=status,
            note="" if is_missing(note) else (note or ""),
            shipped_on=shipped_on,
            release=None if is_missing(release) else release,
            expected_version=expected,
        )
    elif expected is not None:
        # Nothing to write but a version to check: say whether it is still current.
        current = selectors.item_detail(item_id)
        if current is not None and current.version != expected:
            raise ApiError(409, "stale_version", _("Cet élément a été modifié entre-temps."))
    return _committed_item(item_id)


# The funding services' names of the body's funding members.
FUNDING_FIELDS = {"goal": "funding_goal", "deadline": "funding_deadline"}


@bp.put("/roadmap/<int:item_id>/pledges/<territory_slug>")
@roles(Role.REFERENT, Role.ADMIN, Role.VENDOR)
def pledge_put(item_id: int, territory_slug: str) -> Response:
    data = valid_body(schemas.PledgeRequest, _("La promesse n'a pas été enregistrée."))
    amount = data["amount"]
    funding_services.pledge_set(
        actor=current_user, item_id=item_id, territory_slug=territory_slug, amount=amount
    )
    return _committed_item(item_id)


@bp.delete("/roadmap/<int:item_id>/pledges/<territory_slug>")
@roles(Role.REFERENT, Role.ADMIN, Role.VENDOR)
def pledge_delete(item_id: int, territory_slug: str) -> Response:
    funding_services.pledge_withdraw(
        actor=current_user, item_id=item_id, territory_slug=territory_slug
    )
    return _committed_item(item_id)


@bp.post("/roadmap/<int:item_id>/funding/confirm")
@roles(*Role.STAFF)
def funding_confirm(item_id: int) -> Response:
    funding_services.funding_confirm(actor=current_user, item_id=item_id)
    return _committed_item(item_id)


@bp.put("/roadmap/<int:item_id>/wishes/<int:wish_id>")
@roles(*Role.STAFF)
def roadmap_link(item_id: int, wish_id: int) -> Response:
    roadmap_services.wish_link(actor=current_user, item_id=item_id, wish_id=wish_id)
    return _committed_item(item_id)


@bp.delete("/roadmap/<int:item_id>/wishes/<int:wish_id>")
@roles(*Role.STAFF)
def roadmap_unlink(item_id: int, wish_id: int) -> Response:
    roadmap_services.wish_unlink(actor=current_user, item_id=item_id, wish_id=wish_id)
    return _committed_item(item_id)
