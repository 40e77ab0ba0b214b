"""Reads of the Rencontre cycle: a workshop's board, the ranked list to freeze, the
frozen restitution beside today's delivery, and the review a year later."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypedDict

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.collation import by_name, name_key
from app.extensions import db
from app.models import (
    AnswerDecision,
    Club,
    ClubMembership,
    DotVote,
    Event,
    EventRegistration,
    RestitutionEntry,
    RoadmapItem,
    RoadmapStatus,
    Territory,
    Vote,
    Wish,
    WishStatus,
    Workshop,
    WorkshopAgendaItem,
)
from app.selectors.delivery import delivery_status
from app.selectors.late import delivered_late, period_ended
from app.selectors.roadmap import roadmap_items_by_wish

# --- the board ------------------------------------------------------------------------


def workshop_with_event(workshop_id: int) -> Workshop | None:
    return db.session.execute(
        select(Workshop).where(Workshop.id == workshop_id).options(joinedload(Workshop.event))
    ).scalar_one_or_none()


def _workshop_wish_ids(workshop_id: int) -> Select[int]:
    """Ids of the wishes on a workshop's table: captured there or put on its agenda."""
    return select(WorkshopAgendaItem.wish_id).where(WorkshopAgendaItem.workshop_id == workshop_id)


class BoardWishJson(TypedDict):
    id: int
    title: str
    territory: str


class BoardRowJson(TypedDict):
    wish: BoardWishJson
    dots: int
    territories: int


class BoardWorkshopJson(TypedDict):
    id: int
    slug: str
    title: str
    event: str


class BoardJson(TypedDict):
    workshop: BoardWorkshopJson
    open: bool
    budget: int
    items: list[BoardRowJson]


class ReviewGroupJson(TypedDict):
    retained: int
    delivered: int
    on_time: int
    late: int
    pending: int


@dataclass(frozen=True)
class BoardRow:
    wish_id: int
    title: str
    territory_slug: str
    territory_name: str
    status: str
    dots: int
    territories: int
    supporters: int

    def as_json(self) -> BoardRowJson:
        return {
            "wish": {"id": self.wish_id, "title": self.title, "territory": self.territory_slug},
            "dots": self.dots,
            "territories": self.territories,
        }


@dataclass
class Board:
    workshop: Workshop
    rows: list[BoardRow]

    @property
    def budget(self) -> int:
        return self.workshop.event.dots_per_territory

    @property
    def total_dots(self) -> int:
        return sum(row.dots for row in self.rows)

    def as_json(self) -> BoardJson:
        return {
            "workshop": {
                "id": self.workshop.id,
                "slug": self.workshop.slug,
                "title": self.workshop.title,
                "event": self.workshop.event.slug,
            },
            "open": self.workshop.is_open,
            "budget": self.budget,
            "items": [row.as_json() for row in self.rows],
        }

    def etag(self) -> str:
        """Changes whenever anything shown changes: dots, wishes, titles, open/closed."""
        data = json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(data).hexdigest()[:32]


def board_rows(workshop_id: int) -> list[BoardRow]:
    """The workshop's wishes ranked by dots, then territories that put dots, then
    supporting territories, then oldest first (one query)."""
    dots = (
        select(
            DotVote.wish_id,
            func.sum(DotVote.count).label("dots"),
            func.count(DotVote.territory_id).label("territories"),
        )
        .where(DotVote.workshop_id == workshop_id)
        .group_by(DotVote.wish_id)
        .subquery()
    )
    total = func.coalesce(dots.c.dots, 0)
    territories = func.coalesce(dots.c.territories, 0)
    rows = db.session.execute(
        select(
            Wish.id,
            Wish.title,
            Territory.slug,
            Territory.name,
            Wish.status,
            total,
            territories,
            Wish.territories_count,
        )
        .join(Territory, Territory.id == Wish.territory_id)
        .outerjoin(dots, dots.c.wish_id == Wish.id)
        .where(
            Wish.status != WishStatus.DUPLICATE,
            or_(Wish.workshop_id == workshop_id, Wish.id.in_(_workshop_wish_ids(workshop_id))),
        )
        .order_by(total.desc(), territories.desc(), Wish.territories_count.desc(), Wish.id)
    )
    return [BoardRow(*row) for row in rows]


def board(workshop: Workshop) -> Board:
    return Board(workshop=workshop, rows=board_rows(workshop.id))


