"""Reads the JSON API needs beyond the pages': slugs and per-item aggregates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, distinct, func, select, union
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Club,
    ClubMembership,
    Product,
    RoadmapItem,
    RoadmapStatus,
    Territory,
    Vote,
    Wish,
    WishLink,
)
from app.selectors.late import late_condition


def supporter_slugs(wish_id: int) -> list[str]:
    """Slugs of the territories supporting a wish, in one query."""
    return list(
        db.session.execute(
            select(Territory.slug)
            .where(Territory.id.in_(select(Vote.territory_id).where(Vote.wish_id == wish_id)))
            .order_by(Territory.slug)
        ).scalars()
    )


def linked_wish_ids(item_ids: Iterable[int]) -> dict[int, list[int]]:
    """Ids of the wishes linked to each roadmap item, in one query."""
    ids = list(set(item_ids))
    result: dict[int, list[int]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, WishLink.wish_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .order_by(WishLink.wish_id)
    )
    for item_id, wish_id in rows:
        result[item_id].append(wish_id)
    return result


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


def shipped_items_query(
    *, territory_slug: str = "", club_slug: str = "", since: date | None = None
) -> Select:
    """Shipped roadmap items, newest first; ``territory``/``club`` keep the items linked
    to a wish that one of those territories filed or supports."""
    query = select(RoadmapItem).where(RoadmapItem.status == RoadmapStatus.SHIPPED)
    territory_ids = None
    if territory_slug:
        territory_ids = select(Territory.id).where(Territory.slug == territory_slug)
    if club_slug:
        club_territories = select(ClubMembership.territory_id).where(
            ClubMembership.club_id
            == select(Club.id).where(Club.slug == club_slug).scalar_subquery()
        )
        territory_ids = (
            club_territories
            if territory_ids is None
            else select(Territory.id).where(
                Territory.id.in_(territory_ids), Territory.id.in_(club_territories)
            )
        )
    if territory_ids is not None:
        concerned_wishes = union(
            select(Wish.id).where(Wish.territory_id.in_(territory_ids)),
            select(Vote.wish_id).where(Vote.territory_id.in_(territory_ids)),
        )
        query = query.where(
            RoadmapItem.id.in_(
                select(WishLink.roadmap_item_id).where(WishLink.wish_id.in_(concerned_wishes))
            )
        )
    if since is not None:
        query = query.where(RoadmapItem.shipped_on >= since)
    return query.options(joinedload(RoadmapItem.product)).order_by(
        RoadmapItem.shipped_on.desc(), RoadmapItem.id.desc()
    )


def linked_wishes(item_ids: Iterable[int]) -> dict[int, list[tuple[int, str, str]]]:
    """(id, title, territory slug) of the wishes linked to each item, in one query."""
    ids = list(set(item_ids))
    result: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, Wish.id, Wish.title, Territory.slug)
        .join(Wish, Wish.id == WishLink.wish_id)
        .join(Territory, Territory.id == Wish.territory_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .order_by(Wish.id)
    )
    for item_id, wish_id, title, slug in rows:
        result[item_id].append((wish_id, title, slug))
    return result


def roadmap_items_query(
    *, status: str = "", product_slug: str = "", target: str = "", late: bool = False
) -> Select:
    query = select(RoadmapItem)
    if late:
        query = query.where(late_condition())
    if status:
        query = query.where(RoadmapItem.status == status)
    if product_slug:
        query = query.where(
            RoadmapItem.product_id
            == select(Product.id).where(Product.slug == product_slug).scalar_subquery()
        )
    if target:
        query = query.where(RoadmapItem.target == target)
    return query.options(joinedload(RoadmapItem.product)).order_by(
        RoadmapItem.target.is_(None), RoadmapItem.target, RoadmapItem.id
    )


def roadmap_item(item_id: int) -> RoadmapItem | None:
    return db.session.execute(
        select(RoadmapItem)
        .where(RoadmapItem.id == item_id)
        .options(joinedload(RoadmapItem.product))
    ).scalar_one_or_none()
