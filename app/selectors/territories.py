"""Territory and club pages: what they filed and support, what shipped, what is pending.

Every function runs a fixed number of queries whatever the number of wishes, and each
query reads a bounded number of rows: the figures come from the map's counters
(``territory_activity_total``), the lists are the first ``LIST_LIMIT`` rows of an index
walk (per member territory for a club), and the full lists are on the wish list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from app.collation import name_key
from app.extensions import db
from app.models import (
    ActivityTotal,
    Category,
    Club,
    Product,
    RoadmapItem,
    RoadmapStatus,
    ShippedConcern,
    Territory,
    Vote,
    Wish,
    WishLink,
    WishStatus,
    WishSupport,
)
from app.selectors.delivery import delivery_status
from app.selectors.grouping import grouped
from app.selectors.late import is_late
from app.selectors.wishes import order_clauses

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


def _each(territory_ids: list[int]) -> dict[str, object]:
    """The parameters of a statement with a part per territory."""
    return {"members": territory_ids} | {
        f"territory_{n}": territory_id for n, territory_id in enumerate(territory_ids)
    }


def _most_supported_filed(members: int, read: int) -> Subquery:
    """The most supported wishes each territory filed, merged: each part walks the
    territory's rank index (``ix_wish_territory_rank``) for ``read`` rows, and the
    parts' rows are ranked together, not looked up again in the whole table."""
    visible = Wish.status != WishStatus.DUPLICATE
    rank = (Wish.territories_count, Wish.votes_count, Wish.created_at, Wish.id)
    parts = [
        select(*rank)
        .where(Wish.territory_id == bindparam(f"territory_{n}"), visible)
        .order_by(*order_clauses("support"))
        .limit(read)
        .subquery()
        for n in range(members)
    ]
    ranked = union_all(*(select(*part.c) for part in parts)).subquery()
    return (
        select(ranked.c.id)
        .order_by(
            ranked.c.territories_count.desc(),
            ranked.c.votes_count.desc(),
            ranked.c.created_at.desc(),
            ranked.c.id.desc(),
        )
        .limit(read)
        .subquery()
    )


def _latest_supported(members: int, read: int, support_read: int) -> Subquery:
    """The first ``read`` wishes filed by other territories that these supported last,
    newest support first (``recent``): each part walks the territory's last
    ``support_read`` supports backwards (``ix_vote_territory_recent``), and a wish
    several users supported counts once."""
    parts = [
        select(Vote.wish_id, Vote.id.label("vote_id"))
        .join(Wish, Wish.id == Vote.wish_id)
        .where(
            Vote.territory_id == bindparam(f"territory_{n}"),
            Wish.territory_id.not_in(bindparam("members", expanding=True)),
            Wish.status != WishStatus.DUPLICATE,
        )
        .order_by(Vote.id.desc())
        .limit(support_read)
        .subquery()
        for n in range(members)
    ]
    latest = union_all(*(select(part.c.wish_id, part.c.vote_id) for part in parts)).subquery()
    recent = func.max(latest.c.vote_id).label("recent")
    return (
        select(latest.c.wish_id, recent)
        .group_by(latest.c.wish_id)
        .order_by(recent.desc())
        .limit(read)
        .subquery()
    )


def _latest_shipped(members: int, read: int) -> Subquery:
    """The first ``read`` wishes filed or supported by the territories with a shipped
    roadmap item, latest delivery first (``recent``, as a negative rank): each part walks
    the territory's rows of ``territory_shipped_wish`` on their index
    (``ix_territory_shipped_wish_rank``) for ``read`` rows, and a wish several members
    are behind counts once."""
    parts = [
        select(ShippedConcern.wish_id, ShippedConcern.shipped_on)
        .where(ShippedConcern.territory_id == bindparam(f"territory_{n}"), ShippedConcern.listed)
        .order_by(ShippedConcern.shipped_on.desc(), ShippedConcern.wish_id.desc())
        .limit(read)
        .subquery()
        for n in range(members)
    ]
    latest = union(*(select(*part.c) for part in parts)).subquery()
    order = (latest.c.shipped_on.desc(), latest.c.wish_id.desc())
    return (
        select(latest.c.wish_id, (-func.row_number().over(order_by=order)).label("recent"))
        .order_by(*order)
        .limit(read)
        .subquery()
    )


FILED, SUPPORTED, SHIPPED_PART = 0, 1, 2


def _shown(ranked: Subquery) -> Select[Any]:
    """The columns a listed wish shows and is ranked by, with its product, category and
    territory joined once for the three lists; ``part`` tells the lists apart,
    ``recent`` orders the supported and the shipped."""
    return (
        select(
            ranked.c.part,
            ranked.c.recent,
            Wish.id,
            Wish.title,
            Product.name.label("product_name"),
            Category.name.label("category_name"),
            Wish.status,
            Territory.slug.label("territory_slug"),
            Territory.name.label("territory_name"),
            Wish.territories_count,
            Wish.votes_count,
            Wish.created_at,
        )
        .select_from(ranked)
        .join(Wish, Wish.id == ranked.c.wish_id)
        .join(Product, Product.id == Wish.product_id)
        .join(Category, Category.id == Wish.category_id)
        .join(Territory, Territory.id == Wish.territory_id)
    )


def _part(part: int) -> ColumnElement[int]:
    return literal_column(str(part)).label("part")


# A statement with a part per member costs more to build than to run: built once per
# number of members (and rows read), with the members as parameters. The wishes'
# columns are joined once, outside the parts, which keeps its planning short.
@lru_cache(maxsize=64)
def _lists_statement(members: int, read: int, support_read: int) -> Select[Any]:
    """The three lists of a portfolio in one statement, each part reading at most
    ``read`` wishes: filed, supported, shipped."""
    none: ColumnElement[int] = literal_column("0").label("recent")
    if members:
        filed = _most_supported_filed(members, read)
        supported = _latest_supported(members, read, support_read)
        shipped = _latest_shipped(members, read)
        ranked = union_all(
            select(_part(FILED), none, filed.c.id.label("wish_id")),
            select(_part(SUPPORTED), supported.c.recent, supported.c.wish_id),
            select(_part(SHIPPED_PART), shipped.c.recent, shipped.c.wish_id),
        ).subquery()
    else:
        ranked = select(_part(FILED), none, Wish.id.label("wish_id")).where(false()).subquery()
    return _shown(ranked).order_by(
        ranked.c.part,
        ranked.c.recent.desc(),
        Wish.territories_count.desc(),
        Wish.votes_count.desc(),
        Wish.created_at.desc(),
        Wish.id.desc(),
    )


def _lists(territory_ids: list[int]) -> dict[int, list[WishShown]]:
    """The first LIST_LIMIT + 1 wishes of each list, by part (one query)."""
    rows = db.session.execute(
        _lists_statement(len(territory_ids), LIST_LIMIT + 1, SUPPORT_READ), _each(territory_ids)
    )
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
