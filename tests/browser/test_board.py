"""The workshop board on the projector: dots placed from phones move the ranking by
themselves, without a reload, under the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CLUB = "club@demo.example.org"


def _workshop_with_two_wishes():
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Event, Territory, Wish, Workshop

    event = Event(name="Atelier de démonstration du tableau", slug="tableau-en-direct")
    db.session.add(event)
    db.session.flush()
    workshop = Workshop(event_id=event.id, title="Gommettes en direct", slug="direct", is_open=True)
    db.session.add(workshop)
    db.session.flush()
    wishes = list(
        db.session.execute(
            select(Wish).where(Wish.status == "new").order_by(Wish.id).limit(2)
        ).scalars()
    )
    from app.models import WorkshopAgendaItem

    for wish in wishes:
        db.session.add(WorkshopAgendaItem(workshop_id=workshop.id, wish_id=wish.id))
    territories = list(
        db.session.execute(select(Territory.id).order_by(Territory.id).limit(3)).scalars()
    )
    return workshop.id, [w.id for w in wishes], [w.title for w in wishes], territories


def test_the_board_follows_the_dots_without_a_reload(page, live_server, login, shot, csp_errors):
    workshop_id, wish_ids, titles, territories = live_server.add_data(_workshop_with_two_wishes)
    login(page, CLUB)
    page.goto("/events/tableau-en-direct/workshops/direct/board")
    rows = page.locator("[data-board-list] li")
    expect(rows).to_have_count(2)
    page.evaluate("window.__sameDocument = true")

    def place(territory_id, wish_id, count):
        from app.models import User
        from app.services import rencontre

        def _write():
            from sqlalchemy import select

            from app.extensions import db

            vendor = db.session.execute(select(User).where(User.role == "vendor")).scalar()
            rencontre.dots_set(
                actor=vendor,
                workshop_id=workshop_id,
                wish_id=wish_id,
                count=count,
                territory_id=territory_id,
            )

        live_server.add_data(_write)

    # The second wish of the agenda gets the most dots: it climbs to the top.
    place(territories[0], wish_ids[1], 3)
    place(territories[1], wish_ids[1], 2)
    place(territories[2], wish_ids[0], 1)
    expect(rows.first).to_contain_text(titles[1], timeout=15_000)
    expect(rows.first.locator(".dot-board-dots strong")).to_have_text("5")
    expect(page.locator("[data-board-total]")).to_have_text("6")
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    shot(page, "rencontre/board")
    # The facilitator closes the vote: the board says so by itself.
    live_server.add_data(lambda: _close(workshop_id))
    expect(page.locator("[data-board-state]")).to_have_text("Vote fermé", timeout=15_000)
    assert page.evaluate("window.__sameDocument") is True
    assert csp_errors(page) == []


def _close(workshop_id):
    from app.extensions import db
    from app.models import Workshop

    db.session.get(Workshop, workshop_id).is_open = False
