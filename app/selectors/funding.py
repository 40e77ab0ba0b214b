"""Co-funding reads for pages, API and reports: each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.collation import name_key
from app.extensions import db
from app.models import Pledge, RoadmapItem, RoadmapStatus, Territory


@dataclass
class Funding:
    """An item's funding: its goal, who pledged what (largest first), the total."""

    goal: int | None = None
    deadline: date | None = None
    confirmed_at: datetime | None = None
    pledges: list[Pledge] = field(default_factory=list)

    @property
    def pledged(self) -> int:
        return sum(p.amount for p in self.pledges)

    @property
    def reached(self) -> bool:
        return self.goal is not None and self.pledged >= self.goal

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def remaining(self) -> int:
        return max((self.goal or 0) - self.pledged, 0)

    @property
    def percent(self) -> int:
        """How far towards the goal, 0 to 100 (capped), for progress bars."""
        if not self.goal:
            return 0
        return min(100, self.pledged * 100 // self.goal)

    @property
    def territories(self) -> list[Territory]:
        return [p.territory for p in self.pledges]


def funding_for_items(items: Iterable[RoadmapItem]) -> dict[int, Funding]:
    """The funding of each item (one query for all the pledges)."""
    items = list(items)
    result = {
        item.id: Funding(item.funding_goal, item.funding_deadline, item.funding_confirmed_at)
        for item in items
    }
    with_goal = [item.id for item in items if item.funding_goal is not None]
    if not with_goal:
        return result
    rows = db.session.execute(
        select(Pledge)
        .where(Pledge.roadmap_item_id.in_(with_goal))
        .options(joinedload(Pledge.territory))
    ).scalars()
    for pledge in sorted(rows, key=lambda p: (-p.amount, name_key(p.territory.name))):
        result[pledge.roadmap_item_id].pledges.append(pledge)
    return result


def funding_for_item(item: RoadmapItem) -> Funding:
    return funding_for_items([item])[item.id]


@dataclass
class TerritoryPledge:
    pledge: Pledge
    item: RoadmapItem
    funding: Funding


def pledges_of_territories(territory_ids: Any) -> list[TerritoryPledge]:
    """Pledges made by these territories (ids or a select of ids), with their item and
    its whole funding, newest first (two queries)."""
    rows = list(
        db.session.execute(
            select(Pledge, RoadmapItem)
            .join(RoadmapItem, RoadmapItem.id == Pledge.roadmap_item_id)
            .where(Pledge.territory_id.in_(territory_ids))
            .options(joinedload(Pledge.territory))
            .order_by(Pledge.updated_at.desc(), Pledge.id.desc())
        ).all()
    )
    fundings = funding_for_items({item.id: item for _pledge, item in rows}.values())
    return [TerritoryPledge(pledge, item, fundings[item.id]) for pledge, item in rows]


def items_being_funded(limit: int = 20) -> list[tuple[RoadmapItem, Funding]]:
    """Items with a funding goal not confirmed yet, nearest deadline first (two queries)."""
    items = list(
        db.session.execute(
            select(RoadmapItem)
            .where(
                RoadmapItem.funding_goal.is_not(None),
                RoadmapItem.funding_confirmed_at.is_(None),
                RoadmapItem.status.not_in((RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)),
            )
            .order_by(
                RoadmapItem.funding_deadline.is_(None),
                RoadmapItem.funding_deadline,
                RoadmapItem.id,
            )
            .limit(limit)
        ).scalars()
    )
    fundings = funding_for_items(items)
    return [(item, fundings[item.id]) for item in items]
