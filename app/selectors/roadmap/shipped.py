"""What shipped, filtered by territory, club, product, period or date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Club,
    ClubMembership,
    Product,
    RoadmapItem,
    RoadmapStatus,
    ShippedConcern,
    Territory,
    Wish,
    WishLink,
)
from app.selectors.filters import QueryFilters
from app.selectors.late import period_bounds

# --- what shipped --------------------------------------------------------------------


@dataclass
class ShippedFilters(QueryFilters):
    territory: str = ""
    club: str = ""
    product: str = ""
    period: str = ""
    since: str = ""

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


def _items_for_territories(territory_ids: Any) -> Select[int]:
    """Ids of items linked to wishes filed or supported by these territories, of which
    only the shipped ones are asked for: read from the territories' shipped wishes
    (``territory_shipped_wish``), not from every wish and vote of theirs."""
    return (
        select(WishLink.roadmap_item_id)
        .join(ShippedConcern, ShippedConcern.wish_id == WishLink.wish_id)
        .where(ShippedConcern.territory_id.in_(territory_ids))
    )


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
