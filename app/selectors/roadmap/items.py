"""Roadmap items listed: the API's filtered query, the board's status columns, one page
in target order, by period, the choices of a select box, and one item's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, case, func, select, union_all
from sqlalchemy.orm import QueryableAttribute, aliased, joinedload

from app.extensions import db
from app.models import Product, RoadmapItem, RoadmapStatus, StatusChange
from app.selectors.grouping import grouped
from app.selectors.history import history_lines
from app.selectors.late import late_condition
from app.selectors.pagination import Page, paginate


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


def _column_heads(status: str, product: str, size: int) -> list[Select[RoadmapItem]]:
    """The first ``size`` items of one column, in the column's order, as two index
    walks: those with the column's date or period (shipped: delivery date, newest
    first; others: target period), then those without it. Each reads at most ``size``
    entries of ``ix_roadmap_item_status_target`` or ``ix_roadmap_item_status_shipped``,
    however many items the column holds."""
    shipped = status == RoadmapStatus.SHIPPED
    key = RoadmapItem.shipped_on if shipped else RoadmapItem.target
    id_order = RoadmapItem.id.desc() if shipped else RoadmapItem.id
    in_column = select(RoadmapItem).where(RoadmapItem.status == status)
    dated = in_column.where(key.is_not(None)).order_by(key.desc() if shipped else key, id_order)
    undated = in_column.where(key.is_(None)).order_by(id_order)
    return [_for_product(part, product).limit(size) for part in (dated, undated)]


def _column_key(item: RoadmapItem) -> tuple[Any, ...]:
    """:func:`_column_order` in Python, to put the heads of a column back in order."""
    if item.status == RoadmapStatus.SHIPPED:
        day = item.shipped_on
        return (day is None, -day.toordinal() if day is not None else 0, -item.id)
    return (item.target is None, item.target or "", item.id)


def board(*, product: str = "", size: int = BOARD_COLUMN_SIZE) -> list[BoardColumn]:
    """Every status in lifecycle order, with at most ``size`` items each and the
    column's total (two queries whatever the number of items: the heads of every column
    in one ``UNION ALL`` of bounded index walks, and the totals grouped by status)."""
    parts = [
        select(part.subquery())
        for status in RoadmapStatus.ALL
        for part in _column_heads(status, product, size)
    ]
    heads = union_all(*parts).subquery()
    item = aliased(RoadmapItem, heads)
    rows = db.session.execute(select(item).options(joinedload(item.product))).scalars()
    columns = {status: BoardColumn(status, [], 0) for status in RoadmapStatus.ALL}
    for row in rows:
        columns.setdefault(row.status, BoardColumn(row.status, [], 0)).items.append(row)
    for column in columns.values():
        column.items = sorted(column.items, key=_column_key)[:size]
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
    groups = grouped((item.target, item) for item in items)
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
    return history_lines(StatusChange.roadmap_item_id == item_id)
