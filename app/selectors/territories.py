"""Territory and club pages: what they filed and support, what shipped, what is pending.

Every function runs a fixed number of queries whatever the number of wishes, and each
query reads a bounded number of rows: the figures come from the map's counters
(``territory_activity_total``), the lists are the first ``LIST_LIMIT`` rows of an index
walk (per member territory for a club), and the full lists are on the wish list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (
    func,
    or_,
    select,
)
from sqlalchemy.orm import joinedload, selectinload

from app.collation import name_key
from app.extensions import db
from app.models import (
    ActivityTotal,
    Club,
    RoadmapItem,
    RoadmapStatus,
    Territory,
    WishLink,
    WishStatus,
    WishSupport,
)
from app.selectors.delivery import delivery_status
from app.selectors.grouping import grouped
from app.selectors.late import is_late
from app.selectors.portfolio_lists import FILED, SUPPORTED, lists_rows
from app.selectors.portfolio_lists import SHIPPED as SHIPPED_PART

SHIPPED = (RoadmapStatus.SHIPPED, "partially_shipped")
LIST_LIMIT = 20
# Supports read per territory, newest first, to find LIST_LIMIT distinct wishes: several
# users of one territory may support the same wish.
SUPPORT_READ = 4 * (LIST_LIMIT + 1)


@dataclass
class Figures:
    """Counts from the map's counters (duplicates left out).

    ``filed``: wishes the territories filed; ``supported``: supports they gave to wishes
    filed by another territory (one per territory and wish); ``delivered``: of both,
    those whose every linked roadmap item shipped; ``pending``: of both, those still
    open to support and not delivered."""

    filed: int = 0
    supported: int = 0
    delivered: int = 0
    pending: int = 0


@dataclass(frozen=True, slots=True)
class ItemShown:
    """A roadmap item as a wish's row names it, with whether it is late today."""

    id: int
    title: str
    status: RoadmapStatus
    release: str | None
    shipped_on: date | None
    target: str | None
    late: bool


class WishShown(NamedTuple):
    """A wish as the pages of a territory or a club list it: the columns they show and
    those they are ranked by, read as a row rather than loaded as a ``Wish``."""

    id: int
    title: str
    product_name: str
    category_name: str
    status: WishStatus
    territory_slug: str
    territory_name: str
    territories_count: int
    votes_count: int
    created_at: datetime


