"""Roadmap reads shared by pages and API: board, periods, item page, what shipped.

Every function issues a fixed number of queries whatever the number of items, wishes
or territories (aggregates grouped by item, eager loading).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypeVarTuple

from flask_babel import gettext as _
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    Subquery,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute, aliased, joinedload

from app.collation import name_key
from app.extensions import db
from app.models import (
    Club,
    ClubMembership,
    Product,
    RoadmapItem,
    RoadmapStatus,
    StatusChange,
    Territory,
    Vote,
    Wish,
    WishLink,
)
from app.selectors.late import late_condition, period_bounds
from app.selectors.pagination import Page, paginate


def roadmap_items_by_wish(
    wish_ids: Iterable[int], *, newest_delivery_first: bool = False
) -> dict[int, list[RoadmapItem]]:
    """The roadmap items linked to each wish, in one query (by id, or the latest
    deliveries first)."""
    ids = list(set(wish_ids))
    result: dict[int, list[RoadmapItem]] = defaultdict(list)
    if not ids:
        return result
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
    for wish_id, item in rows.tuples():
        result[wish_id].append(item)
    return result


def roadmap_items_for_wish(wish_id: int) -> list[RoadmapItem]:
    return roadmap_items_by_wish([wish_id])[wish_id]


# --- aggregates ----------------------------------------------------------------------


def _item_territory_pairs(item_ids: Iterable[int] | None = None) -> Subquery:
    """(item id, territory id) for the territories behind each item's wishes: the
    filing territory and every supporting territory."""
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
    return union(filed, supported).subquery()


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
    pairs = _item_territory_pairs(ids)
    for item_id, count in db.session.execute(
        select(pairs.c.item_id, func.count(distinct(pairs.c.tid))).group_by(pairs.c.item_id)
    ):
        result[item_id].territories = count
    return result


def territories_by_item(item_ids: Iterable[int]) -> dict[int, list[Territory]]:
    """The territories behind each item's wishes, sorted by name (one query)."""
    ids = list(item_ids)
    result: dict[int, list[Territory]] = defaultdict(list)
    if not ids:
        return result
    pairs = _item_territory_pairs(ids)
    rows = db.session.execute(
        select(pairs.c.item_id, Territory).join(Territory, Territory.id == pairs.c.tid)
    )
    for item_id, territory in sorted(rows, key=lambda row: name_key(row[1].name)):
        result[item_id].append(territory)
    return result


def territories_by_wish(wish_ids: Iterable[int]) -> dict[int, list[Territory]]:
    """Filing and supporting territories of each wish, sorted by name (one query)."""
    ids = list(wish_ids)
    result: dict[int, list[Territory]] = defaultdict(list)
    if not ids:
        return result
    pairs = union(
        select(Wish.id.label("wish_id"), Wish.territory_id.label("tid")).where(Wish.id.in_(ids)),
        select(Vote.wish_id.label("wish_id"), Vote.territory_id.label("tid")).where(
            Vote.wish_id.in_(ids)
        ),
    ).subquery()
    rows = db.session.execute(
        select(pairs.c.wish_id, Territory).join(Territory, Territory.id == pairs.c.tid)
    )
    for wish_id, territory in sorted(rows, key=lambda row: name_key(row[1].name)):
        result[wish_id].append(territory)
    return result


def wishes_by_item(item_ids: Iterable[int]) -> dict[int, list[Wish]]:
    """Linked wishes of each item, most supported first (one query)."""
    ids = list(item_ids)
    result: dict[int, list[Wish]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.execute(
        select(WishLink.roadmap_item_id, Wish)
        .join(Wish, Wish.id == WishLink.wish_id)
        .where(WishLink.roadmap_item_id.in_(ids))
        .options(joinedload(Wish.territory), joinedload(Wish.product))
        .order_by(Wish.territories_count.desc(), Wish.votes_count.desc(), Wish.id)
    ).unique()
    for item_id, wish in rows:
        result[item_id].append(wish)
    return result


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
) -> Select[RoadmapItem]:
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


# --- board and periods ---------------------------------------------------------------


_Ts = TypeVarTuple("_Ts")

BOARD_COLUMN_SIZE = 20
"""Items shown in each column of the board; a longer column links to its own list."""


