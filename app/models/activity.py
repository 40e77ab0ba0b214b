"""Counters behind the network's map, kept in step with the wishes and votes they count.

For each wish, its filing territory counts it as *filed* and every other territory with
a vote on it counts it as *supported*, under the wish's product, category, status and
whether it is delivered (all its linked roadmap items shipped). The map sums these rows
instead of grouping every vote of the network: its cost follows the number of
territories and catalogue entries, not the number of wishes or votes.

``ActivityTotal`` is the same count without product and category, which the unfiltered
map (the one projected during meetings) reads: a few rows per territory.

``ShippedConcern`` lists, for each territory, the wishes it filed or supports that have
a shipped roadmap item: the territory and club pages read their shipped wishes there
instead of probing every shipped item's wishes for the territory's votes. Each row
carries what those pages rank by (the wish's latest delivery, whether it is listed), so
that they read a territory's first rows on an index and nothing of the rest.

``ItemTerritory`` counts, for each roadmap item and territory, the item's linked wishes
that territory filed or supports: the roadmap and shipped pages read an item's
territories from it, a row per territory, instead of every vote on its wishes.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ActivityCount(Base):
    __tablename__ = "territory_activity"

    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    delivered: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    filed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supported: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ActivityTotal(Base):
    __tablename__ = "territory_activity_total"

    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    delivered: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    filed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supported: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ShippedConcern(Base):
    """A wish with at least one shipped roadmap item, once per territory that filed it
    or has a vote on it (whatever the wish's status: ``listed`` is false for a duplicate,
    which readers leave out). ``shipped_on`` is the latest delivery date of the wish's
    shipped items (``NO_DATE`` when none has one)."""

    __tablename__ = "territory_shipped_wish"
    NO_DATE: ClassVar[date] = date(1, 1, 1)

    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), primary_key=True)
    listed: Mapped[bool] = mapped_column(Boolean, server_default=true())
    shipped_on: Mapped[date] = mapped_column(Date, server_default="0001-01-01")

    __table_args__ = (
        Index("ix_territory_shipped_wish_wish", "wish_id"),
        # A territory's listed shipped wishes, latest delivery first, read from the index.
        Index("ix_territory_shipped_wish_rank", "territory_id", "listed", "shipped_on", "wish_id"),
    )


class ItemTerritory(Base):
    """A territory behind a roadmap item: ``wishes`` of the item's linked wishes are
    filed or supported by it (a row back to zero stays, and is not read)."""

    __tablename__ = "roadmap_item_territory"
    # An item's territories with at least one wish, counted or listed from the index.
    __table_args__ = (
        Index("ix_roadmap_item_territory_wishes", "roadmap_item_id", "wishes", "territory_id"),
    )

    roadmap_item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"), primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), primary_key=True)
    wishes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FigureStamp(Base):
    """A token that changes with every write feeding the network's dashboard figures.

    Readers cache those figures under the token they read; a write that changes them
    sets a new random token in the same transaction, so a cached figure is never used
    past the commit that made it stale, in any worker process."""

    __tablename__ = "figure_stamp"

    DASHBOARD: ClassVar[str] = "dashboard"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
