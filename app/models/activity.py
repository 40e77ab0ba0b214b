"""Counters behind the network's map, kept in step with the wishes and votes they count.

For each wish, its filing territory counts it as *filed* and every other territory with
a vote on it counts it as *supported*, under the wish's product, category, status and
whether it is delivered (all its linked roadmap items shipped). The map sums these rows
instead of grouping every vote of the network: its cost follows the number of
territories and catalogue entries, not the number of wishes or votes.

``ActivityTotal`` is the same count without product and category, which the unfiltered
map (the one projected during meetings) reads: a few rows per territory.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
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
