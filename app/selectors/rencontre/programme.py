"""Events and their programme: registered territories, workshop agendas, and what a
territory still waits on the vendor for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.collation import by_name
from app.extensions import db
from app.models import (
    Event,
    EventRegistration,
    RestitutionEntry,
    Territory,
    Vote,
    Wish,
    WishStatus,
    Workshop,
    WorkshopAgendaItem,
)
from app.selectors.grouping import grouped


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
    rows = db.session.execute(
        select(WorkshopAgendaItem.workshop_id, Wish)
        .join(Wish, Wish.id == WorkshopAgendaItem.wish_id)
        .join(Workshop, Workshop.id == WorkshopAgendaItem.workshop_id)
        .where(Workshop.event_id == event.id)
        .options(joinedload(Wish.territory))
        .order_by(WorkshopAgendaItem.id)
    )
    return grouped(rows.tuples())


def events_query() -> Select[Event]:
    """Events with their workshops, newest first."""
    return (
        select(Event)
        .options(selectinload(Event.workshops))
        .order_by(Event.starts_on.desc().nulls_last(), Event.id.desc())
    )


WAITING_LIMIT = 100


@dataclass(frozen=True)
class Waiting:
    """A wish waiting on the vendor, as the territory page lists it: read as a row."""

    wish_id: int
    title: str
    territory_id: int
    territory_name: str
    since: datetime
    event_name: str | None  # the meeting whose restitution is unanswered, else None

    def days(self, now: datetime | None = None) -> int:
        return max(((now or datetime.now(UTC)) - self.since).days, 0)


def _waiting_columns() -> Select[int, str, int, str]:
    return select(Wish.id, Wish.title, Wish.territory_id, Territory.name).join(
        Territory, Territory.id == Wish.territory_id
    )


def awaiting_answer(territory: Territory) -> list[Waiting]:
    """What the territory filed or supports and still waits on the vendor for, oldest
    first: wishes handed over at a restitution without a published answer (since the
    freeze), and wishes filed and not triaged yet (since filing). Three queries at most.

    The unanswered entries are read first and the territory checked on each (its
    filing, its vote on the (wish, territory) index): the read follows the frozen
    restitutions, not the territory's wishes and votes."""
    unanswered = list(
        db.session.execute(
            select(RestitutionEntry.wish_id)
            .join(Event, Event.id == RestitutionEntry.event_id)
            .where(
                RestitutionEntry.published_at.is_(None),
                Event.restitution_frozen_at.is_not(None),
            )
        ).scalars()
    )
    result: list[Waiting] = []
    if unanswered:
        concerned = or_(
            Wish.territory_id == territory.id,
            exists().where(Vote.wish_id == Wish.id, Vote.territory_id == territory.id),
        )
        handed_over = db.session.execute(
            _waiting_columns()
            .add_columns(Event.restitution_frozen_at, Event.name)
            .join(RestitutionEntry, RestitutionEntry.wish_id == Wish.id)
            .join(Event, Event.id == RestitutionEntry.event_id)
            .where(
                Wish.id.in_(sorted(set(unanswered))),
                RestitutionEntry.published_at.is_(None),
                Event.restitution_frozen_at.is_not(None),
                concerned,
            )
            .order_by(Event.restitution_frozen_at, Wish.id)
            .limit(WAITING_LIMIT)
        ).tuples()
        result = [
            Waiting(wish_id, title, territory_id, territory_name, frozen_at, event_name)
            for wish_id, title, territory_id, territory_name, frozen_at, event_name in handed_over
            if frozen_at is not None
        ]
    seen = {w.wish_id for w in result}
    untriaged = db.session.execute(
        _waiting_columns()
        .add_columns(Wish.created_at)
        .where(
            Wish.territory_id == territory.id,
            Wish.status.in_((WishStatus.NEW, WishStatus.UNDER_REVIEW)),
            ~Wish.id.in_(select(RestitutionEntry.wish_id)),
        )
        .order_by(Wish.created_at, Wish.id)
        .limit(WAITING_LIMIT)
    ).tuples()
    result += [
        Waiting(wish_id, title, territory_id, territory_name, created_at, None)
        for wish_id, title, territory_id, territory_name, created_at in untriaged
        if wish_id not in seen
    ]
    return sorted(result, key=lambda w: (w.since, w.wish_id))[:WAITING_LIMIT]


def agenda_candidates(agendas: dict[int, list[Wish]], *, limit: int = 15) -> list[Wish]:
    """The dashboard's gap list (most supported wishes without a roadmap item), minus
    what is already on the event's ``agendas`` (as :func:`agendas` read them): where the
    next meeting's agenda starts."""
    from app.selectors.dashboard import gap_list

    placed = {wish.id for wishes in agendas.values() for wish in wishes}
    return [w for w in gap_list(None, limit=limit + len(placed)) if w.id not in placed][:limit]
