"""What links roadmap items, wishes and territories: the items of each wish, and per
item its wishes, the territories behind them and their counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Subquery, distinct, func, select, union, union_all
from sqlalchemy.orm import joinedload

from app.collation import name_key
from app.extensions import db
from app.models import RoadmapItem, Territory, Vote, Wish, WishLink
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


def _item_territory_pairs(
    item_ids: Iterable[int] | None = None, *, repeats: bool = False
) -> Subquery:
    """(item id, territory id) for the territories behind each item's wishes: the
    filing territory and every supporting territory; with ``repeats``, a pair once per
    wish and vote (for a ``count(DISTINCT)``, which spares the union's de-duplication)."""
    filed = select(WishLink.roadmap_item_id.label("item_id"), Wish.territory_id.label("tid")).join(
        Wish, Wish.id == WishLink.wish_id
    )
    supported = select(
        WishLink.roadmap_item_id.label("item_id"), Vote.territory_id.label("tid")
    ).join(Vote, Vote.wish_id == WishLink.wish_id)
    if item_ids is not None:
        ids = list(item_ids)
        filed = filed.where(WishLink.roadmap_item_id.in_(ids))
        supported = supported.where(WishLink.roadmap_item_id.in_(ids))
    return (union_all if repeats else union)(filed, supported).subquery()


@dataclass
class ItemCounts:
    wishes: int = 0
    territories: int = 0


def item_counts(item_ids: Iterable[int] | None = None) -> dict[int, ItemCounts]:
    """Number of linked wishes and distinct territories per item (two queries)."""
    ids = None if item_ids is None else list(item_ids)
    result: dict[int, ItemCounts] = defaultdict(ItemCounts)
    if ids is not None and not ids:
        return result
    wishes = select(WishLink.roadmap_item_id, func.count(distinct(WishLink.wish_id))).group_by(
        WishLink.roadmap_item_id
    )
    if ids is not None:
        wishes = wishes.where(WishLink.roadmap_item_id.in_(ids))
    for item_id, count in db.session.execute(wishes):
        result[item_id].wishes = count
    pairs = _item_territory_pairs(ids, repeats=True)
    for item_id, count in db.session.execute(
        select(pairs.c.item_id, func.count(distinct(pairs.c.tid))).group_by(pairs.c.item_id)
    ):
        result[item_id].territories = count
    return result


def territories_by_item(item_ids: Iterable[int]) -> dict[int, list[Territory]]:
    """The territories behind each item's wishes, sorted by name (one query)."""
    ids = list(item_ids)
    if not ids:
        return {}
    pairs = _item_territory_pairs(ids)
    return _territories_by(pairs.c.item_id, pairs)


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
