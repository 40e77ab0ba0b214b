"""The wish page reads what it shows: its SQL work follows the territories, names and
entries it lists, not the number of votes the wish has."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import select

from app.models import Role, Territory, Vote
from app.selectors.timeline import wish_timeline
from app.selectors.wishes import supporter_slugs, supporters_by_territory, viewer_standing
from app.services import comments as comment_services
from app.services import follows as follow_services
from app.services import triage as triage_services
from app.services import votes as vote_services


def _recount(db, wish_id: int) -> dict[str, tuple[int, bool]]:
    """Each supporting territory's personal votes and support on behalf, from the votes."""
    counts: dict[str, list] = defaultdict(lambda: [0, False])
    for slug, user_id in db.session.execute(
        select(Territory.slug, Vote.user_id)
        .join(Territory, Territory.id == Vote.territory_id)
        .where(Vote.wish_id == wish_id)
    ):
        if user_id is None:
            counts[slug][1] = True
        else:
            counts[slug][0] += 1
    return {slug: (votes, behalf) for slug, (votes, behalf) in counts.items()}


def _shown(wish_id: int) -> dict[str, tuple[int, bool]]:
    listed = supporters_by_territory(wish_id, listed=1_000)
    return {
        entry["territory"].slug: (entry["users_count"], entry["on_behalf"])
        for entry in listed.entries
    }


def test_supporting_territories_follow_votes_withdrawals_support_on_behalf_and_merges(db, make):
    wish, other = make.wish(), make.wish()
    drome, isere, landes = (make.territory(name=n) for n in ("Drôme", "Isère", "Landes"))
    staff = make.user(role=Role.ADMIN)
    drome_users = [make.user(role=Role.REFERENT, territory=drome) for _ in range(3)]
    isere_user = make.user(role=Role.REFERENT, territory=isere)
    for user in drome_users:
        vote_services.vote_add(user=user, wish_id=wish.id)
    vote_services.vote_add(user=isere_user, wish_id=wish.id)
    vote_services.vote_remove(user=drome_users[0], wish_id=wish.id)
    vote_services.vote_add_on_behalf(recorder=staff, wish_id=wish.id, territory_id=landes.id)
    db.session.commit()
    assert _shown(wish.id) == _recount(db, wish.id)
    assert _shown(wish.id)[drome.slug] == (2, False)
    assert _shown(wish.id)[landes.slug] == (0, True)

    vote_services.vote_remove(user=isere_user, wish_id=wish.id)
    db.session.commit()
    assert isere.slug not in _shown(wish.id)
    assert isere.slug not in supporter_slugs(wish.id)
    assert supporter_slugs(wish.id) == sorted(_recount(db, wish.id))

    vote_services.vote_add(user=isere_user, wish_id=other.id)
    triage_services.wish_merge(actor=staff, wish_id=other.id, into_id=wish.id)
    db.session.commit()
    assert _shown(wish.id) == _recount(db, wish.id)
    assert _shown(wish.id)[isere.slug] == (1, False)
    assert _shown(other.id) == {} and supporter_slugs(other.id) == []


def test_the_timeline_total_counts_every_support_but_the_filers_own(db, make):
    wish = make.wish()
    territory = make.territory()
    supporters = [make.user(role=Role.REFERENT, territory=territory) for _ in range(4)]
    for user in supporters:
        vote_services.vote_add(user=user, wish_id=wish.id)
    vote_services.vote_remove(user=supporters[0], wish_id=wish.id)
    db.session.commit()
    entries = wish_timeline(wish.id, per_page=100).items
    assert [e.kind for e in entries].count("supported") == 3
    assert wish_timeline(wish.id, per_page=2).total == len(entries)


def _sql_steps(db, client, path: str) -> int:
    """SQLite virtual machine steps run while serving ``path``."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.set_progress_handler(count, 1)
        assert client.get(path).status_code == 200
    finally:
        raw.driver_connection.set_progress_handler(None, 1)
        raw.close()
    return steps


def test_the_wish_page_work_does_not_grow_with_the_wishs_votes_and_comments(db, make, client, auth):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("counts SQLite's steps")
    territories = [make.territory() for _ in range(3)]
    wish = make.wish()

    def support(count: int) -> None:
        for i in range(count):
            user = make.user(role=Role.REFERENT, territory=territories[i % 3])
            vote_services.vote_add(user=user, wish_id=wish.id)
            comment_services.comment_add(user=user, wish_id=wish.id, body=f"Avis {i}")
        db.session.commit()

    auth.as_role(Role.CLUB_MEMBER)
    # 60 votes and comments: the first pages of the timeline and of the thread are
    # full, as are the names shown.
    support(60)
    path = f"/wishes/{wish.id}"
    _sql_steps(db, client, path)
    few = _sql_steps(db, client, path)
    support(240)
    _sql_steps(db, client, path)
    many = _sql_steps(db, client, path)
    assert many < few * 1.2, (few, many)


def test_the_viewer_standing_says_whether_they_support_and_follow_the_wish(db, make):
    wish, other = make.wish(), make.wish()
    viewer = make.user(role=Role.REFERENT)
    assert viewer_standing(viewer.id, wish.id) == (False, False)

    vote_services.vote_add(user=viewer, wish_id=wish.id)
    vote_services.vote_add(user=make.user(role=Role.REFERENT), wish_id=other.id)
    db.session.commit()
    assert viewer_standing(viewer.id, wish.id) == (True, True)
    assert viewer_standing(viewer.id, other.id) == (False, False)

    follow_services.follow_set(user=viewer, wish_id=wish.id, active=False)
    follow_services.follow_set(user=viewer, wish_id=other.id, active=True)
    db.session.commit()
    assert viewer_standing(viewer.id, wish.id) == (True, False)
    assert viewer_standing(viewer.id, other.id) == (False, True)


def test_the_wish_page_reads_its_delivery_and_the_viewer_standing_with_what_it_lists(
    client, auth, make, roadmap, db, count_queries
):
    """Eight statements: the session's user with the unread notifications of the layout,
    the wish, its comments (a page with their total), its supporting territories and
    their first names, its history (a page with its total), its roadmap items (which also
    give its delivery status), the viewer's vote and follow."""
    wish = make.wish()
    roadmap.item(wishes=[wish], status="in_progress")
    db.session.commit()
    url = f"/wishes/{wish.id}"
    auth.as_role(Role.REFERENT)
    with count_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="delivery">En développement' in response.get_data(as_text=True)
    assert len(counted.statements) == 8
