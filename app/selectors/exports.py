"""Rows for CSV and JSON exports of wishes and roadmap items, read in batches.

Memory stays bounded whatever the data size: the ids are read from a cursor in batches
(a server-side one on PostgreSQL), never all at once, and each batch of ids is loaded
into rows with the same few queries (no query per row).

JSON keeps the field names and codes (scripts read them); a spreadsheet is read by
people, so its header and status cells are in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import joinedload

from app import labels
from app.extensions import db
from app.models import Event, Product, RoadmapItem, RoadmapStatus, Vote, Wish, WishLink, Workshop
from app.public_url import public_url
from app.selectors.delivery import deliveries_for
from app.selectors.events import supporting_territories
from app.selectors.filters import QueryFilters
from app.selectors.grouping import grouped
from app.selectors.wishes import WishFilters, list_load_options, wish_list
from app.spreadsheet import csv_stream, json_stream

BATCH = 500

WISH_COLUMNS = (
    "id",
    "title",
    "body",
    "status",
    "delivery",
    "product",
    "category",
    "territory",
    "supporters",
    "votes",
    "territories_count",
    "providers_count",
    "providers_asking",
    "event",
    "workshop",
    "created_at",
    "updated_at",
    "url",
)

ROADMAP_COLUMNS = (
    "id",
    "title",
    "description",
    "status",
    "product",
    "target",
    "release",
    "shipped_on",
    "external_ref",
    "external_url",
    "wishes",
    "territories_count",
    "url",
)


WISH_HEADERS = {
    "id": _l("Numéro"),
    "title": _l("Titre"),
    "body": _l("Description"),
    "status": _l("Statut"),
    "delivery": _l("Avancement"),
    "product": _l("Produit"),
    "category": _l("Catégorie"),
    "territory": _l("Territoire déposant"),
    "supporters": _l("Territoires qui soutiennent"),
    "votes": _l("Nombre de soutiens"),
    "territories_count": _l("Nombre de territoires"),
    "providers_count": _l("Prestataires concernés"),
    "providers_asking": _l("Prestataires demandeurs"),
    "event": _l("Rencontre"),
    "workshop": _l("Atelier"),
    "created_at": _l("Déposé le"),
    "updated_at": _l("Modifié le"),
    "url": _l("Adresse"),
}
ROADMAP_HEADERS = {
    "id": _l("Numéro"),
    "title": _l("Titre"),
    "description": _l("Description"),
    "status": _l("Statut"),
    "product": _l("Produit"),
    "target": _l("Échéance"),
    "release": _l("Version"),
    "shipped_on": _l("Livré le"),
    "external_ref": _l("Référence du ticket"),
    "external_url": _l("Lien du ticket"),
    "wishes": _l("Souhaits liés"),
    "territories_count": _l("Nombre de territoires"),
    "url": _l("Adresse"),
}
WISH_CODES = {"status": labels.WISH_STATUS_LABELS, "delivery": labels.DELIVERY_LABELS}
ROADMAP_CODES = {"status": labels.ROADMAP_STATUS_LABELS}


_SHAPES = {
    "wishes": (WISH_COLUMNS, WISH_HEADERS, WISH_CODES),
    "roadmap": (ROADMAP_COLUMNS, ROADMAP_HEADERS, ROADMAP_CODES),
}


def export_chunks(kind: str, rows: Iterable[dict[str, Any]], fmt: str) -> Iterator[str]:
    """The export of ``kind`` ("wishes" or "roadmap") as CSV or JSON text, piece by piece:
    CSV headers and status cells in the reader's language, JSON as the fields are named."""
    if fmt == "json":
        return json_stream(rows)
    columns, headers, codes = _SHAPES[kind]
    readable = (
        {**row, **{column: labels.label(words, row.get(column)) for column, words in codes.items()}}
        for row in rows
    )
    return csv_stream(columns, readable, [str(headers[column]) for column in columns])


def _batches(ids: Select[int]) -> Iterator[list[int]]:
    """The ids of ``ids`` in its order, ``BATCH`` at a time, as the cursor reads them."""
    result = db.session.execute(ids, execution_options={"yield_per": BATCH})
    for partition in result.scalars().partitions():
        yield list(partition)


