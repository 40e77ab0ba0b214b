"""Events: a Rencontre with its workshops, territories and referents, and a catalogue."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Event, Role, Workshop
from tests.api.conftest import api, spec  # noqa: F401  (the validating API client)


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


@pytest.fixture
def rencontre(db, make):
    drome = make.territory(name="Drôme Tourisme", slug="drome")
    ardeche = make.territory(name="Ardèche Tourisme", slug="ardeche")
    isere = make.territory(name="Isère Attractivité", slug="isere")
    event = Event(
        name="Rencontre nationale 2023",
        slug="rn-2023",
        location="Orléans",
        starts_on=date(2023, 4, 4),
        ends_on=date(2023, 4, 5),
    )
    db.session.add(event)
    db.session.flush()
    pricing = Workshop(event_id=event.id, title="Tarification", slug="tarification", position=0)
    gateways = Workshop(event_id=event.id, title="Passerelles", slug="passerelles", position=1)
    db.session.add_all([pricing, gateways])
    db.session.commit()
    product, category = make.product(), make.category()
    referents = {
        t.slug: make.user(role=Role.REFERENT, territory=t) for t in (drome, ardeche, isere)
    }

    def wish(title, territory, workshop, supporters=()):
        w = make.wish(
            author=referents[territory.slug],
            title=title,
            product=product,
            category=category,
            supporters=list(supporters),
        )
        w.event_id = event.id
        w.workshop_id = workshop.id
        db.session.commit()
        return w

    return {
        "event": event,
        "pricing": pricing,
        "gateways": gateways,
        "drome": drome,
        "ardeche": ardeche,
        "isere": isere,
        "referents": referents,
        "seasons": wish("Tarification par saison", drome, pricing, [ardeche]),
        "copy": wish("Copier une grille tarifaire", ardeche, pricing),
        "apidae": wish("Passerelle Apidae vers Open Pro", isere, gateways),
        "wish": wish,
    }


def open_vote(db, workshop):
    workshop.is_open = True
    db.session.commit()
