"""A roadmap item shipped while a territory supports one of its wishes: the counted
tables end equal to a full recount, whichever transaction commits first.

Real threads on PostgreSQL (SQLite serialises writers, so this runs only there).
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import select

from app.models import ActivityTotal, ItemTerritory, Role, ShippedConcern, User
from app.services import activity
from app.services import roadmap as roadmap_services
from app.services import votes as vote_services


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 4, "max_overflow": 2}}


def _counted(db) -> dict:
    totals = {
        (r.territory_id, r.status, bool(r.delivered)): (r.filed, r.supported)
        for r in db.session.execute(select(ActivityTotal)).scalars()
        if r.filed or r.supported
    }
    items = {
        (r.roadmap_item_id, r.territory_id): r.wishes
        for r in db.session.execute(select(ItemTerritory)).scalars()
        if r.wishes
    }
    shipped = set(db.session.execute(select(ShippedConcern.territory_id, ShippedConcern.wish_id)))
    return {"totals": totals, "items": items, "shipped": shipped}


@pytest.mark.postgres_only
def test_a_vote_while_its_wish_s_item_ships_is_counted_as_shipped(app, db, make):
    filer, voter_territory = make.territory(), make.territory()
    vendor = make.user(role=Role.VENDOR)
    voter = make.user(role=Role.REFERENT, territory=voter_territory)
    wish = make.wish(author=vendor, territory=filer)
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    ids = {"vendor": vendor.id, "voter": voter.id, "wish": wish.id, "item": item.id}
    db.session.remove()

    shipped, voted = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def ship():
        from app.extensions import db

        with app.app_context():
            try:
                roadmap_services.roadmap_item_set_status(
                    actor=db.session.get(User, ids["vendor"]),
                    item_id=ids["item"],
                    status="shipped",
                    shipped_on=date(2026, 11, 2),
                    release="Open Pro 2026.11",
                )
                shipped.set()
                voted.wait(timeout=3)  # the vote commits meanwhile, unless it waits on us
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
                shipped.set()
            finally:
                db.session.remove()

    def vote():
        from app.extensions import db

        with app.app_context():
            try:
                shipped.wait(timeout=10)
                vote_services.vote_add(user=db.session.get(User, ids["voter"]), wish_id=ids["wish"])
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
            finally:
                voted.set()
                db.session.remove()

    threads = [threading.Thread(target=ship), threading.Thread(target=vote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors

    kept = _counted(db)
    activity.rebuild()
    assert kept == _counted(db)
    db.session.rollback()


@pytest.mark.postgres_only
def test_an_item_shipped_while_a_vote_is_pending_counts_the_vote_as_shipped(app, db, make):
    filer, voter_territory = make.territory(), make.territory()
    vendor = make.user(role=Role.VENDOR)
    voter = make.user(role=Role.REFERENT, territory=voter_territory)
    wish = make.wish(author=vendor, territory=filer)
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    ids = {"vendor": vendor.id, "voter": voter.id, "wish": wish.id, "item": item.id}
    db.session.remove()

    shipped, voted = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def ship():
        from app.extensions import db

        with app.app_context():
            try:
                voted.wait(timeout=10)
                roadmap_services.roadmap_item_set_status(
                    actor=db.session.get(User, ids["vendor"]),
                    item_id=ids["item"],
                    status="shipped",
                    shipped_on=date(2026, 11, 2),
                    release="Open Pro 2026.11",
                )
                db.session.commit()
                shipped.set()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
            finally:
                shipped.set()
                db.session.remove()

    def vote():
        from app.extensions import db

        with app.app_context():
            try:
                vote_services.vote_add(user=db.session.get(User, ids["voter"]), wish_id=ids["wish"])
                voted.set()
                shipped.wait(timeout=3)  # the item ships meanwhile, unless it waits on us
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
            finally:
                voted.set()
                db.session.remove()

    threads = [threading.Thread(target=ship), threading.Thread(target=vote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors

    kept = _counted(db)
    activity.rebuild()
    assert kept == _counted(db)
    db.session.rollback()


@pytest.mark.postgres_only
def test_a_vote_arriving_as_its_wish_s_item_ships_does_not_deadlock(app, db, make, monkeypatch):
    """The vote takes the wish's row lock just before the shipping writes the wish's
    ``territory_shipped_wish`` rows: neither may wait on the other in a circle."""
    filer, voter_territory = make.territory(), make.territory()
    vendor = make.user(role=Role.VENDOR)
    voter = make.user(role=Role.REFERENT, territory=voter_territory)
    wish = make.wish(author=vendor, territory=filer)
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    ids = {"vendor": vendor.id, "voter": voter.id, "wish": wish.id, "item": item.id}
    db.session.remove()

    shipping = threading.Event()
    errors: list[BaseException] = []
    written_again = activity._shipped_written_again

    def paused(wish_ids):
        if threading.current_thread().name == "ship":
            shipping.set()
            time.sleep(1)  # the vote locks the wish meanwhile
        written_again(wish_ids)

    monkeypatch.setattr(activity, "_shipped_written_again", paused)

    def ship():
        from app.extensions import db

        with app.app_context():
            try:
                roadmap_services.roadmap_item_set_status(
                    actor=db.session.get(User, ids["vendor"]),
                    item_id=ids["item"],
                    status="shipped",
                    shipped_on=date(2026, 11, 2),
                    release="Open Pro 2026.11",
                )
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                shipping.set()
                db.session.remove()

    def vote():
        from app.extensions import db

        with app.app_context():
            try:
                shipping.wait(timeout=10)
                vote_services.vote_add(user=db.session.get(User, ids["voter"]), wish_id=ids["wish"])
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ship, name="ship"), threading.Thread(target=vote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors

    kept = _counted(db)
    activity.rebuild()
    assert kept == _counted(db)
    db.session.rollback()
