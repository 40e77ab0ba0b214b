from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.roadmap import RoadmapItem
    from app.models.wish import Wish


class Notification(Base):
    """An in-app notification; its text is rendered in the reader's language."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    wish_id: Mapped[int | None] = mapped_column(ForeignKey("wish.id"))
    roadmap_item_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_item.id"))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed: Mapped[bool] = mapped_column(default=False)

    # Fallbacks for the text when the payload lacks a title; load them eagerly.
    wish: Mapped[Wish | None] = relationship()
    roadmap_item: Mapped[RoadmapItem | None] = relationship()

    __table_args__ = (
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_user_created", "user_id", "created_at"),
    )


class OutboxEmail(Base):
    """An e-mail written in the same transaction as the change it reports.

    ``notifications send`` claims pending rows (``claim_token``) before sending, so two
    concurrent runs never send the same message. An ``inert`` row is never sent (a
    password reset asked for an address without an account writes one, so that both
    cases do the same work).
    """

    __tablename__ = "outbox_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_outbox_email_status_next", "status", "next_attempt_at"),)
