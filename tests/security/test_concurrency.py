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
from app.services import votes as vote_services
from app.services.errors import ServiceError
from tests.threads import run_together

THREADS = int(os.environ.get("CONCURRENCY_THREADS", "16"))
OPERATIONS = int(os.environ.get("CONCURRENCY_OPS", "200"))


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 2, "max_overflow": 4}}


def _support(rng, user, wish_ids):
    action = vote_services.vote_add if rng.random() < 0.55 else vote_services.vote_remove
    action(user=user, wish_id=rng.choice(wish_ids))


def _merge(rng, user, wish_ids):
    from app.services.triage import wish_merge

    source, target = rng.sample(wish_ids, 2)
    wish_merge(actor=user, wish_id=source, into_id=target)


def _run(app, user_ids, wish_ids, operations=OPERATIONS, actions=None):
    errors: list[BaseException] = []
    done = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(user_ids))
    actions = actions or {}

    def worker(user_id: int, seed: int) -> None:
        rng = random.Random(seed)
        from app.extensions import db
        from app.models import User

        operation, count = actions.get(user_id, (_support, operations))
        with app.app_context():
            start.wait()
            for _ in range(count):
                try:
                    user = db.session.get(User, user_id)
                    operation(rng, user, wish_ids)
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
    run_together(threads, timeout=600)
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

    assert not errors, "\n\n".join(str(error) for error in errors[:3])
    assert done == THREADS * OPERATIONS
    _assert_counters_equal_rows(db, wish_ids)


def _assert_counters_equal_rows(db, wish_ids):
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


@pytest.mark.postgres_only
def test_concurrent_support_and_merges_keep_counters_exact(app, db, make):
    """Voters support and withdraw while two vendors merge wishes into one another."""
    territories = [make.territory() for _ in range(5)]
    voters = [
        make.user(role=Role.REFERENT, territory=territories[n % len(territories)])
        for n in range(THREADS - 2)
    ]
    vendors = [make.user(role=Role.VENDOR) for _ in range(2)]
    wishes = [make.wish(author=vendors[0], territory=territories[0]) for _ in range(8)]
    wish_ids = [w.id for w in wishes]
    actions = {vendor.id: (_merge, 12) for vendor in vendors}
    user_ids = [u.id for u in voters + vendors]
    db.session.remove()

    errors, done = _run(app, user_ids, wish_ids, operations=OPERATIONS // 2, actions=actions)

    assert not errors, "\n\n".join(str(error) for error in errors[:3])
    assert done > 0
    _assert_counters_equal_rows(db, wish_ids)
    # A duplicate keeps no support of its own, and points at a wish that is not one.
    for wish_id in wish_ids:
        wish = db.session.get(Wish, wish_id)
        if wish.merged_into_id is not None:
            assert wish.status == "duplicate"
            assert wish.votes_count == 0
            assert db.session.get(Wish, wish.merged_into_id).merged_into_id is None
