"""Concurrent support and withdrawal on PostgreSQL keep the counters equal to the rows.

16 threads × 200 operations by default (``CONCURRENCY_THREADS`` / ``CONCURRENCY_OPS``).
SQLite serialises writers, so this runs only on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import threading

import pytest
from sqlalchemy import distinct, func, select

from app.models import Follow, Role, Vote, Wish
from app.services import wishes as services
from app.services.errors import ServiceError

THREADS = int(os.environ.get("CONCURRENCY_THREADS", "16"))
OPERATIONS = int(os.environ.get("CONCURRENCY_OPS", "200"))


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 2, "max_overflow": 4}}


def _run(app, user_ids, wish_ids):
    errors: list[BaseException] = []
    done = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(user_ids))

    def worker(user_id: int, seed: int) -> None:
        rng = random.Random(seed)
        from app.extensions import db
        from app.models import User

        with app.app_context():
            start.wait()
            for _ in range(OPERATIONS):
                wish_id = rng.choice(wish_ids)
                action = services.vote_add if rng.random() < 0.55 else services.vote_remove
                try:
                    user = db.session.get(User, user_id)
                    action(user=user, wish_id=wish_id)
                    db.session.commit()
                except ServiceError:  # an expected refusal; nothing may be half-written
                    db.session.rollback()
                except BaseException as error:  # noqa: BLE001 - collected and reported
                    db.session.rollback()
                    with lock:
                        errors.append(error)
                else:
                    with lock:
                        done[0] += 1
            db.session.remove()

    threads = [
        threading.Thread(target=worker, args=(user_id, n)) for n, user_id in enumerate(user_ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return errors, done[0]


@pytest.mark.postgres_only
def test_concurrent_support_keeps_counters_exact(app, db, make):
    territories = [make.territory() for _ in range(5)]
    users = [
        make.user(role=Role.REFERENT, territory=territories[n % len(territories)])
        for n in range(THREADS)
    ]
    author = make.user(role=Role.VENDOR)
    wishes = [make.wish(author=author, territory=territories[0]) for _ in range(3)]
    user_ids, wish_ids = [u.id for u in users], [w.id for w in wishes]
    db.session.remove()

    errors, done = _run(app, user_ids, wish_ids)

    assert errors == []
    assert done == THREADS * OPERATIONS
    db.session.expire_all()
    for wish_id in wish_ids:
        wish = db.session.get(Wish, wish_id)
        votes = db.session.execute(
            select(func.count(Vote.id), func.count(distinct(Vote.territory_id))).where(
                Vote.wish_id == wish_id
            )
        ).one()
        assert (wish.votes_count, wish.territories_count) == tuple(votes)
    duplicates = db.session.execute(
        select(Vote.user_id, Vote.wish_id)
        .where(Vote.user_id.is_not(None))
        .group_by(Vote.user_id, Vote.wish_id)
        .having(func.count() > 1)
    ).all()
    assert duplicates == []
    follow_duplicates = db.session.execute(
        select(Follow.user_id, Follow.wish_id)
        .where(Follow.wish_id.is_not(None))
        .group_by(Follow.user_id, Follow.wish_id)
        .having(func.count() > 1)
    ).all()
    assert follow_duplicates == []
