"""Concurrent writes on PostgreSQL: two vendors on one roadmap item, crossed merges.

Real threads, each with its own session and connection; a barrier makes them write at
the same moment. SQLite serialises writers, so this runs only on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import distinct, func, select

from app.models import RoadmapItem, Role, Vote, Wish
from app.services import roadmap as roadmap_services
from app.services import triage as triage_services
from app.services import votes as vote_services
from app.services.errors import Conflict, ServiceError
from tests.threads import run_together

ROUNDS = 8


@pytest.fixture
def app_config(is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL")
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 4}}


def _race(app, jobs):
    """Run each ``job(db)`` in its own thread at the same time; return results/errors."""
    from app.extensions import db

    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(index, job):
        with app.app_context():
            try:
                barrier.wait()
                results[index] = ("ok", job(db))
                db.session.commit()
            except ServiceError as error:
                db.session.rollback()
                results[index] = ("refused", error)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                results[index] = ("crash", error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n, job)) for n, job in enumerate(jobs)]
    run_together(threads, timeout=60)
    return results


@pytest.mark.postgres_only
def test_two_vendors_editing_one_item_one_wins_the_other_gets_a_conflict(app, db, make):
    alix, basile = make.user(role=Role.VENDOR), make.user(role=Role.VENDOR)
    item = roadmap_services.roadmap_item_create(actor=alix, title="Calendrier des activités")
    db.session.commit()
    item_id, ids = item.id, (alix.id, basile.id)
    db.session.remove()

    for round_number in range(ROUNDS):
        version = db.session.get(RoadmapItem, item_id).version
        db.session.remove()

        def edit(user_id, title, version=version):
            def job(db):
                from app.models import User

                actor = db.session.get(User, user_id)
                roadmap_services.roadmap_item_update(
                    actor=actor, item_id=item_id, expected_version=version, title=title
                )
                return title

            return job

        titles = (f"Par Alix {round_number}", f"Par Basile {round_number}")
        results = _race(app, [edit(ids[0], titles[0]), edit(ids[1], titles[1])])

        kinds = sorted(kind for kind, _value in results)
        assert kinds == ["ok", "refused"], results
        winner = next(value for kind, value in results if kind == "ok")
        loser = next(value for kind, value in results if kind == "refused")
        assert isinstance(loser, Conflict)
        assert loser.code == "stale_version"
        assert "modifié entre-temps" in loser.message
        stored = db.session.get(RoadmapItem, item_id)
        assert stored.title == winner  # the winner's change is kept, nothing silently lost
        assert stored.version == version + 1
        db.session.remove()


@pytest.mark.postgres_only
def test_two_vendors_changing_status_at_once_never_lose_a_change(app, db, make):
    alix, basile = make.user(role=Role.VENDOR), make.user(role=Role.VENDOR)
    item = roadmap_services.roadmap_item_create(actor=alix, title="Passerelle Tourinsoft")
    db.session.commit()
    item_id, version, ids = item.id, item.version, (alix.id, basile.id)
    db.session.remove()

    def set_status(user_id, status):
        def job(db):
            from app.models import User

            roadmap_services.roadmap_item_set_status(
                actor=db.session.get(User, user_id),
                item_id=item_id,
                status=status,
                expected_version=version,
            )
            return status

        return job

    results = _race(app, [set_status(ids[0], "planned"), set_status(ids[1], "in_progress")])

    assert sorted(kind for kind, _v in results) == ["ok", "refused"], results
    winner = next(value for kind, value in results if kind == "ok")
    assert db.session.get(RoadmapItem, item_id).status == winner


@pytest.mark.postgres_only
def test_crossed_merges_and_votes_at_once_leave_no_cycle_and_exact_counters(app, db, make):
    """8 threads: A into B and B into A at once (one must be refused), C into D, votes."""
    territories = [make.territory() for _ in range(4)]
    vendors = [make.user(role=Role.VENDOR) for _ in range(3)]
    voters = [make.user(role=Role.REFERENT, territory=t) for t in territories]
    wishes = [make.wish(author=vendors[0], territory=territories[0]) for _ in range(4)]
    a, b, c, d = (w.id for w in wishes)
    vendor_ids, voter_ids = [v.id for v in vendors], [v.id for v in voters]
    db.session.remove()

    def merge(user_id, source, target):
        def job(db):
            from app.models import User

            triage_services.wish_merge(
                actor=db.session.get(User, user_id), wish_id=source, into_id=target
            )

        return job

    def vote(user_id, wish_id):
        def job(db):
            from app.models import User

            vote_services.vote_add(user=db.session.get(User, user_id), wish_id=wish_id)

        return job

    jobs = [merge(vendor_ids[0], a, b), merge(vendor_ids[1], b, a), merge(vendor_ids[2], c, d)]
    jobs += [vote(voter_ids[n], (a, b, c, d)[n]) for n in range(4)]
    jobs += [vote(voter_ids[0], c)]
    results = _race(app, jobs)

    crashes = [value for kind, value in results if kind == "crash"]
    assert not crashes, crashes
    ab = [results[0][0], results[1][0]]
    assert sorted(ab) == ["ok", "refused"], results[:2]

    db.session.expire_all()
    stored = {w: db.session.get(Wish, w) for w in (a, b, c, d)}
    assert stored[c].merged_into_id == d
    # no cycle: whatever was merged points at a wish that is not itself merged
    for wish in stored.values():
        if wish.merged_into_id is not None:
            assert stored[wish.merged_into_id].merged_into_id is None
    for wish_id, wish in stored.items():
        count, territories_count = db.session.execute(
            select(func.count(Vote.id), func.count(distinct(Vote.territory_id))).where(
                Vote.wish_id == wish_id
            )
        ).one()
        assert (wish.votes_count, wish.territories_count) == (count, territories_count)
    duplicates = db.session.execute(
        select(Vote.user_id, Vote.wish_id)
        .where(Vote.user_id.is_not(None))
        .group_by(Vote.user_id, Vote.wish_id)
        .having(func.count() > 1)
    ).all()
    assert duplicates == []