def _for_product(query: Select[*_Ts], product: str) -> Select[*_Ts]:
    if not product:
        return query
    return query.where(
        RoadmapItem.product_id
        == select(Product.id).where(Product.slug == product).scalar_subquery()
    )


def _target_order() -> tuple[
    ColumnElement[bool], QueryableAttribute[str | None], QueryableAttribute[int]
]:
    """Target period order: a year before its quarters, items without a target last."""
    return RoadmapItem.target.is_(None), RoadmapItem.target, RoadmapItem.id


def _column_order() -> tuple[ColumnElement[Any], ...]:
    """Order of the items within one status column: shipped ones most recent delivery
    first, the others in target order. Every row of a column has the same status, so
    the keys of the other branch are constant there."""
    shipped = RoadmapItem.status == RoadmapStatus.SHIPPED
    return (
        case((shipped, RoadmapItem.shipped_on.is_(None)), else_=RoadmapItem.target.is_(None)),
        case((shipped, RoadmapItem.shipped_on)).desc(),
        case((shipped, None), else_=RoadmapItem.target),
        case((shipped, -RoadmapItem.id), else_=RoadmapItem.id),
    )


@dataclass
class BoardColumn:
    status: str
    items: list[RoadmapItem]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)


def board(*, product: str = "", size: int = BOARD_COLUMN_SIZE) -> list[BoardColumn]:
    """Every status in lifecycle order, with at most ``size`` items each and the
    column's total (two queries whatever the number of items: the first ``size`` of
    each status through ``row_number() over (partition by status …)``, and the totals
    grouped by status)."""
    ranked = _for_product(
        select(
            RoadmapItem,
            func.row_number()
            .over(partition_by=RoadmapItem.status, order_by=_column_order())
            .label("position"),
        ),
        product,
    ).subquery()
    item = aliased(RoadmapItem, ranked)
    rows = db.session.execute(
        select(item)
        .where(ranked.c.position <= size)
        .options(joinedload(item.product))
        .order_by(ranked.c.position)
    ).scalars()
    columns = {status: BoardColumn(status, [], 0) for status in RoadmapStatus.ALL}
    for row in rows:
        columns.setdefault(row.status, BoardColumn(row.status, [], 0)).items.append(row)
    totals = _for_product(
        select(RoadmapItem.status, func.count()).group_by(RoadmapItem.status), product
    )
    for status, total in db.session.execute(totals):
        columns.setdefault(status, BoardColumn(status, [], 0)).total = total
    return list(columns.values())


def roadmap_page(
    *, product: str = "", status: str = "", late: bool = False, page: int, per_page: int
) -> Page:
    """One page of the items in target order (the periods), or of one status column in
    the board's order (two queries: the total, then the rows); ``late``: only the items
    past their target period."""
    query = _for_product(select(RoadmapItem), product)
    count = _for_product(select(func.count()).select_from(RoadmapItem), product)
    if late:
        query = query.where(late_condition())
        count = count.where(late_condition())
    if status:
        query = query.where(RoadmapItem.status == status).order_by(*_column_order())
        count = count.where(RoadmapItem.status == status)
    else:
        query = query.order_by(*_target_order())
    return paginate(
        query.options(joinedload(RoadmapItem.product)),
        page=page,
        per_page=per_page,
        count_query=count,
    )


def by_period(items: list[RoadmapItem]) -> list[tuple[str | None, list[RoadmapItem]]]:
    """Items (one page of them) grouped by target period, in time order; a year before
    its quarters and items without a target last."""
    groups: dict[str | None, list[RoadmapItem]] = defaultdict(list)
    for item in items:
        groups[item.target].append(item)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))


def roadmap_choices() -> list[RoadmapItem]:
    """Items a wish can be linked to (for select boxes), open ones first."""
    return list(
        db.session.execute(
            select(RoadmapItem).order_by(
                RoadmapItem.status.in_((RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)),
                RoadmapItem.title,
            )
        ).scalars()
    )


# --- item page -----------------------------------------------------------------------


def item_detail(item_id: int) -> RoadmapItem | None:
    return db.session.execute(
        select(RoadmapItem)
        .where(RoadmapItem.id == item_id)
        .options(joinedload(RoadmapItem.product), joinedload(RoadmapItem.created_by))
    ).scalar_one_or_none()


