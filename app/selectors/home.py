"""The two homes: the network's story for visitors, the reader's own corner once signed in.

Each read is one bounded query (``LIMIT``) or one aggregate, so a home costs the same
whatever the size of the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, or_, select, true

from app.collation import by_name
from app.extensions import db
from app.models import (
    Club,
    ClubMembership,
    Product,
    RoadmapItem,
    RoadmapStatus,
    Role,
    StatusChange,
    Territory,
    User,
    Vote,
    Wish,
    WishLink,
    WishStatus,
)
from app.selectors.dashboard import scope_for
from app.selectors.territory_map import MiniMap

SHIPPED_SHOWN = 5
IN_PROGRESS_SHOWN = 5
WISHES_SHOWN = 6
ANSWERS_SHOWN = 6
# What the vendor's side does to a wish that its territory waits to hear about.
ANSWER_KINDS = ("status", "link", "official_answer", "merge")
# How many history lines one triage of a wish may leave (status, link, answer, merge).
ANSWER_LINES_PER_WISH = len(ANSWER_KINDS)
SHIPPED_FOR_YOU = 3
IN_PROGRESS = (RoadmapStatus.IN_TESTING, RoadmapStatus.IN_PROGRESS)


@dataclass(frozen=True, slots=True)
class ItemLine:
    id: int
    title: str
    status: str
    product_name: str | None
    target: str | None
    release: str | None
    shipped_on: date | None


@dataclass
class NetworkStory:
    """What the anonymous home tells: figures, latest releases, work in progress, map."""

    wishes_count: int
    territories_count: int
    shipped: list[ItemLine] = field(default_factory=list)
    in_progress: list[ItemLine] = field(default_factory=list)
    map: MiniMap = field(default_factory=MiniMap)


def _items(query: Select[RoadmapItem], limit: int) -> list[ItemLine]:
    rows = db.session.execute(
        query.with_only_columns(
            RoadmapItem.id,
            RoadmapItem.title,
            RoadmapItem.status,
            Product.name,
            RoadmapItem.target,
            RoadmapItem.release,
            RoadmapItem.shipped_on,
        )
        .outerjoin(Product, Product.id == RoadmapItem.product_id)
        .limit(limit)
    ).tuples()
    return [ItemLine(*row) for row in rows]


def latest_shipped(
    limit: int = SHIPPED_SHOWN, *, concerning: ColumnElement[bool] | None = None
) -> list[ItemLine]:
    """The newest shipped items; with ``concerning`` (a condition on ``Wish``), only
    those linked to a wish it holds."""
    query = select(RoadmapItem).where(RoadmapItem.status == RoadmapStatus.SHIPPED)
    if concerning is not None:
        query = query.where(
            RoadmapItem.id.in_(
                select(WishLink.roadmap_item_id)
                .join(Wish, Wish.id == WishLink.wish_id)
                .where(concerning)
            )
        )
    return _items(
        query.order_by(RoadmapItem.shipped_on.desc().nulls_last(), RoadmapItem.id.desc()),
        limit,
    )


def in_progress(limit: int = IN_PROGRESS_SHOWN) -> list[ItemLine]:
    """Items being built or tested, those in testing (closest to shipping) first."""
    return _items(
        select(RoadmapItem)
        .where(RoadmapItem.status.in_(IN_PROGRESS))
        .order_by(
            RoadmapItem.status == RoadmapStatus.IN_PROGRESS,
            RoadmapItem.target.nulls_last(),
            RoadmapItem.id,
        ),
        limit,
    )


def network_map() -> MiniMap:
    """The network's active territories as the small map colours them (one query)."""
    territories = db.session.execute(select(Territory).where(Territory.active.is_(True))).scalars()
    return MiniMap(filed=by_name(territories))


def network_story(*, roadmap: bool) -> NetworkStory:
    """The anonymous home; ``roadmap`` says whether roadmap items may be shown."""
    wishes_count, territories_count = db.session.execute(
        select(
            select(func.count(Wish.id))
            .where(Wish.status != WishStatus.DUPLICATE)
            .scalar_subquery(),
            select(func.count(Territory.id)).where(Territory.active.is_(True)).scalar_subquery(),
        )
    ).one()
    story = NetworkStory(
        wishes_count=wishes_count, territories_count=territories_count, map=network_map()
    )
    if roadmap:
        story.shipped = latest_shipped()
        story.in_progress = in_progress()
    return story


