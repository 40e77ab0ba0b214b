"""A wish's delivery status, derived from its linked roadmap items (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import select

from app.extensions import db
from app.models import RoadmapItem, RoadmapStatus, WishLink
from app.selectors.grouping import grouped

_PROGRESS_ORDER: dict[str, int] = {
    status: rank for rank, status in enumerate(RoadmapStatus.PROGRESS)
}


class HasDelivery(Protocol):
    """What the delivery status reads of a wish: a wish or one of its light rows."""

    @property
    def id(self) -> int: ...

    @property
    def status(self) -> str: ...


def delivery_status(wish_status: str, item_statuses: Iterable[str]) -> str:
    statuses = list(item_statuses)
    if not statuses:
        return wish_status
    shipped = sum(1 for s in statuses if s == RoadmapStatus.SHIPPED)
    if shipped == len(statuses):
        return RoadmapStatus.SHIPPED
    if shipped:
        return "partially_shipped"
    in_progress = [s for s in statuses if s in _PROGRESS_ORDER]
    if in_progress:
        return max(in_progress, key=_PROGRESS_ORDER.__getitem__)
    if all(s == RoadmapStatus.POSTPONED for s in statuses):
        return RoadmapStatus.POSTPONED
    if all(s == RoadmapStatus.CANCELLED for s in statuses):
        return RoadmapStatus.CANCELLED
    # A mix of postponed and cancelled items: neither counts, as if none were linked.
    return wish_status


def linked_item_statuses(wish_ids: Iterable[int]) -> dict[int, list[str]]:
    """Statuses of the roadmap items linked to each wish, in one query."""
    ids = list(set(wish_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(WishLink.wish_id, RoadmapItem.status)
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .where(WishLink.wish_id.in_(ids))
    )
    return grouped(rows.tuples())


def deliveries_for(wishes: Iterable[HasDelivery]) -> dict[int, str]:
    """Delivery status of each wish (objects with ``id`` and ``status``), in one query."""
    wishes = list(wishes)
    statuses = linked_item_statuses(w.id for w in wishes)
    return {w.id: delivery_status(w.status, statuses.get(w.id, [])) for w in wishes}
