from datetime import date

import pytest

from app.models import RoadmapItem, Role, WishLink, WishStatus
from app.services import activity

# The signed-in user with their unread notifications, the territory or club with its
# clubs or members, the portfolio (3 queries, 4 for a club), what waits on the vendor
# (territory: 2) and the pledges.
PINNED_TERRITORY = 9
PINNED_CLUB = 8


def _link(db, wish, status, **kw):
    item = RoadmapItem(title=kw.pop("title", f"Élément {wish.id}"), status=status, **kw)
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    activity.rebuild()  # the link above bypasses the services
    db.session.commit()
    return item


@pytest.mark.parametrize("role", [Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR, Role.ADMIN])
def test_members_see_territory_and_club_pages(client, auth, make, role):
    territory = make.territory(slug="drome")
    make.club(slug="club-ara", territories=[territory])
    auth.as_role(role)
    assert client.get("/territories/drome").status_code == 200
    assert client.get("/clubs/club-ara").status_code == 200


def test_visitors_are_refused(client, auth, make):
    make.territory(slug="drome")
    make.club(slug="club-ara")
    auth.as_role(Role.VISITOR)
    assert client.get("/territories/drome").status_code == 403
    assert client.get("/clubs/club-ara").status_code == 403


def test_anonymous_is_sent_to_login(client, make):
    make.territory(slug="drome")
    response = client.get("/territories/drome")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_slugs_give_404_pages(client, auth):
    auth.as_role(Role.REFERENT)
    for url in ("/territories/atlantide", "/clubs/atlantide"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Cette page n" in response.get_data(as_text=True)


def test_territory_page_shows_its_figures(client, auth, make):
    territory = make.territory(
        name="Attitude Manche",
        slug="manche",
        kind="ADT",
        region="Normandie",
        department_code="50",
        sit="Tourinsoft",
        providers_count=321,
        joined_year=2009,
    )
    make.club(name="Club Normandie", territories=[territory])
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/territories/manche").get_data(as_text=True)
    for text in (
        "Attitude Manche",
        "Normandie",
        "50",
        "Tourinsoft",
        "321",
        "2009",
        "Club Normandie",
        "Agence de développement touristique",
    ):
        assert text in html


def test_territory_page_lists_filed_and_supported_wishes(client, auth, make):
    home = make.territory(slug="home")
    elsewhere = make.territory()
    make.wish(territory=home, title="Déposé ici")
    make.wish(territory=elsewhere, supporters=[home], title="Soutenu d'ailleurs")
    make.wish(territory=elsewhere, title="Sans rapport")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/territories/home").get_data(as_text=True)
    filed = html[html.index('id="filed-title"') : html.index('id="supported-title"')]
    supported = html[html.index('id="supported-title"') :]
    assert "Déposé ici" in filed and "Soutenu d&#39;ailleurs" not in filed
    assert "Soutenu d&#39;ailleurs" in supported
    assert "Sans rapport" not in html


def test_shipped_and_pending_sections(client, auth, make, db):
    home = make.territory(slug="home")
    shipped = make.wish(territory=home, title="Tarification par saison")
    partial = make.wish(territory=home, title="Bons cadeaux Addock")
    pending = make.wish(territory=home, title="Passerelle Apidae")
    declined = make.wish(territory=home, title="Refusé poliment", status=WishStatus.DECLINED)
    _link(
        db,
        shipped,
        "shipped",
        release="2027.2",
        shipped_on=date(2027, 5, 2),
        title="Saisons dans Open Pro",
    )
    _link(db, partial, "shipped", release="2027.3", title="Bons cadeaux v1")
    _link(db, partial, "in_progress", title="Bons cadeaux v2")
    _link(db, pending, "planned", target="2028", title="Connecteur Apidae")
    auth.as_role(Role.REFERENT)
    html = client.get("/territories/home").get_data(as_text=True)
    shipped_part = html[html.index('id="shipped-title"') : html.index('id="pending-title"')]
    pending_part = html[html.index('id="pending-title"') : html.index('id="filed-title"')]
    assert "Tarification par saison" in shipped_part and "Livré" in shipped_part
    assert "Saisons dans Open Pro" in shipped_part and "2027.2" in shipped_part
    assert "Bons cadeaux Addock" in shipped_part and "Livré en partie" in shipped_part
    assert "Passerelle Apidae" in pending_part and "Connecteur Apidae" in pending_part
    assert "Passerelle Apidae" not in shipped_part
    assert declined.title not in pending_part


def test_empty_states(client, auth, make):
    make.territory(slug="vide")
    make.club(slug="club-vide")
    auth.as_role(Role.REFERENT)
    html = client.get("/territories/vide").get_data(as_text=True)
    assert "pas encore déposé de souhait" in html
    html = client.get("/clubs/club-vide").get_data(as_text=True)
    assert "pas encore de territoire membre" in html


def test_club_page_shows_members_and_their_wishes(client, auth, make, db):
    host = make.territory(name="OT du Lac d'Annecy", slug="annecy")
    member = make.territory(name="Isère Attractivité", slug="isere")
    outsider = make.territory(name="Hello Lille")
    club = make.club(
        name="Club ARA", slug="club-ara", territories=[host, member], host_territory_id=host.id
    )
    make.wish(territory=host, title="Calendrier des activités")
    make.wish(territory=outsider, supporters=[member], title="Soutenu par Isère")
    make.wish(territory=outsider, title="Souhait de Lille seul")
    shipped = make.wish(territory=member, title="Acompte groupes")
    _link(db, shipped, "shipped", release="2026.1")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/clubs/{club.slug}").get_data(as_text=True)
    assert "Club ARA" in html and "OT du Lac d&#39;Annecy" in html and "(hôte)" in html
    assert "Isère Attractivité" in html
    assert "Calendrier des activités" in html and "Soutenu par Isère" in html
    assert "Souhait de Lille seul" not in html
    shipped_part = html[html.index('id="shipped-title"') : html.index('id="pending-title"')]
    assert "Acompte groupes" in shipped_part and "2026.1" in shipped_part


def test_duplicates_are_not_listed(client, auth, make):
    home = make.territory(slug="home")
    make.wish(territory=home, title="Doublon caché", status=WishStatus.DUPLICATE)
    auth.as_role(Role.REFERENT)
    assert "Doublon caché" not in client.get("/territories/home").get_data(as_text=True)


def _populate(make, db, territory, n):
    others = [make.territory() for _ in range(2)]
    product, category = make.product(), make.category()
    for i in range(n):
        wish = make.wish(territory=territory, product=product, category=category)
        other = make.wish(
            territory=others[i % 2], supporters=[territory], product=product, category=category
        )
        _link(db, wish, "shipped", release=f"r{i}")
        _link(db, other, "planned")


def test_territory_page_runs_constant_queries(client, auth, make, db, count_queries):
    territory = make.territory(slug="home")
    make.club(territories=[territory])
    auth.as_role(Role.CLUB_MEMBER)
    _populate(make, db, territory, 1)
    client.get("/territories/home")
    with count_queries() as few:
        assert client.get("/territories/home").status_code == 200
    _populate(make, db, territory, 6)
    with count_queries() as many:
        assert client.get("/territories/home").status_code == 200
    assert many.count == few.count, "\n".join(many.statements)
    assert few.count == PINNED_TERRITORY, "\n".join(few.statements)


def test_club_page_runs_constant_queries(client, auth, make, db, count_queries):
    territory = make.territory()
    make.club(slug="club-x", territories=[territory, make.territory()])
    auth.as_role(Role.CLUB_MEMBER)
    _populate(make, db, territory, 1)
    client.get("/clubs/club-x")
    with count_queries() as few:
        assert client.get("/clubs/club-x").status_code == 200
    _populate(make, db, territory, 6)
    make.club(territories=[territory])
    with count_queries() as many:
        assert client.get("/clubs/club-x").status_code == 200
    assert many.count == few.count, "\n".join(many.statements)
    assert few.count == PINNED_CLUB, "\n".join(few.statements)
