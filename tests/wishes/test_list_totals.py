"""A list filtered by status, territory, region, club, product or category counts its
total from the filing territories' counters, and finds what counting the wishes finds."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from app.models import Role, WishStatus
from app.selectors import wishes as selectors
from app.selectors.wishes import WishFilters
from app.services import triage


@pytest.fixture
def network(db, make):
    brittany = [make.territory(region="Bretagne") for _ in range(2)]
    alps = [make.territory(region="Auvergne-Rhône-Alpes") for _ in range(2)]
    club = make.club(territories=[brittany[0], alps[0]])
    products = [make.product(), make.product()]
    categories = [make.category(), make.category()]
    vendor = make.user(role=Role.VENDOR)
    made = []
    for n, territory in enumerate(brittany + alps + brittany):
        made.append(
            make.wish(
                territory=territory,
                supporters=alps[: n % 3],
                product=products[n % 2],
                category=categories[n // 4],
            )
        )
    triage.wish_set_status(actor=vendor, wish_id=made[0].id, status=WishStatus.ACCEPTED)
    triage.wish_set_status(
        actor=vendor, wish_id=made[3].id, status=WishStatus.DECLINED, note="Hors périmètre."
    )
    triage.wish_merge(actor=vendor, wish_id=made[4].id, into_id=made[1].id)
    db.session.commit()
    return {
        "brittany": brittany,
        "alps": alps,
        "club": club,
        "products": [p.slug for p in products],
        "categories": [c.slug for c in categories],
    }


def _total(db, filters):
    captured = []

    def capture(conn, cursor, statement, *args):
        captured.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        # Past the first page, which reads its total with its ids: the count alone.
        page = selectors.wish_page(filters, page=2, per_page=2)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return page.total, captured[0]


def _counted(db, filters):
    query = selectors.filtered_wishes(filters).subquery()
    return db.session.execute(select(func.count()).select_from(query)).scalar_one()


def _cases(network):
    first = network["brittany"][0].slug
    club = network["club"].slug
    product, other_product = network["products"]
    category, other_category = network["categories"]
    return [
        WishFilters(),
        WishFilters(status="accepted"),
        WishFilters(status="duplicate"),
        WishFilters(status="declined", sort="new"),
        WishFilters(territory=first),
        WishFilters(territory=first, status="new"),
        WishFilters(region="Bretagne"),
        WishFilters(region="Bretagne", status="duplicate"),
        WishFilters(region="Auvergne-Rhône-Alpes", sort="votes"),
        WishFilters(region="Nowhere"),
        WishFilters(club=club),
        WishFilters(club=club, region="Bretagne", status="accepted"),
        WishFilters(club="no-such-club"),
        WishFilters(territory="no-such-territory"),
        WishFilters(product=product),
        WishFilters(product=other_product, status="accepted"),
        WishFilters(category=other_category, region="Bretagne"),
        WishFilters(product=product, category=category, club=club, sort="new"),
        WishFilters(product=product, status="duplicate"),
        WishFilters(product="no-such-product"),
    ]


def test_each_total_is_what_counting_the_wishes_gives(db, network):
    for filters in _cases(network):
        total, _ = _total(db, filters)
        assert total == _counted(db, filters), filters


def test_those_totals_read_the_counters_not_the_wishes(db, network):
    for filters in _cases(network):
        _, statement = _total(db, filters)
        assert "territory_activity" in statement
        assert " wish" not in statement.replace("territory_activity", ""), statement


def test_a_total_follows_a_status_change(db, make, network):
    filters = WishFilters(region="Bretagne", status="accepted")
    before, _ = _total(db, filters)
    wish = make.wish(territory=network["brittany"][1])
    vendor = make.user(role=Role.VENDOR)
    triage.wish_set_status(actor=vendor, wish_id=wish.id, status=WishStatus.ACCEPTED)
    db.session.commit()
    assert _total(db, filters)[0] == before + 1 == _counted(db, filters)


@pytest.mark.parametrize(
    "values", [{"q": "souhait"}, {"q": "souhait", "status": "new"}, {"event": "rencontre"}]
)
def test_other_filters_count_the_wishes(db, network, values):
    total, statement = _total(db, WishFilters(**values))
    assert "territory_activity" not in statement
    assert total == _counted(db, WishFilters(**values))
