"""The review a year later: what was promised against what shipped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from sqlalchemy import select

from app.collation import name_key
from app.extensions import db
from app.models import AnswerDecision, Club, ClubMembership, Event, RoadmapStatus, Territory, Vote
from app.selectors.grouping import grouped
from app.selectors.rencontre.restitution import EntryView, restitution


class ReviewGroupJson(TypedDict):
    retained: int
    delivered: int
    on_time: int
    late: int
    pending: int


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
        clubs_of = grouped(
            db.session.execute(
                select(ClubMembership.territory_id, Club)
                .join(Club, Club.id == ClubMembership.club_id)
                .where(ClubMembership.territory_id.in_(list(territories)))
            ).tuples()
        )
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
