"""Roadmap reads shared by pages and API."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import RoadmapItem, WishLink


def roadmap_items_for_wish(wish_id: int) -> list[RoadmapItem]:
    return list(
        db.session.execute(
            select(RoadmapItem)
            .join(WishLink, WishLink.roadmap_item_id == RoadmapItem.id)
            .where(WishLink.wish_id == wish_id)
            .order_by(RoadmapItem.id)
        ).scalars()
    )