def territory_dots(workshop_id: int, territory_id: int) -> dict[int, DotVote]:
    """One territory's dots in a workshop, by wish (one query)."""
    rows = db.session.execute(
        select(DotVote).where(
            DotVote.workshop_id == workshop_id, DotVote.territory_id == territory_id
        )
    ).scalars()
    return {row.wish_id: row for row in rows}


# --- freezing -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedWish:
    wish_id: int
    workshop_id: int | None
    rank: int
    dots: int
    territories_count: int
    status: str


def ranked_event_wishes(event: Event) -> list[RankedWish]:
    """The event's list as it would be handed over: each workshop's board in workshop
    order (rank within the workshop), then wishes of the event written outside any
    workshop. A wish on two workshops' tables counts where it got more dots."""
    workshops = list(
        db.session.execute(
            select(Workshop).where(Workshop.event_id == event.id).order_by(Workshop.position)
        ).scalars()
    )
    best: dict[int, RankedWish] = {}
    order: list[int] = []
    for workshop in workshops:
        for rank, row in enumerate(board_rows(workshop.id), start=1):
            ranked = RankedWish(
                row.wish_id, workshop.id, rank, row.dots, row.supporters, row.status
            )
            if row.wish_id not in best:
                order.append(row.wish_id)
                best[row.wish_id] = ranked
            elif ranked.dots > best[row.wish_id].dots:
                best[row.wish_id] = ranked
    loose = db.session.execute(
        select(Wish.id, Wish.territories_count, Wish.status)
        .where(
            Wish.event_id == event.id,
            Wish.workshop_id.is_(None),
            Wish.status != WishStatus.DUPLICATE,
        )
        .order_by(Wish.territories_count.desc(), Wish.votes_count.desc(), Wish.id)
    )
    rank = 0
    for wish_id, territories_count, status in loose:
        if wish_id not in best:
            rank += 1
            order.append(wish_id)
            best[wish_id] = RankedWish(wish_id, None, rank, 0, territories_count, status)
    by_workshop = {w.id: i for i, w in enumerate(workshops)}
    ordered = [best[wish_id] for wish_id in order]
    # A wish moved to the workshop where it did best: rank again within each workshop.
    ordered.sort(key=lambda r: (by_workshop.get(r.workshop_id or 0, len(workshops)), r.rank))
    result: list[RankedWish] = []
    counters: dict[int | None, int] = defaultdict(int)
    for placed in ordered:
        counters[placed.workshop_id] += 1
        result.append(
            RankedWish(
                placed.wish_id,
                placed.workshop_id,
                counters[placed.workshop_id],
                placed.dots,
                placed.territories_count,
                placed.status,
            )
        )
    return result


# --- the frozen restitution -----------------------------------------------------------


@dataclass
class EntryView:
    entry: RestitutionEntry
    workshop: Workshop | None
    answer_visible: bool
    items: list[RoadmapItem]
    delivery: str

    @property
    def wish(self) -> Wish:
        return self.entry.wish

    @property
    def answer(self) -> RestitutionEntry | None:
        return self.entry if self.answer_visible and self.entry.decision else None

    @property
    def delivered_on(self) -> date | None:
        if self.delivery != RoadmapStatus.SHIPPED:
            return None
        dates = [item.shipped_on for item in self.items if item.shipped_on]
        return max(dates) if dates else None

    def late(self, today: date | None = None) -> bool:
        """A retained answer whose target passed before delivery (or without one)."""
        answer = self.answer
        if answer is None or answer.decision != AnswerDecision.RETAINED:
            return False
        if self.delivery == RoadmapStatus.SHIPPED:
            return delivered_late(answer.target, self.delivered_on)
        return period_ended(answer.target, today)


@dataclass
class Restitution:
    event: Event
    entries: list[EntryView]
    staff: bool

    @property
    def frozen(self) -> bool:
        return self.event.restitution_frozen_at is not None

    @property
    def published(self) -> bool:
        return self.event.restitution_published_at is not None

    @property
    def drafts(self) -> int:
        return sum(1 for e in self.entries if e.entry.decision and not e.entry.published_at)

    def sections(self) -> list[tuple[Workshop | None, list[EntryView]]]:
        grouped: dict[int | None, list[EntryView]] = defaultdict(list)
        workshops: dict[int | None, Workshop | None] = {}
        for view in self.entries:
            key = view.entry.workshop_id
            grouped[key].append(view)
            workshops[key] = view.workshop
        return [(workshops[key], views) for key, views in grouped.items()]