def item_history(item_id: int) -> list[StatusChange]:
    return list(
        db.session.execute(
            select(StatusChange)
            .where(StatusChange.roadmap_item_id == item_id)
            .options(joinedload(StatusChange.actor))
            .order_by(StatusChange.created_at, StatusChange.id)
        ).scalars()
    )


# --- what shipped --------------------------------------------------------------------


@dataclass
class ShippedFilters:
    territory: str = ""
    club: str = ""
    product: str = ""
    period: str = ""
    since: str = ""

    @classmethod
    def from_args(cls, args: Any) -> ShippedFilters:
        return cls(**{f.name: (args.get(f.name) or "").strip() for f in fields(cls)})

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def period_range(self) -> tuple[date, date] | None:
        """First and last day of ``period`` (``2024`` or ``2024-T2``), None if invalid."""
        return period_bounds(self.period)

    def since_date(self) -> date | None:
        try:
            return date.fromisoformat(self.since) if self.since else None
        except ValueError:
            return None

    def errors(self) -> dict[str, str]:
        problems = {}
        if self.period and self.period_range() is None:
            problems["period"] = _("Période invalide : une année (2024) ou un trimestre (2024-T2).")
        if self.since and self.since_date() is None:
            problems["since"] = _("Date invalide (AAAA-MM-JJ).")
        return problems


def shipped_filter_names(filters: ShippedFilters) -> dict[str, str]:
    """Names of the territory, club and product the filters name (one query at most)."""
    parts = []
    if filters.territory:
        parts.append(
            select(literal("territory").label("kind"), Territory.name).where(
                Territory.slug == filters.territory
            )
        )
    if filters.club:
        parts.append(select(literal("club"), Club.name).where(Club.slug == filters.club))
    if filters.product:
        parts.append(
            select(literal("product"), Product.name).where(Product.slug == filters.product)
        )
    if not parts:
        return {}
    query = parts[0] if len(parts) == 1 else union_all(*parts)
    return {kind: name for kind, name in db.session.execute(query)}


def _items_for_territories(territory_ids: Any) -> CompoundSelect[int]:
    """Ids of items linked to wishes filed or supported by these territories."""
    filed = (
        select(WishLink.roadmap_item_id)
        .join(Wish, Wish.id == WishLink.wish_id)
        .where(Wish.territory_id.in_(territory_ids))
    )
    supported = (
        select(WishLink.roadmap_item_id)
        .join(Vote, Vote.wish_id == WishLink.wish_id)
        .where(Vote.territory_id.in_(territory_ids))
    )
    return union(filed, supported)


def shipped_items(filters: ShippedFilters) -> Select[RoadmapItem]:
    """Shipped items matching the filters, newest delivery first."""
    query = (
        select(RoadmapItem)
        .where(RoadmapItem.status == RoadmapStatus.SHIPPED)
        .options(joinedload(RoadmapItem.product))
    )
    if filters.territory:
        territory_ids = select(Territory.id).where(Territory.slug == filters.territory)
        query = query.where(RoadmapItem.id.in_(_items_for_territories(territory_ids)))
    if filters.club:
        member_ids = select(ClubMembership.territory_id).where(
            ClubMembership.club_id
            == select(Club.id).where(Club.slug == filters.club).scalar_subquery()
        )
        query = query.where(RoadmapItem.id.in_(_items_for_territories(member_ids)))
    if filters.product:
        product_id = select(Product.id).where(Product.slug == filters.product).scalar_subquery()
        linked = (
            select(WishLink.roadmap_item_id)
            .join(Wish, Wish.id == WishLink.wish_id)
            .where(Wish.product_id == product_id)
        )
        query = query.where(or_(RoadmapItem.product_id == product_id, RoadmapItem.id.in_(linked)))
    period = filters.period_range()
    if period is not None:
        query = query.where(RoadmapItem.shipped_on.between(*period))
    since = filters.since_date()
    if since is not None:
        query = query.where(RoadmapItem.shipped_on >= since)
    return query.order_by(RoadmapItem.shipped_on.desc(), RoadmapItem.id.desc())