def _url(path: str) -> str:
    return public_url(path)


def wish_export_rows(filters: WishFilters) -> Iterator[dict[str, Any]]:
    """The wishes of the list with these filters, in the list's order."""
    ids = wish_list(filters).with_only_columns(Wish.id)
    events: dict[int | None, str] = dict(
        db.session.execute(select(Event.id, Event.slug)).tuples().all()
    )
    workshops: dict[int | None, str] = dict(
        db.session.execute(select(Workshop.id, Workshop.title)).tuples().all()
    )
    for chunk in _batches(ids):
        loaded = {
            w.id: w
            for w in db.session.execute(
                select(Wish).where(Wish.id.in_(chunk)).options(*list_load_options())
            ).scalars()
        }
        wishes = [loaded[i] for i in chunk if i in loaded]
        supporters = supporting_territories(wishes)
        deliveries = deliveries_for(wishes)
        for wish in wishes:
            yield {
                "id": wish.id,
                "title": wish.title,
                "body": wish.body,
                "status": wish.status,
                "delivery": deliveries[wish.id],
                "product": wish.product.slug,
                "category": wish.category.slug,
                "territory": wish.territory.slug,
                "supporters": [t.slug for t in supporters.get(wish.id, [])],
                "votes": wish.votes_count,
                "territories_count": wish.territories_count,
                "providers_count": wish.providers_count,
                "providers_asking": wish.providers_asking,
                "event": events.get(wish.event_id),
                "workshop": workshops.get(wish.workshop_id),
                "created_at": wish.created_at,
                "updated_at": wish.updated_at,
                "url": _url(f"/wishes/{wish.id}"),
            }


@dataclass
class RoadmapFilters(QueryFilters):
    status: str = ""
    product: str = ""
    target: str = ""
    q: str = ""


def roadmap_export_query(filters: RoadmapFilters) -> Select[int]:
    query = select(RoadmapItem.id)
    if filters.status in RoadmapStatus.ALL:
        query = query.where(RoadmapItem.status == filters.status)
    if filters.product:
        query = query.where(
            RoadmapItem.product_id
            == select(Product.id).where(Product.slug == filters.product).scalar_subquery()
        )
    if filters.target:
        query = query.where(RoadmapItem.target.startswith(filters.target))
    if filters.q:
        for term in filters.q.lower().split()[:10]:
            query = query.where(func.lower(RoadmapItem.title).contains(term))
    return query.order_by(RoadmapItem.target.asc().nulls_last(), RoadmapItem.id)


def roadmap_export_rows(filters: RoadmapFilters) -> Iterator[dict[str, Any]]:
    for chunk in _batches(roadmap_export_query(filters)):
        loaded = {
            item.id: item
            for item in db.session.execute(
                select(RoadmapItem)
                .where(RoadmapItem.id.in_(chunk))
                .options(joinedload(RoadmapItem.product))
            ).scalars()
        }
        linked = grouped(
            db.session.execute(
                select(WishLink.roadmap_item_id, WishLink.wish_id)
                .where(WishLink.roadmap_item_id.in_(chunk))
                .order_by(WishLink.wish_id)
            ).tuples()
        )
        territories = dict(
            db.session.execute(
                select(WishLink.roadmap_item_id, func.count(distinct(Vote.territory_id)))
                .join(Vote, Vote.wish_id == WishLink.wish_id)
                .where(WishLink.roadmap_item_id.in_(chunk))
                .group_by(WishLink.roadmap_item_id)
            )
            .tuples()
            .all()
        )
        for item_id in chunk:
            item = loaded.get(item_id)
            if item is None:
                continue
            yield {
                "id": item.id,
                "title": item.title,
                "description": item.description,
                "status": item.status,
                "product": item.product.slug if item.product else None,
                "target": item.target,
                "release": item.release,
                "shipped_on": item.shipped_on,
                "external_ref": item.external_ref,
                "external_url": item.external_url,
                "wishes": linked.get(item.id, []),
                "territories_count": territories.get(item.id, 0),
                "url": _url(f"/roadmap/{item.id}"),
            }
