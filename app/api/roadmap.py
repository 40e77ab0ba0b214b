"""Roadmap items, links to wishes, and what was shipped."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp, schemas
from app.api.auth import public_roadmap, roles
from app.api.errors import ApiError, invalid
from app.api.params import (
    choice_arg,
    choice_field,
    date_arg,
    int_field,
    is_missing,
    json_body,
    pagination,
    parse_date,
    reference_field,
    reject_unknown,
    string_field,
)
from app.extensions import db
from app.models import Product, RoadmapItem, RoadmapStatus, Role
from app.selectors import funding as funding_selectors
from app.selectors import roadmap as selectors
from app.selectors.pagination import paginate
from app.services import funding as funding_services
from app.services import roadmap as roadmap_services
from app.services.errors import NotFound


def serialise_items(items: list[RoadmapItem]) -> list[dict]:
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


def item_payload(item_id: int) -> dict:
    item = selectors.item_detail(item_id)
    if item is None:
        raise NotFound(_("Cet élément de la feuille de route n'existe pas."))
    return serialise_items([item])[0]


@bp.get("/roadmap")
@public_roadmap
def roadmap_index():
    query = selectors.roadmap_items_query(
        status=choice_arg("status", RoadmapStatus.ALL),
        product_slug=(request.args.get("product") or "").strip(),
        target=(request.args.get("target") or "").strip(),
        late=choice_arg("late", ("0", "1")) == "1",
    )
    page_number, per_page = pagination()
    page = paginate(query, page=page_number, per_page=per_page)
    return jsonify(schemas.page_envelope(page, serialise_items(page.items)))


@bp.get("/roadmap/<int:item_id>")
@public_roadmap
def roadmap_show(item_id: int):
    return jsonify(item_payload(item_id))


@bp.get("/shipped")
@public_roadmap
def shipped_index():
    since = date_arg("since")
    filters = selectors.ShippedFilters(
        territory=(request.args.get("territory") or "").strip(),
        club=(request.args.get("club") or "").strip(),
        since=since.isoformat() if since else "",
    )
    query = selectors.shipped_items(filters)
    page_number, per_page = pagination()
    page = paginate(query, page=page_number, per_page=per_page)
    linked = selectors.linked_wishes(item.id for item in page.items)
    items = [schemas.shipped_item(item, linked.get(item.id, [])) for item in page.items]
    return jsonify(schemas.page_envelope(page, items))


ITEM_FIELDS = ("title", "description", "product", "target", "external_ref")


def _item_fields(data: dict, errors: dict[str, str]) -> dict:
    """Editable fields present in the body, as the roadmap services name them."""
    fields: dict = {}
    for name in ("title", "description", "target", "external_ref"):
        value = string_field(data, name, errors, nullable=name != "title")
        if not is_missing(value):
            fields[name] = value
    product_id = reference_field(data, "product", Product, errors)
    if not is_missing(product_id):
        fields["product_id"] = product_id
    return fields


@bp.post("/roadmap")
@roles(*Role.STAFF)
def roadmap_create():
    data = json_body()
    errors: dict[str, str] = {}
    reject_unknown(data, {*ITEM_FIELDS, "status"}, errors)
    fields = _item_fields(data, errors)
    if "title" not in data:
        errors["title"] = _("Champ obligatoire.")
    status = choice_field(data, "status", RoadmapStatus.ALL, errors)
    if errors:
        raise invalid(errors, _("L'élément de feuille de route n'a pas été enregistré."))
    if not is_missing(status):
        fields["status"] = status
    item = roadmap_services.roadmap_item_create(actor=current_user, **fields)
    db.session.commit()
    response = jsonify(item_payload(item.id))
    response.status_code = 201
    response.headers["Location"] = schemas.url_for_api("api.roadmap_show", item_id=item.id)
    return response


@bp.patch("/roadmap/<int:item_id>")
@roles(*Role.STAFF)
def roadmap_update(item_id: int):
    data = json_body()
    errors: dict[str, str] = {}
    reject_unknown(
        data,
        {*ITEM_FIELDS, *FUNDING_FIELDS, "status", "note", "release", "shipped_on", "version"},
        errors,
    )
    fields = _item_fields(data, errors)
    funding = _funding_fields(data, errors)
    status = choice_field(data, "status", RoadmapStatus.ALL, errors)
    note = string_field(data, "note", errors, nullable=True)
    release = string_field(data, "release", errors, nullable=True)
    shipped_on = parse_date(data.get("shipped_on"), "shipped_on", errors)
    version = int_field(data, "version", errors)
    status_only = {"note", "release", "shipped_on"} & set(data)
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
    db.session.commit()
    return jsonify(item_payload(item_id))


FUNDING_FIELDS = ("funding_goal", "funding_deadline")


def _funding_fields(data: dict, errors: dict[str, str]) -> dict:
    """``funding_goal`` (whole euros or null) and ``funding_deadline`` (date or null)."""
    fields: dict = {}
    if "funding_goal" in data:
        goal = data["funding_goal"]
        if goal is not None and (isinstance(goal, bool) or not isinstance(goal, int) or goal < 1):
            errors["funding_goal"] = _("Un nombre entier d'euros, positif, ou null.")
        else:
            fields["goal"] = goal
    if "funding_deadline" in data:
        value = data["funding_deadline"]
        deadline = None if value is None else parse_date(value, "funding_deadline", errors)
        if "funding_deadline" not in errors:
            fields["deadline"] = deadline
    return fields


@bp.put("/roadmap/<int:item_id>/pledges/<territory_slug>")
@roles(Role.REFERENT, Role.ADMIN, Role.VENDOR)
def pledge_put(item_id: int, territory_slug: str):
    data = json_body()
    errors: dict[str, str] = {}
    reject_unknown(data, {"amount"}, errors)
    amount = data.get("amount")
    if "amount" not in data:
        errors["amount"] = _("Champ obligatoire.")
    elif isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = _("Un nombre entier d'euros.")
    if errors:
        raise invalid(errors, _("La promesse n'a pas été enregistrée."))
    funding_services.pledge_set(
        actor=current_user, item_id=item_id, territory_slug=territory_slug, amount=amount
    )
    db.session.commit()
    return jsonify(item_payload(item_id))


@bp.delete("/roadmap/<int:item_id>/pledges/<territory_slug>")
@roles(Role.REFERENT, Role.ADMIN, Role.VENDOR)
def pledge_delete(item_id: int, territory_slug: str):
    funding_services.pledge_withdraw(
        actor=current_user, item_id=item_id, territory_slug=territory_slug
    )
    db.session.commit()
    return jsonify(item_payload(item_id))


@bp.post("/roadmap/<int:item_id>/funding/confirm")
@roles(*Role.STAFF)
def funding_confirm(item_id: int):
    funding_services.funding_confirm(actor=current_user, item_id=item_id)
    db.session.commit()
    return jsonify(item_payload(item_id))


@bp.put("/roadmap/<int:item_id>/wishes/<int:wish_id>")
@roles(*Role.STAFF)
def roadmap_link(item_id: int, wish_id: int):
    roadmap_services.wish_link(actor=current_user, item_id=item_id, wish_id=wish_id)
    db.session.commit()
    return jsonify(item_payload(item_id))


@bp.delete("/roadmap/<int:item_id>/wishes/<int:wish_id>")
@roles(*Role.STAFF)
def roadmap_unlink(item_id: int, wish_id: int):
    roadmap_services.wish_unlink(actor=current_user, item_id=item_id, wish_id=wish_id)
    db.session.commit()
    return jsonify(item_payload(item_id))
