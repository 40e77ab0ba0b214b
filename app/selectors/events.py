"""Events, their workshops and the wishes captured there (pages, restitution, exports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.collation import by_name, name_key
from app.extensions import db
from app.models import Event, Territory, Vote, Wish, WishStatus, Workshop
from app.selectors.delivery import deliveries_for
from app.selectors.grouping import grouped


def event_list() -> list[tuple[Event, int]]:
    """Events, newest first, each with its number of wishes (one query)."""
    counts = (
        select(Wish.event_id, func.count(Wish.id).label("n"))
        .where(Wish.event_id.is_not(None))
        .group_by(Wish.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Event, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .order_by(Event.starts_on.desc().nulls_last(), Event.id.desc())
    )
    return [(event, count) for event, count in rows.tuples()]


def event_by_slug(slug: str) -> Event | None:
    return db.session.execute(
        select(Event).where(Event.slug == slug).options(selectinload(Event.workshops))
    ).scalar_one_or_none()


def workshop_by_slug(event: Event, slug: str) -> Workshop | None:
    return next((w for w in event.workshops if w.slug == slug), None)


class Supporter(NamedTuple):
    """A supporting territory as the event pages and exports name it."""

    id: int
    name: str
    slug: str


def supporting_territories(wishes: Iterable[Wish]) -> dict[int, list[Supporter]]:
    """For each wish, the territories supporting it besides the filing one (one query;
    three columns a row: a meeting's table lists a few thousand such pairs)."""
    wishes = list(wishes)
    filer = {w.id: w.territory_id for w in wishes}
    if not filer:
        return {}
    rows = db.session.execute(
        select(Vote.wish_id, Territory.id, Territory.name, Territory.slug)
        .join(Territory, Territory.id == Vote.territory_id)
        .where(Vote.wish_id.in_(list(filer)))
        .distinct()
    )
    return grouped(
        (wish_id, Supporter(territory_id, name, slug))
        for wish_id, territory_id, name, slug in sorted(
            rows.tuples(), key=lambda r: (r[0], name_key(r[2]))
        )
        if territory_id != filer[wish_id]
    )


def event_wishes(event_id: int, *, workshop_id: int | None = None) -> list[Wish]:
    query = (
        select(Wish)
        .where(Wish.event_id == event_id, Wish.status != WishStatus.DUPLICATE)
        .options(
            joinedload(Wish.product),
            joinedload(Wish.category),
            joinedload(Wish.territory),
        )
    )
    if workshop_id is not None:
        query = query.where(Wish.workshop_id == workshop_id).order_by(Wish.id.desc())
    else:
        query = query.order_by(
            Wish.territories_count.desc(), Wish.votes_count.desc(), Wish.id.asc()
        )
    return list(db.session.execute(query).scalars().unique())


@dataclass
class WorkshopSection:
    workshop: Workshop | None
    wishes: list[Wish] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.workshop.title if self.workshop else ""


class RestitutionRow(TypedDict):
    """One wish of the restitution's table (its CSV export)."""

    workshop: str
    id: int
    title: str
    product: str
    category: str
    territory: str
    supporters: list[str]
    territories_count: int
    votes_count: int
    status: str
    delivery: str


@dataclass
class EventReport:
    event: Event
    sections: list[WorkshopSection]
    supporters: dict[int, list[Supporter]]
    deliveries: dict[int, str]

    @property
    def wishes(self) -> list[Wish]:
        return [w for s in self.sections for w in s.wishes]

    @cached_property
    def supporter_names(self) -> dict[int, str]:
        """Each wish's other supporting territories as the tables write them, joined
        here once: a meeting's table has a row per wish and a few names in each."""
        return {
            wish_id: ", ".join(t.name for t in territories)
            for wish_id, territories in self.supporters.items()
        }

    @property
    def territories(self) -> list[Territory | Supporter]:
        seen: dict[int, Territory | Supporter] = {}
        for wish in self.wishes:
            seen.setdefault(wish.territory.id, wish.territory)
            for territory in self.supporters.get(wish.id, []):
                seen.setdefault(territory.id, territory)
        return by_name(seen.values())

    def as_rows(self) -> list[RestitutionRow]:
        rows: list[RestitutionRow] = []
        for section in self.sections:
            for wish in section.wishes:
                rows.append(
                    {
                        "workshop": section.title,
                        "id": wish.id,
                        "title": wish.title,
                        "product": wish.product.name,
                        "category": wish.category.name,
                        "territory": wish.territory.name,
                        "supporters": [t.name for t in self.supporters.get(wish.id, [])],
                        "territories_count": wish.territories_count,
                        "votes_count": wish.votes_count,
                        "status": wish.status,
                        "delivery": self.deliveries[wish.id],
                    }
                )
        return rows


def event_report(event: Event) -> EventReport:
    """The event's wishes by workshop (in workshop order; unassigned last), 3 queries."""
    wishes = event_wishes(event.id)
    by_workshop = grouped((wish.workshop_id, wish) for wish in wishes)
    sections = [WorkshopSection(w, by_workshop.pop(w.id, [])) for w in event.workshops]
    leftovers = [w for items in by_workshop.values() for w in items]
    if leftovers:
        sections.append(WorkshopSection(None, leftovers))
    return EventReport(
        event=event,
        sections=sections,
        supporters=supporting_territories(wishes),
        deliveries=deliveries_for(wishes),
    )
