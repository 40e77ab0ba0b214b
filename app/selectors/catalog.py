"""Choices for filters and forms (products, categories, territories, clubs, events)."""

from __future__ import annotations

from sqlalchemy import Row, select

from app.extensions import db
from app.models import Category, Club, Event, Product, Territory


def active_products() -> list[Product]:
    return list(
        db.session.execute(
            select(Product).where(Product.active.is_(True)).order_by(Product.position, Product.name)
        ).scalars()
    )


def active_categories() -> list[Category]:
    return list(
        db.session.execute(
            select(Category)
            .where(Category.active.is_(True))
            .order_by(Category.position, Category.name)
        ).scalars()
    )


def active_territories() -> list[Territory]:
    return list(
        db.session.execute(
            select(Territory).where(Territory.active.is_(True)).order_by(Territory.name)
        ).scalars()
    )


def active_clubs() -> list[Club]:
    return list(
        db.session.execute(select(Club).where(Club.active.is_(True)).order_by(Club.name)).scalars()
    )


_CHOICE_ORDER = {
    Product: (Product.position, Product.name),
    Category: (Category.position, Category.name),
    Territory: (Territory.name,),
    Club: (Club.name,),
}


def filter_choices(model: type[Product | Category | Territory | Club]) -> list[Row]:
    """Active rows as light ``(id, slug, name)`` tuples, in display order, for the
    list filters: no ORM objects built for hundreds of territories on every page."""
    return list(
        db.session.execute(
            select(model.id, model.slug, model.name)
            .where(model.active.is_(True))
            .order_by(*_CHOICE_ORDER[model])
        )
    )


def events() -> list[Event]:
    return list(db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars())
