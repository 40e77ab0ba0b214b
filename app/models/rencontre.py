"""The Rencontre cycle: dot votes in workshops, the registered territories, a workshop's
agenda, and the restitution handed to the vendor with the vendor's answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.enums import AnswerDecision, Vocabulary, check_known
from app.models.territory import Territory
from app.models.user import User
from app.models.wish import Wish


class DotVote(Base):
    """The dots (gommettes) one territory put on one wish in one workshop."""

    __tablename__ = "dot_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    count: Mapped[int] = mapped_column(Integer)
    on_behalf: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory] = relationship()

    __table_args__ = (
        UniqueConstraint("workshop_id", "wish_id", "territory_id", name="uq_dot_vote_cast"),
        CheckConstraint("count > 0", name="positive_count"),
    )


class WorkshopAgendaItem(Base):
    """A wish put on a workshop's agenda beforehand (e.g. from the gap list)."""

    __tablename__ = "workshop_agenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    wish: Mapped[Wish] = relationship()

    __table_args__ = (UniqueConstraint("workshop_id", "wish_id", name="uq_workshop_agenda_pair"),)


class EventRegistration(Base):
    """A territory registered for an event."""

    __tablename__ = "event_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    territory: Mapped[Territory] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "territory_id", name="uq_event_registration_pair"),
    )


class RestitutionEntry(Base):
    """One wish of the list handed to the vendor, as it stood when the list was frozen,
    and the vendor's answer to it (a draft until published)."""

    __tablename__ = "restitution_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"))
    position: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    dots: Mapped[int] = mapped_column(Integer, default=0)
    territories_count: Mapped[int] = mapped_column(Integer, default=0)
    status_at_freeze: Mapped[str] = mapped_column(String(20))
    decision: Mapped[AnswerDecision | None] = mapped_column(Vocabulary(AnswerDecision, 10))
    target: Mapped[str | None] = mapped_column(String(10))
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    wish: Mapped[Wish] = relationship()
    answered_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "wish_id", name="uq_restitution_entry_pair"),
        check_known("decision", AnswerDecision, nullable=True),
    )
