"""Reads the JSON API needs beyond the pages': slugs and per-item aggregates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import distinct, func, select

from app.extensions import db
from app.models import Territory, Vote, WishLink


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
