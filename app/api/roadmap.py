"""Roadmap items, links to wishes, and what was shipped."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from app.api import bp, schemas
from app.api.auth import public_roadmap
from app.api.params import choice_arg, date_arg, pagination
from app.models import RoadmapItem, RoadmapStatus
from app.selectors import api as selectors
from app.selectors.pagination import paginate
from app.services.errors import NotFound


def serialise_items(items: list[RoadmapItem]) -> list[dict]:
    ids = [item.id for item in items]
    wish_ids = selectors.linked_wish_ids(ids)
    counts = selectors.territories_counts(ids)
    return [
        schemas.roadmap_item(
            item, wish_ids=wish_ids.get(item.id, []), territories_count=counts.get(item.id, 0)
        )
        for item in items
    ]


def item_payload(item_id: int) -> dict:
    item = selectors.roadmap_item(item_id)
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
    query = selectors.shipped_items_query(
        territory_slug=(request.args.get("territory") or "").strip(),
        club_slug=(request.args.get("club") or "").strip(),
        since=date_arg("since"),
    )
    page_number, per_page = pagination()
    page = paginate(query, page=page_number, per_page=per_page)
    linked = selectors.linked_wishes(item.id for item in page.items)
    items = [schemas.shipped_item(item, linked.get(item.id, [])) for item in page.items]
    return jsonify(schemas.page_envelope(page, items))
