"""What links roadmap items, wishes and territories: the items of each wish, and per
item its wishes, the territories behind them and their counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Subquery, distinct, func, literal, select, union, union_all
from sqlalchemy.orm import joinedload

from app.collation import name_key
from app.extensions import db
from app.models import ItemTerritory, RoadmapItem, Territory, Vote, Wish, WishLink
from app.selectors.grouping import grouped


def roadmap_items_by_wish(
    wish_ids: Iterable[int], *, newest_delivery_first: bool = False
) -> dict[int, list[RoadmapItem]]:
    """The roadmap items linked to each wish, in one query (by id, or the latest
    deliveries first)."""
    ids = list(set(wish_ids))
    if not ids:
        return {}
    order = (
        (RoadmapItem.shipped_on.desc(), RoadmapItem.id)
        if newest_delivery_first
        else (RoadmapItem.id,)
    )
    rows = db.session.execute(
        select(WishLink.wish_id, RoadmapItem)
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .where(WishLink.wish_id.in_(ids))
        .order_by(*order)
    )
    return grouped(rows.tuples())


def roadmap_items_for_wish(wish_id: int) -> list[RoadmapItem]:
    return roadmap_items_by_wish([wish_id])[wish_id]


# --- aggregates ----------------------------------------------------------------------


@dataclass
class ItemCounts:
    wishes: int = 0
    territories: int = 0


def item_counts(item_ids: Iterable[int]) -> dict[int, ItemCounts]:
    """Number of linked wishes and distinct territories (filing or supporting) per item,
    in one query: the links, and the item's rows of ``roadmap_item_territory``, a row per
    territory whatever the support of its wishes; both read from an index alone."""
    ids = sorted(set(item_ids))
    result: dict[int, ItemCounts] = defaultdict(ItemCounts)
    if not ids:
        return result
    wishes = (
        select(literal(False).label("territories"), WishLink.roadmap_item_id, func.count())
        .where(WishLink.roadmap_item_id.in_(ids))
        .group_by(WishLink.roadmap_item_id)
    )
    territories = (
        select(literal(True), ItemTerritory.roadmap_item_id, func.count())
        .where(ItemTerritory.roadmap_item_id.in_(ids), ItemTerritory.wishes > 0)
        .group_by(ItemTerritory.roadmap_item_id)
    )
    for of_territories, item_id, count in db.session.execute(union_all(wishes, territories)):
        if of_territories:
            result[item_id].territories = count
        else:
            result[item_id].wishes = count
    return result


def territory_names_by_item(item_ids: Iterable[int]) -> dict[int, list[str]]:
    """The names of the territories behind each item's wishes (filing or supporting),
    sorted (one query, on the counted rows: one per territory, not one per vote)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ItemTerritory.roadmap_item_id, Territory.name)
        .join(Territory, Territory.id == ItemTerritory.territory_id)
        .where(ItemTerritory.roadmap_item_id.in_(ids), ItemTerritory.wishes > 0)
    )
    return grouped(sorted(rows.tuples(), key=lambda row: name_key(row[1])))


def territories_by_wish(wish_ids: Iterable[int]) -> dict[int, list[Territory]]:
    """Filing and supporting territories of each wish, sorted by name (one query)."""
    ids = list(wish_ids)
    if not ids:
        return {}
    pairs = union(
        select(Wish.id.label("wish_id"), Wish.territory_id.label("tid")).where(Wish.id.in_(ids)),
        select(Vote.wish_id.label("wish_id"), Vote.territory_id.label("tid")).where(
            Vote.wish_id.in_(ids)
        ),
    ).subquery()
    return _territories_by(pairs.c.wish_id, pairs)


def _territories_by(key: ColumnElement[int], pairs: Subquery) -> dict[int, list[Territory]]:
    """The territories of ``pairs`` (a key, ``tid``) grouped by key, sorted by name."""
    rows = db.session.execute(select(key, Territory).join(Territory, Territory.id == pairs.c.tid))
    return grouped(sorted(rows.tuples(), key=lambda row: name_key(row[1].name)))


def wishes_by_item(item_ids: Iterable[int]) -> dict[int, list[Wish]]:
    """Linked wishes of each item, most supported first (one query)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, Wish)
        .join(Wish, Wish.id == WishLink.wish_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .options(joinedload(Wish.territory), joinedload(Wish.product))
        .order_by(Wish.territories_count.desc(), Wish.votes_count.desc(), Wish.id)
    ).unique()
    return grouped(rows.tuples())


def linked_wish_ids(item_ids: Iterable[int]) -> dict[int, list[int]]:
    """Ids of the wishes linked to each roadmap item, in one query."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, WishLink.wish_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .order_by(WishLink.wish_id)
    )
    return grouped(rows.tuples())


def territories_counts(item_ids: Iterable[int]) -> dict[int, int]:
    """Distinct territories supporting the wishes linked to each item, in one query."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, func.count(distinct(Vote.territory_id)))
        .join(Vote, Vote.wish_id == WishLink.wish_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .group_by(WishLink.roadmap_item_id)
    )
    return dict(rows.all())


def linked_wishes(item_ids: Iterable[int]) -> dict[int, list[tuple[int, str, str]]]:
    """(id, title, territory slug) of the wishes linked to each item, in one query."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, Wish.id, Wish.title, Territory.slug)
        .join(Wish, Wish.id == WishLink.wish_id)
        .join(Territory, Territory.id == Wish.territory_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .order_by(Wish.id)
    )
    return grouped((item_id, (wish_id, title, slug)) for item_id, wish_id, title, slug in rows)
