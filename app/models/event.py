from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime


class Event(Base):
    """A meeting (rencontre) where territories hold workshops and write wishes down."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    location: Mapped[str] = mapped_column(String(120), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    dots_per_territory: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # The territory hosting the meeting: its region's referents prepare the event.
    host_territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"))
    restitution_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    restitution_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="event", order_by="Workshop.position"
    )


class Workshop(Base):
    """A topic workshop (atelier) of an event."""

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Dot voting is open only while the facilitator says so.
    is_open: Mapped[bool] = mapped_column(default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="workshops")

    __table_args__ = (UniqueConstraint("event_id", "slug", name="uq_workshop_event_slug"),)
