from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.catalog import Category, Product
from app.models.enums import HistoryKind, Vocabulary, WishStatus, check_known
from app.models.territory import Territory
from app.models.user import User


class Wish(Base):
    """An improvement request filed by a territory.

    ``votes_count``, ``territories_count`` and ``providers_count`` are counters kept in
    step with the ``vote`` rows inside the transaction that changes them.
    """

    __tablename__ = "wish"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Old values kept on change: the search vocabulary uncounts the words they lose.
    title: Mapped[str] = mapped_column(String(160), active_history=True)
    body: Mapped[str] = mapped_column(Text, default="", active_history=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[WishStatus] = mapped_column(
        Vocabulary(WishStatus, 20), default=WishStatus.NEW, index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("wish.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"), index=True)
    providers_asking: Mapped[int | None] = mapped_column(Integer)
    votes_count: Mapped[int] = mapped_column(Integer, default=0)
    territories_count: Mapped[int] = mapped_column(Integer, default=0)
    providers_count: Mapped[int] = mapped_column(Integer, default=0)
    comments_count: Mapped[int] = mapped_column(Integer, default=0)
    # Stemmed, accent-free text of the title and body, indexed for full-text search
    # (app/search/index.py); set from title/body on every ORM insert or update.
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )

    product: Mapped[Product] = relationship()
    category: Mapped[Category] = relationship()
    territory: Mapped[Territory] = relationship()
    author: Mapped[User | None] = relationship()
    merged_into: Mapped[Wish | None] = relationship(remote_side=[id])

    __table_args__ = (
        check_known("status", WishStatus),
        Index(
            "ix_wish_rank_support", "territories_count", "votes_count", "created_at", "id", "status"
        ),
        Index("ix_wish_rank_votes", "votes_count", "created_at"),
        Index("ix_wish_rank_providers", "providers_count", "created_at"),
        # Filter + default sort (DESIGN §5): one index walk per filtered list page.
        Index("ix_wish_status_rank", "status", "territories_count", "votes_count", "created_at"),
        # The product and category indexes hold the status too (0011): counting a
        # product's accepted wishes reads the index only.
        Index(
            "ix_wish_product_rank",
            "product_id",
            "territories_count",
            "votes_count",
            "created_at",
            "status",
        ),
        Index(
            "ix_wish_category_rank",
            "category_id",
            "territories_count",
            "votes_count",
            "created_at",
            "status",
        ),
        Index(
            "ix_wish_territory_rank",
            "territory_id",
            "territories_count",
            "votes_count",
            "created_at",
            "status",  # covering: region counts and page ids read the index only (0010)
        ),
        Index("ix_wish_event_rank", "event_id", "territories_count", "votes_count", "created_at"),
        # A territory's oldest wishes first (what waits on the vendor): a walk that stops
        # at the page's limit, not a sort of all the territory's wishes.
        Index("ix_wish_territory_created", "territory_id", "created_at", "id"),
    )

    @property
    def is_closed(self) -> bool:
        """Declined and duplicate wishes take no new support."""
        return self.status in WishStatus.CLOSED_TO_SUPPORT

    def can_be_supported_by(self, user: User | None) -> bool:
        """Whether ``user``'s role may support wishes and this one still takes support
        (the service decides the rest: territory, vote already cast)."""
        return (
            not self.is_closed
            and user is not None
            and bool(user.is_authenticated)
            and user.can_support
        )

    def __repr__(self) -> str:
        return f"<Wish {self.id} {self.title!r}>"


# Ranking by the providers the author declared: undeclared counts as none (last).
Index(
    "ix_wish_rank_providers_asking",
    func.coalesce(Wish.providers_asking, 0),
    Wish.votes_count,
    Wish.created_at,
)


class Vote(Base):
    """Support for a wish.

    A personal vote has ``user_id`` (one per user and wish). Support recorded on behalf
    of a territory (at a workshop, by the vendor, from an import) has no ``user_id`` but
    ``behalf_territory_id`` (one per territory and wish); ``recorded_by_id`` says who.
    """

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    on_behalf: Mapped[bool] = mapped_column(default=False)
    behalf_territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    territory: Mapped[Territory] = relationship(foreign_keys=[territory_id])

    __table_args__ = (
        UniqueConstraint("user_id", "wish_id", name="uq_vote_user_wish"),
        UniqueConstraint("behalf_territory_id", "wish_id", name="uq_vote_behalf_territory_wish"),
        # A wish's votes in date order, and each territory's in date order: the
        # timeline's first page and a territory's first supporters read a page's worth
        # of entries, however many votes the wish has (0025).
        Index("ix_vote_wish_created", "wish_id", "created_at", "id"),
        Index("ix_vote_wish_territory", "wish_id", "territory_id", "created_at", "id"),
        Index("ix_vote_territory_recent", "territory_id", "id"),
    )


class WishSupport(Base):
    """A territory's support of a wish, counted: its personal votes and whether support
    was recorded on its behalf. Kept in step with the ``vote`` rows by the services that
    write them (``app/services/votes.py``), so the wish page reads one row per
    supporting territory instead of every vote. A row whose votes fell to none and that
    has no support on behalf stays, and counts as no support."""

    __tablename__ = "wish_support"

    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"), primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), primary_key=True)
    votes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    on_behalf: Mapped[bool] = mapped_column(default=False, server_default=false())


class Comment(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    is_official: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A deleted comment keeps its place in the thread; its text lives on in a revision.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()

    __table_args__ = (
        # A page of a wish's thread, oldest first, reads its 50 entries (0025).
        Index("ix_comment_wish_created", "wish_id", "created_at", "id"),
    )


class CommentRevision(Base):
    """A comment's text as it was before an edit or a deletion: never updated."""

    __tablename__ = "comment_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(10))  # "edit" or "delete"
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Follow(Base):
    """A user's subscription to a wish or a roadmap item.

    An unfollow keeps the row with ``active=False`` so later actions do not silently
    subscribe the user again.
    """

    __tablename__ = "follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    wish_id: Mapped[int | None] = mapped_column(ForeignKey("wish.id"), index=True)
    roadmap_item_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "wish_id", name="uq_follow_user_wish"),
        UniqueConstraint("user_id", "roadmap_item_id", name="uq_follow_user_roadmap_item"),
    )


class StatusChange(Base):
    """One line of history: never updated, never deleted.

    ``kind`` says what happened (:class:`HistoryKind`): ``merge`` on the merged wish,
    ``merged_from`` on the wish that absorbed it.
    """

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int | None] = mapped_column(ForeignKey("wish.id"), index=True)
    roadmap_item_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[HistoryKind] = mapped_column(Vocabulary(HistoryKind, 20))
    from_value: Mapped[str | None] = mapped_column(String(80))
    to_value: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (check_known("kind", HistoryKind),)
