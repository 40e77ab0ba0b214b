"""Territory and club pages stay bounded: figures from the counters, first rows of lists."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import RoadmapItem, Role, Wish, WishLink, WishStatus
from app.selectors import portfolio_lists, rencontre
from app.selectors import territories as selectors
from app.services import activity

LIMIT = 3


@pytest.fixture(autouse=True)
def short_lists(monkeypatch):
    monkeypatch.setattr(selectors, "LIST_LIMIT", LIMIT)
    monkeypatch.setattr(selectors, "SUPPORT_READ", 4 * (LIMIT + 1))


def _ship(db, wish, title):
    item = RoadmapItem(title=title, status="shipped", shipped_on=date(2026, 5, 2))
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    activity.rebuild()  # the link above bypasses the services
    db.session.commit()


def _grow(make, db, home, other, n, start=0):
    """``n`` wishes filed by ``home`` and ``n`` filed by ``other`` that ``home`` supports;
    one of each shipped."""
    filed, supported = [], []
    for i in range(start, start + n):
        filed.append(make.wish(territory=home, title=f"Déposé {i}"))
        supported.append(make.wish(territory=other, supporters=[home], title=f"Soutenu {i}"))
    _ship(db, filed[0], f"Livraison déposé {start}")
    _ship(db, supported[0], f"Livraison soutenu {start}")
    return filed, supported


def _section(html, start, end=None):
    begin = html.index(f'id="{start}"')
    return html[begin : html.index(f'id="{end}"')] if end else html[begin:]


def test_the_territory_page_lists_the_first_rows_and_counts_them_all(client, auth, make, db):
    home, other = make.territory(slug="home"), make.territory()
    filed, supported = _grow(make, db, home, other, LIMIT + 2)
    make.wish(territory=home, title="Doublon", status=WishStatus.DUPLICATE)
    portfolio = selectors.territory_portfolio(home)
    assert portfolio.figures == selectors.Figures(
        filed=LIMIT + 2, supported=LIMIT + 2, delivered=2, pending=2 * (LIMIT + 2) - 2
    )
    assert len(portfolio.filed) == len(portfolio.supported) == LIMIT
    assert portfolio.more_filed and portfolio.more_supported and not portfolio.more_shipped
    # The supports read newest first.
    assert [w.title for w in portfolio.supported] == [w.title for w in supported[::-1][:LIMIT]]
    assert {w.title for w in portfolio.shipped} == {filed[0].title, supported[0].title}
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/territories/home").get_data(as_text=True)
    shipped = _section(html, "shipped-title", "pending-title")
    assert "Déposé 0" in shipped and "Livraison soutenu 0" in shipped
    assert 'href="/wishes?territory=home"' in _section(html, "filed-title", "supported-title")
    assert f"{LIMIT + 2}</strong>" in html
    assert "Doublon" not in html


def test_the_territory_page_costs_the_same_as_it_grows(client, auth, make, db, count_queries):
    home, other = make.territory(slug="home"), make.territory()
    make.club(territories=[home])
    auth.as_role(Role.CLUB_MEMBER)
    _grow(make, db, home, other, 1)
    client.get("/territories/home")
    with count_queries() as few:
        small = client.get("/territories/home").get_data(as_text=True)
    _grow(make, db, home, other, 3 * LIMIT, start=1)
    with count_queries() as many:
        large = client.get("/territories/home").get_data(as_text=True)
    assert many.count == few.count, "\n".join(many.statements)
    assert large.count("/wishes/") > small.count("/wishes/")


def test_the_club_page_names_the_supporting_members(client, auth, make, db):
    first = make.territory(name="Drôme Tourisme")
    second = make.territory(name="Ardèche Tourisme")
    outsider = make.territory()
    club = make.club(slug="club-x", territories=[first, second])
    _grow(make, db, first, outsider, LIMIT + 1)
    make.wish(territory=outsider, supporters=[first, second], title="Soutenu par les deux")
    portfolio = selectors.club_portfolio(club)
    both = next(w for w in portfolio.wishes if w.title == "Soutenu par les deux")
    assert [t.name for t in portfolio.supporters[both.id]] == [
        "Ardèche Tourisme",
        "Drôme Tourisme",
    ]
    assert portfolio.more_filed and len(portfolio.filed) == LIMIT
    assert portfolio.figures.filed == LIMIT + 1
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/clubs/club-x").get_data(as_text=True)
    assert 'href="/wishes?club=club-x"' in _section(html, "wishes-title")


def test_the_club_page_costs_the_same_as_it_grows(client, auth, make, db, count_queries):
    first, second, outsider = make.territory(), make.territory(), make.territory()
    make.club(slug="club-x", territories=[first, second])
    auth.as_role(Role.CLUB_MEMBER)
    _grow(make, db, first, outsider, 1)
    client.get("/clubs/club-x")
    with count_queries() as few:
        assert client.get("/clubs/club-x").status_code == 200
    _grow(make, db, first, outsider, 2 * LIMIT, start=1)
    _grow(make, db, second, outsider, 2 * LIMIT, start=10)
    with count_queries() as many:
        assert client.get("/clubs/club-x").status_code == 200
    assert many.count == few.count, "\n".join(many.statements)


def test_clubs_of_a_size_share_their_statements_each_with_its_own_members(make, db):
    """The per-member statements are built once per club size: the members are their
    parameters, so a club never reads another's wishes."""
    north, south = [make.territory(), make.territory()], [make.territory(), make.territory()]
    outsider = make.territory()
    clubs = [make.club(territories=north), make.club(territories=south)]
    _grow(make, db, north[0], outsider, 1, start=0)
    _grow(make, db, south[1], outsider, 1, start=20)
    built = portfolio_lists.lists_statement.cache_info().currsize
    first, second = (selectors.club_portfolio(club) for club in clubs)
    assert portfolio_lists.lists_statement.cache_info().currsize <= built + 1
    assert [w.title for w in first.filed] == ["Déposé 0"]
    assert [w.title for w in first.supported] == ["Soutenu 0"]
    assert [w.title for w in second.filed] == ["Déposé 20"]
    assert [w.title for w in second.supported] == ["Soutenu 20"]