def restitution(event: Event, *, staff: bool) -> Restitution:
    """The frozen entries in handed-over order with today's delivery; answers for
    everyone once published, drafts for the vendor (three queries)."""
    entries = list(
        db.session.execute(
            select(RestitutionEntry)
            .where(RestitutionEntry.event_id == event.id)
            .options(
                joinedload(RestitutionEntry.wish).joinedload(Wish.territory),
                joinedload(RestitutionEntry.wish).joinedload(Wish.product),
            )
            .order_by(RestitutionEntry.position)
        ).scalars()
    )
    workshops = {w.id: w for w in event.workshops}
    items = roadmap_items_by_wish(e.wish_id for e in entries)
    views = []
    for entry in entries:
        linked = items.get(entry.wish_id, [])
        views.append(
            EntryView(
                entry=entry,
                workshop=workshops.get(entry.workshop_id) if entry.workshop_id else None,
                answer_visible=staff or entry.published_at is not None,
                items=linked,
                delivery=delivery_status(entry.wish.status, [i.status for i in linked]),
            )
        )
    return Restitution(event=event, entries=views, staff=staff)


# --- the review, a year later ---------------------------------------------------------


@dataclass
class ReviewItem:
    view: EntryView
    today: date

    @property
    def target(self) -> str | None:
        return self.view.entry.target

    @property
    def delivered_on(self) -> date | None:
        return self.view.delivered_on

    @property
    def delivered(self) -> bool:
        return self.view.delivery == RoadmapStatus.SHIPPED

    @property
    def late(self) -> bool:
        return self.view.late(self.today)

    @property
    def outcome(self) -> str:
        if self.delivered:
            return "late" if self.late else "on_time"
        return "late" if self.late else "pending"


@dataclass
class ReviewGroup:
    name: str
    slug: str
    retained: int = 0
    delivered: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0

    def add(self, item: ReviewItem) -> None:
        self.retained += 1
        self.delivered += item.delivered
        if item.delivered and not item.late:
            self.on_time += 1
        elif item.late:
            self.late += 1
        else:
            self.pending += 1

    def as_json(self) -> ReviewGroupJson:
        return {
            "retained": self.retained,
            "delivered": self.delivered,
            "on_time": self.on_time,
            "late": self.late,
            "pending": self.pending,
        }


@dataclass
class Review:
    event: Event
    items: list[ReviewItem]
    summary: ReviewGroup
    territories: list[ReviewGroup] = field(default_factory=list)
    clubs: list[ReviewGroup] = field(default_factory=list)


def review(event: Event, *, today: date | None = None) -> Review:
    """What was promised against what shipped: each published retained answer with its
    target, delivery date and lateness; totals overall, per territory (filing or
    supporting) and per club (five queries)."""
    today = today or date.today()
    frozen = restitution(event, staff=False)
    items = [
        ReviewItem(view, today)
        for view in frozen.entries
        if view.answer is not None and view.answer.decision == AnswerDecision.RETAINED
    ]
    summary = ReviewGroup(name="", slug="")
    for item in items:
        summary.add(item)
    wish_ids = [item.view.entry.wish_id for item in items]
    by_wish: dict[int, set[int]] = defaultdict(set)
    territories: dict[int, Territory] = {}
    if wish_ids:
        rows = db.session.execute(
            select(Vote.wish_id, Territory)
            .join(Territory, Territory.id == Vote.territory_id)
            .where(Vote.wish_id.in_(wish_ids))
        )
        for wish_id, territory in rows.tuples():
            by_wish[wish_id].add(territory.id)
            territories[territory.id] = territory
    for item in items:
        territory = item.view.wish.territory
        by_wish[item.view.wish.id].add(territory.id)
        territories[territory.id] = territory
    clubs_of: dict[int, list[Club]] = defaultdict(list)
    if territories:
        memberships = db.session.execute(
            select(ClubMembership.territory_id, Club)
            .join(Club, Club.id == ClubMembership.club_id)
            .where(ClubMembership.territory_id.in_(list(territories)))
        )
        for member_id, member_club in memberships.tuples():
            clubs_of[member_id].append(member_club)
    per_territory: dict[int, ReviewGroup] = {}
    per_club: dict[int, ReviewGroup] = {}
    for item in items:
        seen_clubs: set[int] = set()
        for territory_id in sorted(by_wish[item.view.wish.id]):
            territory = territories[territory_id]
            group = per_territory.setdefault(
                territory_id, ReviewGroup(name=territory.name, slug=territory.slug)
            )
            group.add(item)
            for member_of in clubs_of.get(territory_id, []):
                if member_of.id not in seen_clubs:
                    seen_clubs.add(member_of.id)
                    per_club.setdefault(
                        member_of.id, ReviewGroup(name=member_of.name, slug=member_of.slug)
                    ).add(item)
    return Review(
        event=event,
        items=items,
        summary=summary,
        territories=sorted(per_territory.values(), key=lambda g: (-g.retained, name_key(g.name))),
        clubs=sorted(per_club.values(), key=lambda g: (-g.retained, name_key(g.name))),
    )


