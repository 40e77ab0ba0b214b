"""Choices for filters and forms (products, categories, territories, clubs, events)."""

from __future__ import annotations

from sqlalchemy import select

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


def events() -> list[Event]:
    return list(db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars())
