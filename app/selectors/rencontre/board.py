"""A workshop's board: its wishes with their dots and supporting territories."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import DotVote, Territory, Wish, WishStatus, Workshop, WorkshopAgendaItem


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
    # A union of the two index reads, not ``workshop_id = … OR id IN (…)``: SQLite
    # answers that OR with a scan of every wish.
    on_table = union(
        select(Wish.id.label("wish_id")).where(Wish.workshop_id == workshop_id),
        _workshop_wish_ids(workshop_id),
    ).subquery()
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
        .select_from(on_table)
        .join(Wish, Wish.id == on_table.c.wish_id)
        .join(Territory, Territory.id == Wish.territory_id)
        .outerjoin(dots, dots.c.wish_id == Wish.id)
        .where(Wish.status != WishStatus.DUPLICATE)
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