# --- events, programme ----------------------------------------------------------------


def registered_territories(event_id: int) -> list[Territory]:
    return by_name(
        db.session.execute(
            select(Territory)
            .join(EventRegistration, EventRegistration.territory_id == Territory.id)
            .where(EventRegistration.event_id == event_id)
        ).scalars()
    )


def agendas(event: Event) -> dict[int, list[Wish]]:
    """The wishes put on each workshop's agenda beforehand (one query)."""
    result: dict[int, list[Wish]] = defaultdict(list)
    rows = db.session.execute(
        select(WorkshopAgendaItem.workshop_id, Wish)
        .join(Wish, Wish.id == WorkshopAgendaItem.wish_id)
        .join(Workshop, Workshop.id == WorkshopAgendaItem.workshop_id)
        .where(Workshop.event_id == event.id)
        .options(joinedload(Wish.territory))
        .order_by(WorkshopAgendaItem.id)
    )
    for workshop_id, wish in rows.tuples():
        result[workshop_id].append(wish)
    return result


def events_query() -> Select[Event]:
    """Events with their workshops, newest first."""
    return (
        select(Event)
        .options(selectinload(Event.workshops))
        .order_by(Event.starts_on.desc().nulls_last(), Event.id.desc())
    )


# --- waiting for the vendor -----------------------------------------------------------

WAITING_LIMIT = 100


@dataclass(frozen=True)
class Waiting:
    wish: Wish
    since: datetime
    event: Event | None  # the meeting whose restitution is unanswered, else None

    def days(self, now: datetime | None = None) -> int:
        return max(((now or datetime.now(UTC)) - self.since).days, 0)


def awaiting_answer(territory: Territory) -> list[Waiting]:
    """What the territory filed or supports and still waits on the vendor for, oldest
    first: wishes handed over at a restitution without a published answer (since the
    freeze), and wishes filed and not triaged yet (since filing). Two queries."""
    concerned = or_(
        Wish.territory_id == territory.id,
        Wish.id.in_(select(Vote.wish_id).where(Vote.territory_id == territory.id)),
    )
    handed_over = db.session.execute(
        select(Wish, Event)
        .join(RestitutionEntry, RestitutionEntry.wish_id == Wish.id)
        .join(Event, Event.id == RestitutionEntry.event_id)
        .where(concerned, RestitutionEntry.published_at.is_(None))
        .options(joinedload(Wish.territory))
        .order_by(Event.restitution_frozen_at, Wish.id)
        .limit(WAITING_LIMIT)
    ).tuples()
    result = [
        Waiting(wish, event.restitution_frozen_at, event)
        for wish, event in handed_over
        if event.restitution_frozen_at is not None
    ]
    seen = {w.wish.id for w in result}
    untriaged = db.session.execute(
        select(Wish)
        .where(
            Wish.territory_id == territory.id,
            Wish.status.in_((WishStatus.NEW, WishStatus.UNDER_REVIEW)),
            ~Wish.id.in_(select(RestitutionEntry.wish_id)),
        )
        .options(joinedload(Wish.territory))
        .order_by(Wish.created_at, Wish.id)
        .limit(WAITING_LIMIT)
    ).scalars()
    result += [Waiting(wish, wish.created_at, None) for wish in untriaged if wish.id not in seen]
    return sorted(result, key=lambda w: (w.since, w.wish.id))[:WAITING_LIMIT]


def agenda_candidates(event: Event, *, limit: int = 15) -> list[Wish]:
    """The dashboard's gap list (most supported wishes without a roadmap item), minus
    what is already on this event's agendas: where the next meeting's agenda starts."""
    from app.selectors.dashboard import gap_list

    placed = {wish.id for wishes in agendas(event).values() for wish in wishes}
    return [w for w in gap_list(None, limit=limit + len(placed)) if w.id not in placed][:limit]
