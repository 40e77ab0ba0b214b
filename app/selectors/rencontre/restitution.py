"""The restitution: the ranked list to freeze, and the frozen entries beside today's
delivery."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    AnswerDecision,
    Event,
    RestitutionEntry,
    RoadmapItem,
    RoadmapStatus,
    Wish,
    WishStatus,
    Workshop,
)
from app.selectors.delivery import delivery_status
from app.selectors.late import delivered_late, period_ended
from app.selectors.rencontre.board import board_rows
from app.selectors.roadmap import roadmap_items_by_wish


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
