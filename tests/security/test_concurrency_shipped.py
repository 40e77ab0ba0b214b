"""A roadmap item shipped while a territory supports one of its wishes: the counted
tables end equal to a full recount, whichever transaction commits first.

Real threads on PostgreSQL (SQLite serialises writers, so this runs only there).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest

from app.models import Role, User
from app.services import activity
from app.services import roadmap as roadmap_services
from app.services import votes as vote_services
from tests.counted import assert_as_recounted
from tests.threads import run_together


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 4, "max_overflow": 2}}


@pytest.fixture
def linked(db, make) -> dict[str, int]:
    """A roadmap item linked to one territory's wish, and a referent of another
    territory, committed for the threads to see."""
    filer, voter_territory = make.territory(), make.territory()
    vendor = make.user(role=Role.VENDOR)
    voter = make.user(role=Role.REFERENT, territory=voter_territory)
    wish = make.wish(author=vendor, territory=filer)
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    ids = {"vendor": vendor.id, "voter": voter.id, "wish": wish.id, "item": item.id}
    db.session.remove()
    return ids


def _ship(ids: dict[str, int]) -> None:
    from app.extensions import db

    roadmap_services.roadmap_item_set_status(
        actor=db.session.get(User, ids["vendor"]),
        item_id=ids["item"],
        status="shipped",
        shipped_on=date(2026, 11, 2),
        release="Open Pro 2026.11",
    )


def _vote(ids: dict[str, int]) -> None:
    from app.extensions import db

    vote_services.vote_add(user=db.session.get(User, ids["voter"]), wish_id=ids["wish"])


Writer = tuple[str, Callable[[], None], Callable[[], None]]


def _race(app, *writers: Writer) -> list[BaseException]:
    """Each writer in a thread of its own (named), in its own app context and
    transaction: write, commit, then its ``done`` whatever happened. The errors raised."""
    from app.extensions import db

    errors: list[BaseException] = []

    def run(write: Callable[[], None], done: Callable[[], None]) -> None:
        with app.app_context():
            try:
                write()
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                done()
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=(write, done), name=name) for name, write, done in writers
    ]
    run_together(threads, timeout=30)
    return errors


@pytest.mark.postgres_only
def test_a_vote_while_its_wish_s_item_ships_is_counted_as_shipped(app, db, linked):
    shipped, voted = threading.Event(), threading.Event()

    def ship():
        _ship(linked)
        shipped.set()
        voted.wait(timeout=3)  # the vote commits meanwhile, unless it waits on us

    def vote():
        shipped.wait(timeout=10)
        _vote(linked)

    errors = _race(app, ("ship", ship, shipped.set), ("vote", vote, voted.set))
    assert not errors, errors
    assert_as_recounted(db)
    db.session.rollback()


@pytest.mark.postgres_only
def test_an_item_shipped_while_a_vote_is_pending_counts_the_vote_as_shipped(app, db, linked):
    shipped, voted = threading.Event(), threading.Event()

    def ship():
        voted.wait(timeout=10)
        _ship(linked)

    def vote():
        _vote(linked)
        voted.set()
        shipped.wait(timeout=3)  # the item ships meanwhile, unless it waits on us

    errors = _race(app, ("ship", ship, shipped.set), ("vote", vote, voted.set))
    assert not errors, errors
    assert_as_recounted(db)
    db.session.rollback()


@pytest.mark.postgres_only
def test_a_vote_arriving_as_its_wish_s_item_ships_does_not_deadlock(app, db, linked, monkeypatch):
    """The vote takes the wish's row lock just before the shipping writes the wish's
    ``territory_shipped_wish`` rows: neither may wait on the other in a circle."""
    shipping = threading.Event()
    written_again = activity._shipped_written_again

    def paused(wish_ids):
        if threading.current_thread().name == "ship":
            shipping.set()
            time.sleep(1)  # the vote locks the wish meanwhile
        written_again(wish_ids)

    monkeypatch.setattr(activity, "_shipped_written_again", paused)

    def vote():
        shipping.wait(timeout=10)
        _vote(linked)

    errors = _race(app, ("ship", lambda: _ship(linked), shipping.set), ("vote", vote, lambda: None))
    assert not errors, errors
    assert_as_recounted(db)
    db.session.rollback()
