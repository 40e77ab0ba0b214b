"""Roadmap progress per target period, and the printable presentation of the roadmap."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, case, distinct, exists, func, select, true, union_all
from sqlalchemy.orm import joinedload

from app.collation import name_key
from app.extensions import db
from app.models import RoadmapItem, RoadmapStatus, Territory, Vote, Wish, WishLink
from app.selectors.dashboard.scope import in_scope

# --- roadmap progress per target period ----------------------------------------------


@dataclass
class PeriodProgress:
    target: str | None
    items: int = 0
    shipped: int = 0
    wishes: int = 0
    wishes_answered: int = 0

    @property
    def items_share(self) -> float | None:
        return self.shipped / self.items if self.items else None

    @property
    def wishes_share(self) -> float | None:
        return self.wishes_answered / self.wishes if self.wishes else None


def _period_key(target: str | None) -> tuple[bool, str]:
    return (target is None, target or "")


def _items_in_scope(scope: Select[int] | None) -> ColumnElement[bool]:
    if scope is None:
        return true()
    scoped_wishes = select(Wish.id).where(in_scope(scope))
    return exists().where(
        WishLink.roadmap_item_id == RoadmapItem.id, WishLink.wish_id.in_(scoped_wishes)
    )


def roadmap_progress(scope: Select[int] | None) -> list[PeriodProgress]:
    """Per target period, two queries whatever the number of items and wishes."""
    shipped = func.sum(case((RoadmapItem.status == RoadmapStatus.SHIPPED, 1), else_=0))
    periods: dict[str | None, PeriodProgress] = {}
    for target, items, n_shipped in db.session.execute(
        select(RoadmapItem.target, func.count(), shipped)
        .where(RoadmapItem.status != RoadmapStatus.CANCELLED, _items_in_scope(scope))
        .group_by(RoadmapItem.target)
    ):
        periods[target] = PeriodProgress(target, int(items), int(n_shipped or 0))
    answered = func.count(
        distinct(case((RoadmapItem.status == RoadmapStatus.SHIPPED, WishLink.wish_id)))
    )
    wish_condition = (
        true() if scope is None else WishLink.wish_id.in_(select(Wish.id).where(in_scope(scope)))
    )
    for target, wishes, n_answered in db.session.execute(
        select(RoadmapItem.target, func.count(distinct(WishLink.wish_id)), answered)
        .join(WishLink, WishLink.roadmap_item_id == RoadmapItem.id)
        .where(RoadmapItem.status != RoadmapStatus.CANCELLED, wish_condition)
        .group_by(RoadmapItem.target)
    ):
        period = periods.setdefault(target, PeriodProgress(target))
        period.wishes, period.wishes_answered = int(wishes), int(n_answered or 0)
    return sorted(periods.values(), key=lambda p: _period_key(p.target))


# --- the printable presentation ------------------------------------------------------


@dataclass
class PresentedItem:
    item: RoadmapItem
    territories: list[str] = field(default_factory=list)
    wishes: int = 0


@dataclass
class PresentedPeriod:
    target: str | None
    items: list[PresentedItem] = field(default_factory=list)

    @property
    def shipped(self) -> int:
        return sum(1 for i in self.items if i.item.status == RoadmapStatus.SHIPPED)


_PRESENTATION_ORDER = (
    RoadmapStatus.SHIPPED,
    RoadmapStatus.IN_TESTING,
    RoadmapStatus.IN_PROGRESS,
    RoadmapStatus.PLANNED,
    RoadmapStatus.CONSIDERING,
    RoadmapStatus.POSTPONED,
    RoadmapStatus.CANCELLED,
)
_STATUS_ORDER = {status: rank for rank, status in enumerate(_PRESENTATION_ORDER)}


def presentation() -> list[PresentedPeriod]:
    """Every roadmap item by target period, with the territories behind it (3 queries)."""
    items = list(
        db.session.execute(
            select(RoadmapItem).options(joinedload(RoadmapItem.product)).order_by(RoadmapItem.id)
        ).scalars()
    )
    wishes_per_item = dict(
        db.session.execute(
            select(WishLink.roadmap_item_id, func.count()).group_by(WishLink.roadmap_item_id)
        ).all()
    )
    behind = union_all(
        select(WishLink.roadmap_item_id.label("item_id"), Wish.territory_id.label("tid")).join(
            Wish, Wish.id == WishLink.wish_id
        ),
        select(WishLink.roadmap_item_id, Vote.territory_id).join(
            Vote, Vote.wish_id == WishLink.wish_id
        ),
    ).subquery()
    names: dict[int, list[str]] = {}
    for item_id, name in db.session.execute(
        select(behind.c.item_id, Territory.name)
        .join(Territory, Territory.id == behind.c.tid)
        .group_by(behind.c.item_id, Territory.name)
    ):
        names.setdefault(item_id, []).append(name)
    for listed in names.values():
        listed.sort(key=name_key)
    periods: dict[str | None, PresentedPeriod] = {}
    for item in items:
        periods.setdefault(item.target, PresentedPeriod(item.target)).items.append(
            PresentedItem(item, names.get(item.id, []), int(wishes_per_item.get(item.id, 0)))
        )
    for period in periods.values():
        period.items.sort(
            key=lambda p: (_STATUS_ORDER.get(p.item.status, 99), -p.wishes, p.item.title)
        )
    return sorted(periods.values(), key=lambda p: _period_key(p.target))
