"""Choices for filters and forms (products, categories, territories, clubs, events)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import CompoundSelect, Select, literal, select, union_all

from app.collation import by_name, by_position_and_name, name_key
from app.extensions import db
from app.models import Category, Club, Event, Product, Territory

_Entry = TypeVar("_Entry", Product, Category)


def active_entries_query(model: type[_Entry]) -> Select[_Entry]:
    """The active products or categories in the admin's order; the id breaks ties so
    that pages of the API never overlap."""
    return (
        select(model).where(model.active.is_(True)).order_by(model.position, model.name, model.id)
    )


def active_products() -> list[Product]:
    return by_position_and_name(db.session.execute(active_entries_query(Product)).scalars())


def active_categories() -> list[Category]:
    return by_position_and_name(db.session.execute(active_entries_query(Category)).scalars())


def active_territories() -> list[Territory]:
    return by_name(
        db.session.execute(select(Territory).where(Territory.active.is_(True))).scalars()
    )


def active_clubs() -> list[Club]:
    return by_name(db.session.execute(select(Club).where(Club.active.is_(True))).scalars())


class Choice(NamedTuple):
    slug: str
    name: str


@dataclass(frozen=True)
class ListFilterChoices:
    """What the list's filters offer: active products, categories, territories and
    clubs as light rows with ``slug`` and ``name`` in display order, and the regions."""

    products: tuple[Choice, ...]
    categories: tuple[Choice, ...]
    territories: tuple[Choice, ...]
    clubs: tuple[Choice, ...]
    regions: tuple[str, ...]


_CHOICE_KINDS = ("products", "categories", "territories", "clubs", "regions")


@cache
def _list_filter_choices_statement() -> CompoundSelect[int, str, str, int]:
    """Built once: the statement is the same on every page."""
    position = literal(0).label("position")
    branches = [
        select(literal(kind).label("kind"), model.slug, model.name, rank).where(
            model.active.is_(True)
        )
        for kind, model, rank in (
            (0, Product, Product.position),
            (1, Category, Category.position),
            (2, Territory, position),
            (3, Club, position),
        )
    ]
    branches.append(
        select(literal(4).label("kind"), Territory.region, Territory.region, position).distinct()
    )
    union = union_all(*branches)
    kind, _slug, name, rank = union.selected_columns
    return union.order_by(kind, rank, name)


def list_filter_choices() -> ListFilterChoices:
    """Every choice of the list's filters in one statement (a ``UNION ALL`` tagged by
    kind), with no ORM object built for hundreds of territories on every page."""
    return _grouped_choices(tuple(db.session.execute(_list_filter_choices_statement()).all()))


# Keyed by every row read: a renamed, added or deactivated entry is other rows, so the
# choices are grouped and sorted again, and the same rows (nearly every page) are not.
@lru_cache(maxsize=16)
def _grouped_choices(rows: tuple[tuple[int, str, str, int], ...]) -> ListFilterChoices:
    # One list per kind: choices, but plain names for the regions.
    grouped: list[list[Any]] = [[] for _ in _CHOICE_KINDS]
    regions = len(_CHOICE_KINDS) - 1
    for kind, slug, name, _rank in sorted(rows, key=lambda r: (r[0], r[3], name_key(r[2]))):
        grouped[kind].append(name if kind == regions else Choice(slug, name))
    return ListFilterChoices(
        **{kind: tuple(entries) for kind, entries in zip(_CHOICE_KINDS, grouped, strict=True)}
    )


def events() -> list[Event]:
    return list(db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars())