@dataclass
class Portfolio:
    """The first wishes a territory or a club filed, supports and got delivered, with
    their delivery status and roadmap items."""

    figures: Figures = field(default_factory=Figures)
    filed: list[WishShown] = field(default_factory=list)
    supported: list[WishShown] = field(default_factory=list)
    shipped: list[WishShown] = field(default_factory=list)
    deliveries: dict[int, str] = field(default_factory=dict)
    items: dict[int, list[ItemShown]] = field(default_factory=dict)
    supporters: dict[int, list[Territory]] = field(default_factory=dict)
    more_filed: bool = False
    more_supported: bool = False
    more_shipped: bool = False

    @property
    def wishes(self) -> list[WishShown]:
        return self.filed + self.supported

    @property
    def pending(self) -> list[WishShown]:
        """Of the wishes listed, those still waiting for a delivery."""
        return [
            w
            for w in self.wishes
            if self.deliveries.get(w.id) not in SHIPPED
            and w.status not in WishStatus.CLOSED_TO_SUPPORT
            and self.deliveries.get(w.id) != RoadmapStatus.CANCELLED
        ]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A wish as the tables of a territory or club show it: every value its row shows
    and none other, so that the row rendered once can be kept under them."""

    id: int
    title: str
    product_name: str
    category_name: str
    status: WishStatus
    delivery: str
    territory_slug: str
    territory_name: str
    territories_count: int
    supporters: tuple[str, ...]
    items: tuple[ItemShown, ...]


def table_rows(portfolio: Portfolio, wishes: list[WishShown]) -> list[TableRow]:
    """The rows of ``wishes`` as ``portfolio`` lists them (no query: all is read)."""
    return [
        TableRow(
            id=w.id,
            title=w.title,
            product_name=w.product_name,
            category_name=w.category_name,
            status=w.status,
            delivery=portfolio.deliveries.get(w.id, w.status),
            territory_slug=w.territory_slug,
            territory_name=w.territory_name,
            territories_count=w.territories_count,
            supporters=tuple(t.name for t in portfolio.supporters.get(w.id, ())),
            items=tuple(portfolio.items.get(w.id, ())),
        )
        for w in wishes
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


def _figures(territory_ids: list[int]) -> Figures:
    """One grouped read of the counters: a few rows per territory."""
    figures = Figures()
    rows = db.session.execute(
        select(
            ActivityTotal.status,
            ActivityTotal.delivered,
            func.sum(ActivityTotal.filed),
            func.sum(ActivityTotal.supported),
        )
        .where(
            ActivityTotal.territory_id.in_(territory_ids),
            ActivityTotal.status != WishStatus.DUPLICATE,
        )
        .group_by(ActivityTotal.status, ActivityTotal.delivered)
    )
    for status, delivered, filed, supported in rows:
        filed, supported = int(filed or 0), int(supported or 0)
        figures.filed += filed
        figures.supported += supported
        if delivered:
            figures.delivered += filed + supported
        elif status not in WishStatus.CLOSED_TO_SUPPORT:
            figures.pending += filed + supported
    return figures


def _lists(territory_ids: list[int]) -> dict[int, list[WishShown]]:
    """The first LIST_LIMIT + 1 wishes of each list, by part (one query)."""
    rows = lists_rows(territory_ids, read=LIST_LIMIT + 1, support_read=SUPPORT_READ)
    lists: dict[int, list[WishShown]] = {FILED: [], SUPPORTED: [], SHIPPED_PART: []}
    for part, _recent, *columns in rows:
        lists[part].append(WishShown(*columns))
    return lists


def _items(ids: list[int]) -> dict[int, list[ItemShown]]:
    """The roadmap items linked to each wish, latest deliveries first (one query)."""
    if not ids:
        return {}
    today = date.today()
    rows = db.session.execute(
        select(
            WishLink.wish_id,
            RoadmapItem.id,
            RoadmapItem.title,
            RoadmapItem.status,
            RoadmapItem.release,
            RoadmapItem.shipped_on,
            RoadmapItem.target,
        )
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .where(WishLink.wish_id.in_(ids))
        .order_by(RoadmapItem.shipped_on.desc(), RoadmapItem.id)
    )
    return grouped(
        (
            wish_id,
            ItemShown(
                item_id, title, status, release, shipped_on, target, is_late(target, status, today)
            ),
        )
        for wish_id, item_id, title, status, release, shipped_on, target in rows
    )


def _portfolio(territory_ids: list[int]) -> Portfolio:
    lists = _lists(territory_ids)
    filed, supported, shipped = lists[FILED], lists[SUPPORTED], lists[SHIPPED_PART]
    portfolio = Portfolio(
        figures=_figures(territory_ids),
        filed=filed[:LIST_LIMIT],
        supported=supported[:LIST_LIMIT],
        shipped=shipped[:LIST_LIMIT],
        more_filed=len(filed) > LIST_LIMIT,
        more_supported=len(supported) > LIST_LIMIT,
        more_shipped=len(shipped) > LIST_LIMIT,
    )
    listed = {w.id: w for w in portfolio.wishes + portfolio.shipped}.values()
    # The delivery status is read from the items listed: no query of its own.
    portfolio.items = _items([w.id for w in listed])
    portfolio.deliveries = {
        w.id: delivery_status(w.status, (item.status for item in portfolio.items.get(w.id, ())))
        for w in listed
    }
    return portfolio


def territory_portfolio(territory: Territory) -> Portfolio:
    """What the territory filed, what it supports elsewhere, what shipped (3 queries)."""
    return _portfolio([territory.id])


def club_portfolio(club: Club) -> Portfolio:
    """The same for the club's members, with which members support each wish (4 queries)."""
    members = [t.id for t in club.territories]
    portfolio = _portfolio(members)
    ids = list({w.id for w in portfolio.wishes + portfolio.shipped})
    if ids and members:
        # One ``wish_support`` row per listed wish and supporting territory: a popular
        # wish's tens of thousands of votes are not walked to find its few members.
        rows = db.session.execute(
            select(WishSupport.wish_id, WishSupport.territory_id).where(
                WishSupport.wish_id.in_(ids),
                WishSupport.territory_id.in_(members),
                or_(WishSupport.votes > 0, WishSupport.on_behalf),
            )
        )
        by_id = {t.id: t for t in club.territories}
        supporters = grouped((wish_id, by_id[territory_id]) for wish_id, territory_id in rows)
        for names in supporters.values():
            names.sort(key=lambda t: name_key(t.name))
        portfolio.supporters = supporters
    return portfolio
