"""Concurrent pledges on PostgreSQL: the goal-reached notification goes out once.

Real threads, each with its own session and connection, released together by a
barrier. SQLite serialises writers, so this runs only on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.models import Follow, Notification, Pledge, Role, StatusChange, User
from app.services import funding as services
from tests.threads import run_together

ROUNDS = 4
PLEDGERS = 6


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 4}}


def _race(app, jobs):
    from app.extensions import db

    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(index, job):
        with app.app_context():
            try:
                barrier.wait()
                job(db)
                db.session.commit()
                results[index] = "ok"
            except BaseException as error:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n, job)) for n, job in enumerate(jobs)]
    run_together(threads, timeout=60)
    return results


@pytest.mark.postgres_only
def test_concurrent_pledges_reaching_the_goal_notify_exactly_once(app, db, make, funding):
    follower_id = make.user(role=Role.CLUB_MEMBER).id
    referents = [(u.id, u.territory.slug) for u in (make.user() for _ in range(PLEDGERS))]
    for round_number in range(ROUNDS):
        # Any three of the six pledges reach the goal: several cross it "at once".
        item = funding.item(goal=3000, title=f"Module de bons cadeaux {round_number}")
        db.session.add(Follow(user_id=follower_id, roadmap_item_id=item.id))
        db.session.commit()
        item_id = item.id
        db.session.remove()

        def pledge(user_id, slug, item_id=item_id):
            def job(db):
                services.pledge_set(
                    actor=db.session.get(User, user_id),
                    item_id=item_id,
                    territory_slug=slug,
                    amount=1000,
                )

            return job

        results = _race(app, [pledge(*r) for r in referents])

        assert results == ["ok"] * PLEDGERS
        total = db.session.execute(
            select(func.sum(Pledge.amount)).where(Pledge.roadmap_item_id == item_id)
        ).scalar_one()
        assert total == 6000
        reached = db.session.execute(
            select(func.count()).where(
                StatusChange.roadmap_item_id == item_id, StatusChange.kind == "funding_reached"
            )
        ).scalar_one()
        assert reached == 1
        notified = db.session.execute(
            select(Notification.user_id).where(
                Notification.roadmap_item_id == item_id, Notification.kind == "funding_reached"
            )
        ).scalars()
        assert sorted(notified) == sorted([funding.vendor_id, follower_id])
        db.session.remove()