def test_the_pages_read_their_wishes_as_rows_not_objects(make, db):
    home, other = make.territory(slug="home"), make.territory()
    make.club(slug="club-x", territories=[home, other])
    _grow(make, db, home, other, LIMIT + 1)
    db.session.expunge_all()
    territory = selectors.territory_by_slug("home")
    club = selectors.club_by_slug("club-x")
    assert territory is not None and club is not None
    # Held until the check: the session forgets the objects nothing refers to.
    portfolios = [selectors.territory_portfolio(territory), selectors.club_portfolio(club)]
    waiting = rencontre.awaiting_answer(territory)
    assert all(len(p.filed) == LIMIT and p.shipped and p.items for p in portfolios)
    assert len(waiting) == LIMIT + 1  # filed, not triaged yet
    assert not [o for o in db.session.identity_map.values() if isinstance(o, (Wish, RoadmapItem))]


def test_the_shipped_lists_show_the_latest_deliveries_first(make, db):
    """Ranked by the wish's latest delivery, a wish two members are behind listed once,
    a duplicate left out."""
    first, second, outsider = make.territory(), make.territory(), make.territory()
    club = make.club(territories=[first, second])
    wishes = [make.wish(territory=first, title=f"Livré {i}") for i in range(LIMIT + 1)]
    both = make.wish(territory=outsider, supporters=[first, second], title="Livré aux deux")
    duplicate = make.wish(territory=second, title="Doublon", status=WishStatus.DUPLICATE)
    for day, wish in enumerate([both, duplicate, *reversed(wishes)], start=1):
        item = RoadmapItem(
            title=f"Livraison {day}", status="shipped", shipped_on=date(2026, 5, day)
        )
        db.session.add(item)
        db.session.flush()
        db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    activity.rebuild()
    db.session.commit()
    latest = [f"Livré {i}" for i in range(LIMIT)]  # the first filed, the last shipped
    club_portfolio = selectors.club_portfolio(club)
    assert [w.title for w in club_portfolio.shipped] == latest[:LIMIT]
    assert club_portfolio.more_shipped
    assert [w.title for w in selectors.territory_portfolio(second).shipped] == [both.title]
    assert [w.title for w in selectors.territory_portfolio(first).shipped] == latest[:LIMIT]


def test_on_postgresql_clubs_of_any_size_read_their_lists_with_one_statement(
    make, db, count_queries
):
    """PostgreSQL plans one part per list, the members an array, whatever the club's
    size: a statement with a part per member costs more to plan than to run."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's lateral parts")
    outsider = make.territory()
    small = [make.territory(), make.territory()]
    large = [make.territory() for _ in range(5)]
    clubs = [make.club(territories=small), make.club(territories=large)]
    _grow(make, db, small[0], outsider, 1, start=0)
    _grow(make, db, large[4], outsider, 1, start=20)
    statements = []
    for club in clubs:
        with count_queries() as counted:
            portfolio = selectors.club_portfolio(club)
        statements.append(next(s for s in counted.statements if "LATERAL" in s))
        assert len(portfolio.filed) == 1 and len(portfolio.supported) == 1
    assert statements[0] == statements[1]
    assert [w.title for w in portfolio.filed] == ["Déposé 20"]
    assert [w.title for w in portfolio.supported] == ["Soutenu 20"]