# --- the signed-in home ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WishLine:
    id: int
    title: str
    status: str
    territory_name: str
    territories_count: int
    votes_count: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One move of the vendor's side on a wish the reader's territory cares about."""

    at: datetime
    kind: str
    to_value: str | None
    note: str
    wish_id: int
    wish_title: str
    actor_name: str | None


@dataclass(frozen=True, slots=True)
class ClubLine:
    slug: str
    name: str


@dataclass
class MemberHome:
    """The signed-in home: the reader's territory (or club), its wishes, the answers."""

    territory: Territory | None
    clubs: list[ClubLine]
    wishes: list[WishLine]
    wishes_total: int
    answers: list[AnswerLine]
    shipped: list[ItemLine] = field(default_factory=list)
    to_triage: int | None = None


def _wish_lines(condition: ColumnElement[bool], limit: int) -> tuple[list[WishLine], int]:
    rows = db.session.execute(
        select(
            Wish.id,
            Wish.title,
            Wish.status,
            Territory.name,
            Wish.territories_count,
            Wish.votes_count,
            Wish.updated_at,
            func.count().over(),
        )
        .join(Territory, Territory.id == Wish.territory_id)
        .where(condition, Wish.status != WishStatus.DUPLICATE)
        .order_by(Wish.updated_at.desc(), Wish.id.desc())
        .limit(limit)
    ).all()
    return [WishLine(*row[:7]) for row in rows], (rows[0][7] if rows else 0)


def _answers(condition: ColumnElement[bool], limit: int) -> list[AnswerLine]:
    """The latest answer of each of the ``limit`` wishes answered last.

    One triage often records several lines at once (a status and a link): a bounded
    read of the latest lines, folded by wish, keeps the list to distinct wishes without
    ranking every answer of the scope."""
    rows = db.session.execute(
        select(
            StatusChange.created_at,
            StatusChange.kind,
            StatusChange.to_value,
            StatusChange.note,
            Wish.id,
            Wish.title,
            User.display_name,
        )
        .join(Wish, Wish.id == StatusChange.wish_id)
        .outerjoin(User, User.id == StatusChange.actor_id)
        .where(StatusChange.kind.in_(ANSWER_KINDS), condition)
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(limit * ANSWER_LINES_PER_WISH)
    ).tuples()
    latest: dict[int, AnswerLine] = {}
    for row in rows:
        line = AnswerLine(*row)
        latest.setdefault(line.wish_id, line)
    return list(latest.values())[:limit]


def _clubs(user: User) -> list[ClubLine]:
    if user.club_id is not None:
        query = select(Club.slug, Club.name).where(Club.id == user.club_id)
    elif user.territory_id is not None:
        query = (
            select(Club.slug, Club.name)
            .join(ClubMembership, ClubMembership.club_id == Club.id)
            .where(ClubMembership.territory_id == user.territory_id, Club.active.is_(True))
        )
    else:
        return []
    return by_name(ClubLine(*row) for row in db.session.execute(query).tuples())


def user_clubs(user: User) -> list[ClubLine]:
    """The club a club member belongs to, or the clubs of a referent's territory."""
    return _clubs(user)


def member_home(user: User) -> MemberHome:
    """The reader's home. A referent sees the wishes their territory filed, a club member
    those of the club's territories, the vendor and admins the newest of the network
    and how many wait for triage; everyone the latest answers on wishes of that scope
    (filed or supported by it) and what shipped for them."""
    scope = scope_for(user)
    filed: ColumnElement[bool]
    concerned: ColumnElement[bool]
    if scope is None:
        filed = concerned = true()
    else:
        filed = Wish.territory_id.in_(scope)
        concerned = or_(
            filed, Wish.id.in_(select(Vote.wish_id).where(Vote.territory_id.in_(scope)))
        )
    wishes, total = _wish_lines(filed, WISHES_SHOWN)
    to_triage = None
    if user.role in Role.STAFF:
        to_triage = db.session.execute(
            select(func.count()).select_from(Wish).where(Wish.status == WishStatus.NEW)
        ).scalar_one()
    return MemberHome(
        territory=user.territory,
        clubs=_clubs(user),
        wishes=wishes,
        wishes_total=total,
        answers=_answers(concerned, ANSWERS_SHOWN),
        shipped=latest_shipped(SHIPPED_FOR_YOU, concerning=None if scope is None else concerned),
        to_triage=to_triage,
    )
