"""A wish's whole story in one timeline, read in two queries whatever its length.

Three sources merged in date order:
- the wish's own history (filed, triaged, linked, unlinked, merged, official answer);
- its supports (a referent's vote, or support recorded on behalf of a territory);
- the status changes of the roadmap items linked to it, from the wish's filing on (an item
  planned, in progress… or shipped, with its release).
Withdrawn supports leave no trace (a vote is deleted), so they are not in the story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    Subquery,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    RoadmapItem,
    RoadmapStatus,
    StatusChange,
    Territory,
    User,
    Vote,
    Wish,
    WishLink,
)
from app.models.base import UTCDateTime
from app.selectors.pagination import Page

TIMELINE_PER_PAGE = 50
# The wish page shows fewer, with links to the next ones: each entry is rendered
# (labels, dates, links), and the story of a popular wish runs to hundreds.
TIMELINE_ON_WISH_PAGE = 20
# Entries at the same instant keep the order in which they happen: filed, then supported,
# then the vendor's moves.
_RANK = {"created": 0, "supported": 1}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str  # a StatusChange kind, or "supported", "item_status", "item_shipped"
    actor: str | None = None
    from_value: str | None = None
    to_value: str | None = None
    note: str = ""
    territory: str | None = None
    on_behalf: bool = False
    item_id: int | None = None
    item_title: str | None = None
    release: str | None = None
    shipped_on: date | None = None


def _entries(*, first: bool = False, with_supports: bool = True) -> Subquery:
    """The union of the three sources for the wish ``:wish_id``, one row per entry, with
    common columns.

    With ``first``, only the earliest ``:first`` supports are kept: all of one kind, they
    keep among themselves the order of the whole story, so a page that ends before
    them needs no more, and a popular wish's page reads a page's worth of votes from
    ``ix_vote_wish_created`` instead of sorting all of them. Without ``with_supports``, the
    wish's own history and its items' changes alone."""
    wish_id = bindparam("wish_id", type_=Integer)
    wish = select(Wish.author_id, Wish.territory_id).where(Wish.id == wish_id).subquery("filed")
    own = select(
        StatusChange.created_at.label("at"),
        StatusChange.kind.label("kind"),
        StatusChange.actor_id.label("actor_id"),
        StatusChange.from_value.label("from_value"),
        StatusChange.to_value.label("to_value"),
        StatusChange.note.label("note"),
        cast(null(), Integer).label("territory_id"),
        cast(literal(False), Boolean).label("on_behalf"),
        cast(null(), Integer).label("item_id"),
        StatusChange.id.label("ident"),
    ).where(StatusChange.wish_id == wish_id)
    supports = (
        select(
            Vote.created_at.label("at"),
            cast(literal("supported"), String(20)).label("kind"),
            func.coalesce(Vote.user_id, Vote.recorded_by_id).label("actor_id"),
            cast(null(), String(80)).label("from_value"),
            cast(null(), String(80)).label("to_value"),
            cast(literal(""), Text).label("note"),
            Vote.territory_id.label("territory_id"),
            Vote.on_behalf.label("on_behalf"),
            cast(null(), Integer).label("item_id"),
            Vote.id.label("ident"),
        )
        .join(wish, true())
        .where(
            Vote.wish_id == wish_id,
            # Filing counts as the filer's support: already told by "filed".
            or_(
                Vote.user_id.is_(None),
                Vote.user_id != func.coalesce(wish.c.author_id, 0),
                Vote.territory_id != wish.c.territory_id,
            ),
        )
    )
    if first:
        earliest = (
            supports.order_by(Vote.created_at, Vote.id)
            .limit(bindparam("first", type_=Integer))
            .subquery()
        )
        supports = select(*earliest.c)
    filed_at = (
        select(StatusChange.created_at)
        .where(StatusChange.wish_id == wish_id, StatusChange.kind == "created")
        .limit(1)
        .scalar_subquery()
    )
    linked = select(WishLink.roadmap_item_id).where(WishLink.wish_id == wish_id)
    items = select(
        StatusChange.created_at,
        case(
            (StatusChange.to_value == RoadmapStatus.SHIPPED, literal("item_shipped")),
            else_=literal("item_status"),
        ),
        StatusChange.actor_id,
        StatusChange.from_value,
        StatusChange.to_value,
        StatusChange.note,
        cast(null(), Integer),
        cast(literal(False), Boolean),
        StatusChange.roadmap_item_id,
        StatusChange.id,
    ).where(
        StatusChange.roadmap_item_id.in_(linked),
        StatusChange.kind == "status",
        StatusChange.created_at >= func.coalesce(filed_at, StatusChange.created_at),
    )
    if not with_supports:
        return own.union_all(items).subquery("entry")
    return own.union_all(supports, items).subquery("entry")


def _total() -> Select[Any]:
    """The number of entries, supports counted from the wish's ``votes_count`` less
    the filer's own vote (told by "filed"): the query reads the wish's own history and
    its items' changes, never its votes, so it costs the same for a wish with 50,000."""
    wish_id = bindparam("wish_id", type_=Integer)
    # Looked up on ``uq_vote_user_wish`` from the wish's author: one entry at most.
    filer_vote = (
        select(func.count(Vote.id))
        .where(
            Vote.user_id == Wish.author_id,
            Vote.wish_id == Wish.id,
            Vote.territory_id == Wish.territory_id,
        )
        .correlate(Wish)
        .scalar_subquery()
    )
    supports = select(Wish.votes_count - filer_vote).where(Wish.id == wish_id).scalar_subquery()
    others = select(func.count()).select_from(_entries(with_supports=False)).scalar_subquery()
    return select(others + func.coalesce(supports, 0))


