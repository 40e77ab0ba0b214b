"""The network's dashboard figures are cached, and every write they read renews them."""

from __future__ import annotations

import pytest

from app.models import RoadmapItem, Role, WishLink
from app.selectors import dashboard as figures
from app.services import triage
from app.services import votes as vote_services
from app.services import wishes as wish_service


def _live():
    return figures.DashboardFigures(
        by_status=figures.wishes_by_status(None),
        by_category=figures.wishes_by_category(None),
        monthly=figures.monthly_series(None),
        timing=figures.timing(None),
        progress=figures.roadmap_progress(None),
    )


def _assert_in_step(db):
    db.session.commit()
    db.session.expire_all()
    assert figures.dashboard_figures(None) == _live()


@pytest.fixture
def warm(db, world):
    """Figures cached under the world's token, as a first visit of the page leaves them."""
    figures.dashboard_figures(None)
    return world


def test_figures_follow_filing_votes_and_triage(db, make, warm):
    world = warm
    vendor = make.user(role=Role.VENDOR)
    referent = make.user(role=Role.REFERENT, territory=world.manche)
    before = figures.dashboard_figures(None)

    wish = wish_service.wish_create(
        author=make.user(role=Role.REFERENT, territory=world.drome),
        title="Un export des avis",
        body="Pour les partenaires.",
        product_id=world.gateway.id,
        category_id=world.cat_a.id,
    )
    _assert_in_step(db)
    after_filing = figures.dashboard_figures(None)
    assert dict(after_filing.by_status)["new"] == dict(before.by_status)["new"] + 1
    assert dict(after_filing.by_category)["Catégorie A"] == 4

    vote_services.vote_add(user=referent, wish_id=wish.id)
    _assert_in_step(db)
    vote_services.vote_remove(user=referent, wish_id=wish.id)
    _assert_in_step(db)

    triage.wish_set_status(actor=vendor, wish_id=wish.id, status="accepted")
    _assert_in_step(db)
    shown = figures.dashboard_figures(None)
    assert dict(shown.by_status)["accepted"] == dict(before.by_status)["accepted"] + 1
    assert shown.timing.answered == before.timing.answered + 1


def test_figures_follow_roadmap_items_and_categories(db, warm):
    world = warm
    item = RoadmapItem(title="Export", status="planned", target="2030")
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=world.w2.id, roadmap_item_id=item.id))
    _assert_in_step(db)
    item.status = "shipped"
    _assert_in_step(db)
    assert {p.target: p.shipped for p in figures.dashboard_figures(None).progress}["2030"] == 1
    world.cat_b.name = "Catégorie B bis"
    _assert_in_step(db)
    assert "Catégorie B bis" in dict(figures.dashboard_figures(None).by_category)


def test_votes_keep_the_cached_figures(db, make, warm, count_queries):
    world = warm
    figures.dashboard_figures(None)  # cached after the world's last write
    vote_services.vote_add(
        user=make.user(role=Role.REFERENT, territory=world.ot), wish_id=world.w1.id
    )
    db.session.commit()
    with count_queries() as counter:
        figures.dashboard_figures(None)
    assert counter.count == 1  # the token: votes move none of the cached figures


def test_the_network_dashboard_reads_a_constant_few_queries(
    client, auth, make, db, world, count_queries
):
    auth.as_role(Role.VENDOR)
    assert client.get("/dashboard").status_code == 200
    with count_queries() as cached:
        assert client.get("/dashboard").status_code == 200
    for n in range(5):
        make.wish(title=f"Souhait {n}", territory=world.drome, supporters=[world.manche])
    db.session.commit()
    with count_queries() as recomputed:
        assert client.get("/dashboard").status_code == 200
    with count_queries() as cached_again:
        assert client.get("/dashboard").status_code == 200
    assert cached_again.count == cached.count
    assert recomputed.count > cached.count
    assert not any("status_change" in s.lower() for s in cached.statements)
