from datetime import date

import pytest

from app.models import Event, Workshop


@pytest.fixture
def event(db):
    event = Event(
        name="Rencontre nationale 2023",
        slug="rn-2023",
        location="Orléans",
        starts_on=date(2023, 4, 4),
        ends_on=date(2023, 4, 5),
    )
    db.session.add(event)
    db.session.flush()
    for position, (title, slug) in enumerate(
        [("Tarification", "tarification"), ("Passerelles SIT", "passerelles-sit")]
    ):
        db.session.add(Workshop(event_id=event.id, title=title, slug=slug, position=position))
    db.session.commit()
    return event


@pytest.fixture
def workshop(event):
    return event.workshops[0]


@pytest.fixture
def catalog(make):
    """Territories, a product and a category with known slugs and names."""
    return {
        "drome": make.territory(name="Drôme Tourisme", slug="drome"),
        "ardeche": make.territory(name="Ardèche Tourisme", slug="ardeche"),
        "isere": make.territory(name="Isère Attractivité", slug="isere"),
        "product": make.product(name="Open Pro", slug="open-pro"),
        "category": make.category(name="Tarification", slug="tarification"),
    }