@cache
def _statements() -> tuple[Select[Any], Select[Any]]:
    """The total's query and the page's, built once: the wish and the page are bound
    parameters, so a request neither rebuilds nor re-keys the three-way union. Each row
    of the page carries the total too, one round trip for both."""
    total = _total()
    entry = _entries(first=True)
    actor = aliased(User)
    rank = case(*((entry.c.kind == kind, literal(value)) for kind, value in _RANK.items()), else_=2)
    page = (
        select(
            type_coerce(entry.c.at, UTCDateTime),
            entry.c.kind,
            actor.display_name,
            entry.c.from_value,
            entry.c.to_value,
            entry.c.note,
            Territory.name,
            entry.c.on_behalf,
            entry.c.item_id,
            RoadmapItem.title,
            RoadmapItem.release,
            RoadmapItem.shipped_on,
            total.scalar_subquery(),
        )
        .select_from(entry)
        .outerjoin(actor, actor.id == entry.c.actor_id)
        .outerjoin(Territory, Territory.id == entry.c.territory_id)
        .outerjoin(RoadmapItem, RoadmapItem.id == entry.c.item_id)
        .order_by(entry.c.at, rank, entry.c.ident)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return total, page


def wish_timeline(wish_id: int, *, page: int = 1, per_page: int = TIMELINE_PER_PAGE) -> Page:
    """One page of the wish's story, oldest first. One query: each row carries the total
    (computed once, uncorrelated), counted apart only when a page past the first is empty."""
    total_query, page_query = _statements()
    rows = db.session.execute(
        page_query,
        {
            "wish_id": wish_id,
            "first": page * per_page,
            "limit": per_page,
            "offset": (page - 1) * per_page,
        },
    ).all()
    if rows or page == 1:
        total = rows[0][12] if rows else 0
    else:
        total = db.session.execute(total_query, {"wish_id": wish_id}).scalar_one()
    return Page(
        items=[
            TimelineEntry(
                at=row[0],
                kind=row[1],
                actor=row[2],
                from_value=row[3],
                to_value=row[4],
                note=row[5] or "",
                territory=row[6],
                on_behalf=bool(row[7]),
                item_id=row[8],
                item_title=row[9],
                release=row[10],
                shipped_on=row[11],
            )
            for row in rows
        ],
        page=page,
        per_page=per_page,
        total=total,
    )
