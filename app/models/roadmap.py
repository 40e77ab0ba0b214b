from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.catalog import Product
from app.models.enums import RoadmapStatus, Vocabulary, check_known
from app.models.territory import Territory
from app.models.user import User


class RoadmapItem(Base):
    """An item of the vendor's roadmap; ``version`` guards against lost updates."""

    __tablename__ = "roadmap_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    status: Mapped[RoadmapStatus] = mapped_column(
        Vocabulary(RoadmapStatus, 20), default=RoadmapStatus.CONSIDERING, index=True
    )
    target: Mapped[str | None] = mapped_column(String(10), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(80))
    release: Mapped[str | None] = mapped_column(String(80))
    shipped_on: Mapped[date | None] = mapped_column(Date, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Co-funding: the vendor's quote in whole euros, an optional deadline for pledges,
    # when the pledges first reached the goal (its notification goes out once) and
    # when the vendor confirmed the funding (pledges are locked from then on).
    funding_goal: Mapped[int | None] = mapped_column(Integer)
    funding_deadline: Mapped[date | None] = mapped_column(Date)
    funding_reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    funding_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    product: Mapped[Product | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        check_known("status", RoadmapStatus),
        # The board's columns: the first items of each status, walked in its order.
        Index("ix_roadmap_item_status_target", "status", "target", "id"),
        Index("ix_roadmap_item_status_shipped", "status", "shipped_on", "id"),
    )

    @property
    def funding_confirmed(self) -> bool:
        return self.funding_confirmed_at is not None

    @property
    def external_url(self) -> str | None:
        """The external ticket as a link, through the product's tracker pattern."""
        return self.product.ticket_url(self.external_ref) if self.product is not None else None


class Pledge(Base):
    """A territory's promise to pay part of a roadmap item's funding goal (euros)."""

    __tablename__ = "pledge"

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory] = relationship()
    user: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("roadmap_item_id", "territory_id", name="uq_pledge_item_territory"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )


class WishLink(Base):
    __tablename__ = "wish_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), index=True)
    roadmap_item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("wish_id", "roadmap_item_id", name="uq_wish_link_wish_item"),
    )
