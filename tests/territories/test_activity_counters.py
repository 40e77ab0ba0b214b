"""The map's counters and the territories behind each roadmap item stay equal to a full
recount through every write that moves them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import Role
from app.selectors.territory_map import MapFilters, territory_map
from app.services import roadmap, triage
from app.services import votes as vote_services
from app.services import wishes as wish_services
from tests.counted import assert_as_recounted, shipped_ranks, shipped_rows


def _filed_by_drome_and_manche(network):
    *_territories, users, products, category = network
    return tuple(
        wish_services.wish_create(
            author=users[author],
            title=f"Souhait de {author}",
            body="",
            product_id=products[0].id,
            category_id=category.id,
        )
        for author in ("drome", "manche")
    )


@pytest.fixture
def network(make, db):
    drome = make.territory(slug="drome")
    manche = make.territory(slug="manche")
    isere = make.territory(slug="isere")
    users = {
        "drome": make.user(role=Role.REFERENT, territory=drome),
        "drome2": make.user(role=Role.REFERENT, territory=drome),
        "manche": make.user(role=Role.REFERENT, territory=manche),
        "manche2": make.user(role=Role.REFERENT, territory=manche),
        "isere": make.user(role=Role.REFERENT, territory=isere),
        "vendor": make.user(role=Role.VENDOR),
    }
    products = [make.product(), make.product()]
    category = make.category()
    return drome, manche, isere, users, products, category


def test_every_write_keeps_the_counters_equal_to_a_recount(network, db):
    drome, manche, isere, users, products, category = network
    vendor = users["vendor"]
    first, second = _filed_by_drome_and_manche(network)
    assert_as_recounted(db)

    steps = [
        lambda: vote_services.vote_add(user=users["manche"], wish_id=first.id),
        lambda: vote_services.vote_add(user=users["manche2"], wish_id=first.id),
        lambda: vote_services.vote_add(user=users["drome2"], wish_id=first.id),  # own territory
        lambda: vote_services.vote_remove(user=users["manche"], wish_id=first.id),
        lambda: vote_services.vote_remove(user=users["manche2"], wish_id=first.id),
        lambda: vote_services.vote_add(user=users["isere"], wish_id=first.id),
        lambda: vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=second.id, territory_id=isere.id
        ),
        lambda: wish_services.wish_update(
            user=users["drome"],
            wish=first,
            title=first.title,
            body="",
            product_id=products[1].id,
            category_id=category.id,
        ),
        lambda: triage.wish_set_status(actor=vendor, wish_id=first.id, status="accepted"),
    ]
    for step in steps:
        step()
        assert_as_recounted(db)

    item = roadmap.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    for step in [
        lambda: roadmap.wish_link(actor=vendor, item_id=item.id, wish_id=first.id),
        lambda: roadmap.roadmap_item_set_status(actor=vendor, item_id=item.id, status="planned"),
        lambda: roadmap.roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status="shipped",
            shipped_on=date(2026, 11, 2),
            release="Open Pro 2026.11",
        ),
        lambda: roadmap.wish_link(actor=vendor, item_id=item.id, wish_id=second.id),
        lambda: roadmap.wish_unlink(actor=vendor, item_id=item.id, wish_id=second.id),
        lambda: roadmap.roadmap_item_set_status(
            actor=vendor, item_id=item.id, status="in_progress"
        ),
        lambda: triage.wish_merge(actor=vendor, wish_id=second.id, into_id=first.id),
    ]:
        step()
        assert_as_recounted(db)


def test_the_map_reads_what_a_vote_changes(network, db):
    drome, manche, _isere, users, products, category = network
    wish = wish_services.wish_create(
        author=users["drome"],
        title="Calendrier des activités",
        body="",
        product_id=products[0].id,
        category_id=category.id,
    )
    db.session.commit()

    def figures():
        rows = {r.territory.slug: r for r in territory_map(MapFilters()).rows}
        return (rows["drome"].filed, rows["manche"].supported)

    assert figures() == (1, 0)
    vote_services.vote_add(user=users["manche"], wish_id=wish.id)
    db.session.commit()
    assert figures() == (1, 1)
    vote_services.vote_remove(user=users["manche"], wish_id=wish.id)
    db.session.commit()
    assert figures() == (1, 0)


def test_the_map_costs_the_same_queries_whatever_the_number_of_wishes(
    network, db, make, count_queries
):
    _drome, _manche, _isere, users, products, category = network

    def queries(filters: MapFilters) -> int:
        db.session.expire_all()
        with count_queries() as counter:
            territory_map(filters)
        return counter.count

    make.wish(author=users["drome"], product=products[0], category=category)
    few = [queries(MapFilters()), queries(MapFilters(product=products[1].slug))]
    for _ in range(5):
        make.wish(author=users["manche"], product=products[1], category=category)
    assert [queries(MapFilters()), queries(MapFilters(product=products[1].slug))] == few
    assert few[0] <= 2


def test_shipped_wishes_follow_links_supports_withdrawals_and_merges(network, db):
    drome, manche, isere, users, products, category = network
    vendor = users["vendor"]
    first, second = _filed_by_drome_and_manche(network)
    vote_services.vote_add(user=users["manche"], wish_id=first.id)
    item = roadmap.roadmap_item_create(actor=vendor, title="Passerelle", target="2027")
    roadmap.wish_link(actor=vendor, item_id=item.id, wish_id=first.id)
    db.session.flush()
    assert shipped_rows(db) == set(), "linked to an item not shipped yet"

    def ship():
        roadmap.roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status="shipped",
            shipped_on=date(2026, 11, 2),
            release="Open Pro 2026.11",
        )

    ship()
    db.session.flush()
    assert shipped_rows(db) == {(drome.id, first.id), (manche.id, first.id)}

    vote_services.vote_add(user=users["isere"], wish_id=first.id)
    vote_services.vote_add(user=users["manche2"], wish_id=first.id)
    vote_services.vote_remove(user=users["manche"], wish_id=first.id)
    db.session.flush()
    assert (manche.id, first.id) in shipped_rows(db), "manche2 still supports it"
    vote_services.vote_remove(user=users["manche2"], wish_id=first.id)
    vote_services.vote_add(user=users["drome2"], wish_id=first.id)
    vote_services.vote_remove(user=users["drome2"], wish_id=first.id)
    db.session.flush()
    assert shipped_rows(db) == {(drome.id, first.id), (isere.id, first.id)}

    roadmap.wish_link(actor=vendor, item_id=item.id, wish_id=second.id)
    db.session.flush()
    assert (manche.id, second.id) in shipped_rows(db)
    roadmap.wish_unlink(actor=vendor, item_id=item.id, wish_id=second.id)
    db.session.flush()
    assert (manche.id, second.id) not in shipped_rows(db)

    vote_services.vote_add(user=users["manche"], wish_id=second.id)  # own wish
    triage.wish_merge(actor=vendor, wish_id=second.id, into_id=first.id)
    db.session.flush()
    assert (manche.id, first.id) in shipped_rows(db), "the merged wish's supports moved"
    assert_as_recounted(db)

    roadmap.roadmap_item_set_status(actor=vendor, item_id=item.id, status="in_progress")
    db.session.flush()
    assert shipped_rows(db) == set(), "the item is no longer shipped"
    ship()
    assert_as_recounted(db)


def _ranks(db, wish) -> set[tuple]:
    return {(t, listed, on) for t, w, listed, on in shipped_ranks(db) if w == wish.id}


def test_shipped_rows_follow_the_latest_delivery_and_the_duplicates(network, db):
    """What the pages rank a territory's shipped wishes by stays right through a later
    support, a withdrawal, a second delivery, an unlink, an unshipping and a merge."""
    drome, manche, isere, users, products, category = network
    vendor = users["vendor"]
    first, second = _filed_by_drome_and_manche(network)
    items = [
        roadmap.roadmap_item_create(actor=vendor, title=f"Livraison {n}", target="2027")
        for n in range(2)
    ]

    def ship(item, day):
        roadmap.roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status="shipped",
            shipped_on=date(2026, 11, day),
            release=f"Open Pro 2026.{day}",
        )

    roadmap.wish_link(actor=vendor, item_id=items[0].id, wish_id=first.id)
    ship(items[0], 2)
    db.session.flush()
    assert _ranks(db, first) == {(drome.id, True, date(2026, 11, 2))}

    vote_services.vote_add(user=users["isere"], wish_id=first.id)  # supports it later
    db.session.flush()
    assert _ranks(db, first) == {
        (drome.id, True, date(2026, 11, 2)),
        (isere.id, True, date(2026, 11, 2)),
    }
    vote_services.vote_remove(user=users["isere"], wish_id=first.id)
    vote_services.vote_add(user=users["manche"], wish_id=first.id)
    db.session.flush()
    assert _ranks(db, first) == {
        (drome.id, True, date(2026, 11, 2)),
        (manche.id, True, date(2026, 11, 2)),
    }

    roadmap.wish_link(actor=vendor, item_id=items[1].id, wish_id=first.id)
    ship(items[1], 9)
    db.session.flush()
    assert {on for _t, _l, on in _ranks(db, first)} == {date(2026, 11, 9)}, "latest delivery"
    assert_as_recounted(db)
    roadmap.roadmap_item_set_status(actor=vendor, item_id=items[1].id, status="in_progress")
    db.session.flush()
    assert {on for _t, _l, on in _ranks(db, first)} == {date(2026, 11, 2)}, "unshipped"
    roadmap.wish_link(actor=vendor, item_id=items[1].id, wish_id=second.id)
    ship(items[1], 12)
    roadmap.wish_unlink(actor=vendor, item_id=items[1].id, wish_id=first.id)
    db.session.flush()
    assert {on for _t, _l, on in _ranks(db, first)} == {date(2026, 11, 2)}, "unlinked"
    assert _ranks(db, second) == {(manche.id, True, date(2026, 11, 12))}

    triage.wish_merge(actor=vendor, wish_id=second.id, into_id=first.id)
    db.session.flush()
    assert _ranks(db, second) == {(manche.id, False, date(2026, 11, 12))}, "a duplicate"
    assert_as_recounted(db)


def _support_rows(db) -> set[tuple]:
    from app.models import WishSupport

    return {
        (r.wish_id, r.territory_id, r.votes, bool(r.on_behalf))
        for r in db.session.execute(select(WishSupport)).scalars()
        if r.votes or r.on_behalf
    }


def test_wish_support_stays_equal_to_a_recount_through_votes_and_merges(network, db):
    drome, manche, isere, users, products, category = network
    vendor = users["vendor"]
    first, second = _filed_by_drome_and_manche(network)
    steps = [
        lambda: vote_services.vote_add(user=users["manche"], wish_id=first.id),
        lambda: vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=first.id, territory_id=manche.id
        ),
        lambda: vote_services.vote_add(user=users["manche2"], wish_id=first.id),
        lambda: vote_services.vote_remove(user=users["manche"], wish_id=first.id),
        lambda: vote_services.vote_remove(user=users["manche2"], wish_id=first.id),
        lambda: vote_services.vote_add(user=users["isere"], wish_id=second.id),
        lambda: vote_services.vote_add(user=users["isere"], wish_id=first.id),
        lambda: vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=second.id, territory_id=drome.id
        ),
        lambda: triage.wish_merge(actor=vendor, wish_id=second.id, into_id=first.id),
        lambda: vote_services.vote_remove(user=users["isere"], wish_id=first.id),
    ]
    for step in steps:
        step()
        db.session.flush()
        kept = _support_rows(db)
        vote_services.rebuild_support_counts()
        assert kept == _support_rows(db)
