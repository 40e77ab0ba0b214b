"""The two homes (issue 15): the network's story for visitors, the reader's own corner
once signed in, each in a constant number of queries."""

from __future__ import annotations

import pytest

from app.models import Role
from app.selectors import home as selectors
from app.services import triage


@pytest.fixture
def network(make, roadmap, db):
    """Two territories in a club, a wish of each, one shipped and one building item."""
    drome = make.territory(name="Drôme Tourisme", slug="drome", department_code="26")
    ardeche = make.territory(name="Ardèche Tourisme", slug="ardeche", department_code="07")
    savoie = make.territory(name="Savoie Mont Blanc", slug="savoie", department_code="73")
    club = make.club([drome, ardeche], name="Club Rhône-Alpes", slug="club-ra")
    referent = make.user(role=Role.REFERENT, territory=drome)
    own = make.wish(author=referent, title="Tarification par saison")
    other = make.wish(territory=ardeche, title="Passerelle Apidae", supporters=[drome])
    far = make.wish(territory=savoie, title="Calendrier des activités")
    roadmap.item("Saisons dans Open Pro", wishes=[own], status="shipped", release="OP 2024.3")
    roadmap.item("Passerelle Apidae v2", wishes=[other], status="in_progress", target="2027-T2")
    roadmap.item("Calendrier", wishes=[far], status="in_testing")
    return {
        "drome": drome,
        "savoie": savoie,
        "club": club,
        "referent": referent,
        "own": own,
        "other": other,
        "far": far,
        "vendor": roadmap.vendor,
    }


def test_anonymous_home_tells_the_network_story(client, network):
    html = client.get("/").get_data(as_text=True)
    assert "Dernières livraisons" in html
    assert "Saisons dans Open Pro" in html and "OP 2024.3" in html
    assert "En cours chez l&#39;éditeur" in html or "En cours chez l'éditeur" in html
    assert "Passerelle Apidae v2" in html and "Calendrier" in html
    assert 'data-testid="network-map"' in html
    assert 'href="/login"' in html
    # Items being tested come before those being built: they are closer to shipping.
    assert html.index("Calendrier<") < html.index("Passerelle Apidae v2")
    # The wishes themselves stay for members.
    assert "Tarification par saison" not in html


def test_the_map_colours_the_departments_of_active_territories(app, network, db):
    network["savoie"].active = False
    db.session.commit()
    roles = selectors.network_map().roles()
    assert roles.get("26") == "filed" and roles.get("07") == "filed"
    assert "73" not in roles


@pytest.mark.parametrize("app_config", [{"PUBLIC_ROADMAP": False}])
def test_without_a_public_roadmap_the_anonymous_home_shows_no_roadmap_item(client, network):
    html = client.get("/").get_data(as_text=True)
    assert "Saisons dans Open Pro" not in html
    assert "Dernières livraisons" not in html
    assert 'data-testid="network-map"' in html


def test_a_visitor_account_gets_the_public_home(client, auth, network):
    auth.as_role(Role.VISITOR)
    html = client.get("/").get_data(as_text=True)
    assert "Dernières livraisons" in html
    assert "Tarification par saison" not in html


def test_referent_home_shows_their_territory_wishes_answers_and_club(client, auth, make, network):
    triage.wish_set_status(
        actor=network["vendor"], wish_id=network["own"].id, status="under_review"
    )
    triage.wish_set_status(actor=network["vendor"], wish_id=network["far"].id, status="accepted")
    copy = make.wish(author=network["referent"], title="Tarifs saisonniers")
    triage.wish_merge(actor=network["vendor"], wish_id=copy.id, into_id=network["own"].id)
    auth.login(network["referent"])
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Drôme Tourisme</h1>" in html
    wishes = html.split('data-testid="home-wishes"')[1].split("</section>")[0]
    assert "Tarification par saison" in wishes
    assert "Passerelle Apidae" not in wishes  # supported, not filed by the territory
    assert "/wishes?territory=drome" in wishes
    answers = html.split('data-testid="home-answers"')[1].split("</section>")[0]
    assert "À l&#39;étude" in answers or "À l'étude" in answers
    # Linked, then put under review: the wish is listed once, with its latest answer.
    assert answers.count("Tarification par saison") == 1
    assert "Saisons dans Open Pro" not in answers
    assert "Passerelle Apidae v2" in answers  # a supported wish's answer counts too
    # A merge leads to the wish it went into.
    assert "Tarifs saisonniers" in answers
    assert f'href="/wishes/{network["own"].id}">#{network["own"].id}</a>' in answers
    assert "Calendrier des activités" not in answers  # another territory's business
    shipped = html.split('data-testid="home-shipped"')[1].split("</section>")[0]
    assert "Saisons dans Open Pro" in shipped and "OP 2024.3" in shipped
    assert 'href="/shipped?territory=drome"' in shipped
    clubs = html.split('data-testid="home-clubs"')[1].split("</section>")[0]
    assert 'href="/clubs/club-ra"' in clubs
    assert 'href="/wishes/new"' in html


def test_club_member_home_is_their_club(client, auth, network):
    auth.as_role(Role.CLUB_MEMBER, club_id=network["club"].id)
    html = client.get("/").get_data(as_text=True)
    assert "<h1>Club Rhône-Alpes</h1>" in html
    wishes = html.split('data-testid="home-wishes"')[1].split("</section>")[0]
    assert "Tarification par saison" in wishes and "Passerelle Apidae" in wishes
    assert "Calendrier des activités" not in wishes
    assert "/wishes?club=club-ra" in wishes
    assert 'href="/wishes/new"' not in html
    assert 'href="/shipped?club=club-ra"' in html


def test_vendor_home_counts_the_wishes_waiting_for_triage(client, auth, network):
    auth.login(network["vendor"])
    html = client.get("/").get_data(as_text=True)
    assert "3 souhaits à trier" in html
    assert "Dernières réponses" in html and "Les réponses de l&#39;éditeur" not in html
    wishes = html.split('data-testid="home-wishes"')[1].split("</section>")[0]
    assert "Calendrier des activités" in wishes and "Tarification par saison" in wishes


def test_member_home_in_english(client, auth, network):
    auth.login(network["referent"])
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The vendor&#39;s answers" in html or "The vendor's answers" in html


@pytest.mark.parametrize("role", [Role.REFERENT, Role.CLUB_MEMBER, Role.VENDOR, None])
def test_home_query_count_is_constant(client, auth, make, roadmap, db, count_queries, role):
    territory = make.territory()
    club = make.club([territory])
    if role is not None:
        extra = {"club_id": club.id} if role == Role.CLUB_MEMBER else {}
        auth.as_role(role, territory=territory if role == Role.REFERENT else None, **extra)

    def grow(count: int) -> None:
        author = make.user(role=Role.REFERENT, territory=territory)
        for n in range(count):
            wish = make.wish(author=author, title=f"Souhait {n}")
            roadmap.item(f"Livré {n}", wishes=[wish], status="shipped")
            roadmap.item(f"En cours {n}", status="in_progress")
            triage.wish_set_status(actor=roadmap.vendor, wish_id=wish.id, status="accepted")
        db.session.commit()

    grow(1)
    with count_queries() as few:
        assert client.get("/").status_code == 200
    grow(8)
    with count_queries() as many:
        assert client.get("/").status_code == 200
    assert many.count == few.count, many.statements
