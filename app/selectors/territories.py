"""Territory and club pages: what they filed and support, what shipped, what is pending.

Every function runs a fixed number of queries whatever the number of wishes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from app.collation import name_key
from app.extensions import db
from app.models import (
    Club,
    ClubMembership,
    RoadmapItem,
    RoadmapStatus,
    Territory,
    Vote,
    Wish,
    WishStatus,
)
from app.selectors.delivery import deliveries_for
from app.selectors.roadmap import roadmap_items_by_wish
from app.selectors.wishes import list_load_options, order_clauses

SHIPPED = (RoadmapStatus.SHIPPED, "partially_shipped")
LIST_LIMIT = 200


@dataclass
class Portfolio:
    """Wishes of a territory or a club with their delivery and roadmap items."""

    filed: list[Wish] = field(default_factory=list)
    supported: list[Wish] = field(default_factory=list)
    deliveries: dict[int, str] = field(default_factory=dict)
    items: dict[int, list[RoadmapItem]] = field(default_factory=dict)
    supporters: dict[int, list[Territory]] = field(default_factory=dict)
    truncated: bool = False

    @property
    def wishes(self) -> list[Wish]:
        return self.filed + self.supported

    @property
    def shipped(self) -> list[Wish]:
        return [w for w in self.wishes if self.deliveries.get(w.id) in SHIPPED]

    @property
    def pending(self) -> list[Wish]:
        return [
            w
            for w in self.wishes
            if self.deliveries.get(w.id) not in SHIPPED
            and w.status not in WishStatus.CLOSED_TO_SUPPORT
            and self.deliveries.get(w.id) != RoadmapStatus.CANCELLED
        ]


def territory_by_slug(slug: str) -> Territory | None:
    return db.session.execute(
        select(Territory).where(Territory.slug == slug).options(selectinload(Territory.clubs))
    ).scalar_one_or_none()


def club_by_slug(slug: str) -> Club | None:
    return db.session.execute(
        select(Club)
        .where(Club.slug == slug)
        .options(joinedload(Club.host_territory), selectinload(Club.territories))
    ).scalar_one_or_none()


def _wishes(query: Select[Wish]) -> list[Wish]:
    return list(
        db.session.execute(
            query.options(*list_load_options())
            .order_by(*order_clauses("support"))
            .limit(LIST_LIMIT + 1)
        )
        .unique()
        .scalars()
    )


def _complete(portfolio: Portfolio) -> Portfolio:
    for name in ("filed", "supported"):
        rows = getattr(portfolio, name)
        if len(rows) > LIST_LIMIT:
            portfolio.truncated = True
            setattr(portfolio, name, rows[:LIST_LIMIT])
    portfolio.deliveries = deliveries_for(portfolio.wishes)
    portfolio.items = roadmap_items_by_wish(
        (w.id for w in portfolio.wishes), newest_delivery_first=True
    )
    return portfolio


def territory_portfolio(territory: Territory) -> Portfolio:
    """Wishes the territory filed and wishes filed elsewhere that it supports (4 queries)."""
    supported_ids = select(Vote.wish_id).where(Vote.territory_id == territory.id)
    visible = Wish.status != WishStatus.DUPLICATE
    portfolio = Portfolio(
        filed=_wishes(select(Wish).where(Wish.territory_id == territory.id, visible)),
        supported=_wishes(
            select(Wish).where(
                Wish.id.in_(supported_ids), Wish.territory_id != territory.id, visible
            )
        ),
    )
    return _complete(portfolio)


def club_portfolio(club: Club) -> Portfolio:
    """Wishes filed or supported by the club's territories, with which members (4 queries)."""
    members = select(ClubMembership.territory_id).where(ClubMembership.club_id == club.id)
    supported_ids = select(Vote.wish_id).where(Vote.territory_id.in_(members))
    visible = Wish.status != WishStatus.DUPLICATE
    filed_by_members = Wish.territory_id.in_(members)
    portfolio = Portfolio(
        filed=_wishes(select(Wish).where(filed_by_members, visible)),
        supported=_wishes(
            select(Wish).where(Wish.id.in_(supported_ids), ~filed_by_members, visible)
        ),
    )
    _complete(portfolio)
    ids = [w.id for w in portfolio.wishes]
    if ids:
        rows = db.session.execute(
            select(Vote.wish_id, Territory)
            .join(Territory, Territory.id == Vote.territory_id)
            .where(Vote.wish_id.in_(ids), Vote.territory_id.in_(members))
            .distinct()
        )
        supporters: dict[int, list[Territory]] = defaultdict(list)
        for wish_id, territory in sorted(rows, key=lambda row: name_key(row[1].name)):
            supporters[wish_id].append(territory)
        portfolio.supporters = supporters
    return portfolio
