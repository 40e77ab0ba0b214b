import pytest

from app.models import ClubMembership, Role, Territory, Wish
from app.services import territories as services
from app.services.errors import ValidationFailed


@pytest.fixture
def admin(auth):
    return auth.as_role(Role.ADMIN)


def _form(**kw):
    data = {
        "name": "Hautes-Alpes Tourisme",
        "slug": "hautes-alpes",
        "kind": "ADT",
        "region": "Provence-Alpes-Côte d'Azur",
        "department_code": "05",
        "sit": "Apidae",
        "providers_count": "120",
        "joined_year": "2012",
    }
    data.update(kw)
    return data


def test_admin_creates_a_territory(client, admin, db):
    response = client.post("/admin/territories/new", data=_form())
    assert response.status_code == 302
    territory = db.session.query(Territory).filter_by(slug="hautes-alpes").one()
    assert (territory.kind, territory.department_code, territory.sit) == ("ADT", "05", "Apidae")
    assert (territory.providers_count, territory.joined_year) == (120, 2012)
    assert "Territoire créé." in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "Hautes Alpes", "minuscules"),
        ("kind", "mairie", "type de structure"),
        ("department_code", "999x", "Code de département invalide"),
        ("joined_year", "1850", "Indiquez une année entre 1990"),
        ("providers_count", "-3", "nombre positif"),
        ("region", "", "obligatoire"),
    ],
)
def test_invalid_territory_is_not_saved(client, admin, db, field, value, message):
    response = client.post("/admin/territories/new", data=_form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'value="Hautes-Alpes Tourisme"' in html
    assert db.session.query(Territory).count() == 0


def test_name_and_slug_are_unique(client, admin, make, db):
    make.territory(name="Drôme Tourisme", slug="drome")
    html = client.post(
        "/admin/territories/new", data=_form(name="drôme tourisme", slug="drome")
    ).get_data(as_text=True)
    assert "Ce nom est déjà utilisé." in html
    assert "Cet identifiant est déjà utilisé." in html
    assert db.session.query(Territory).count() == 1


def test_admin_edits_a_territory(client, admin, make, db):
    territory = make.territory(slug="landes", name="Landes")
    response = client.post(
        f"/admin/territories/{territory.id}",
        data=_form(name="Landes Attractivité", slug="landes", sit="SIRTAQUI", kind="CDT"),
    )
    assert response.status_code == 302
    db.session.refresh(territory)
    assert (territory.name, territory.sit, territory.kind) == (
        "Landes Attractivité",
        "SIRTAQUI",
        "CDT",
    )


def test_editing_keeps_own_name_and_slug(make, db):
    admin = make.user(role=Role.ADMIN)
    territory = make.territory(name="Jura", slug="jura")
    services.territory_update(
        actor=admin,
        territory=territory,
        name="Jura",
        slug="jura",
        kind="ADT",
        region="Bourgogne-Franche-Comté",
        department_code="39",
        sit="Décibelles Data",
        providers_count=10,
        joined_year=2015,
    )
    assert territory.sit == "Décibelles Data"


def test_providers_change_recounts_supported_wishes(make, db):
    admin = make.user(role=Role.ADMIN)
    small = make.territory(providers_count=10)
    big = make.territory(providers_count=100)
    other = make.territory(providers_count=1)
    supported = make.wish(territory=big, supporters=[small])
    filed = make.wish(territory=small)
    untouched = make.wish(territory=other)
    assert supported.providers_count == 110
    values = {
        c: getattr(small, c)
        for c in ("name", "slug", "kind", "region", "department_code", "sit", "joined_year")
    }
    services.territory_update(actor=admin, territory=small, providers_count=50, **values)
    assert db.session.get(Wish, supported.id).providers_count == 150
    assert db.session.get(Wish, filed.id).providers_count == 50
    assert db.session.get(Wish, untouched.id).providers_count == 1


def test_providers_recount_is_rolled_back_with_the_edit(client, auth, make, db):
    territory = make.territory(providers_count=10, name="Territoire A", slug="ta")
    wish = make.wish(territory=territory)
    auth.as_role(Role.ADMIN)
    client.post(
        f"/admin/territories/{territory.id}",
        data=_form(name="Territoire A", slug="ta", providers_count="40", joined_year="3000"),
    )
    db.session.expire_all()
    assert db.session.get(Wish, wish.id).providers_count == 10
    assert db.session.get(Territory, territory.id).providers_count == 10


def test_deactivate_territory_keeps_its_wishes(client, admin, make, db):
    territory = make.territory()
    wish = make.wish(territory=territory)
    client.post(f"/admin/territories/{territory.id}/active", data={"active": "0"})
    db.session.refresh(territory)
    assert not territory.active
    assert db.session.get(Wish, wish.id) is not None
    client.post(f"/admin/territories/{territory.id}/active", data={"active": "1"})
    db.session.refresh(territory)
    assert territory.active


def test_admin_creates_a_club_with_its_host_as_member(client, admin, make, db):
    host = make.territory(name="OT du Lac d'Annecy")
    response = client.post(
        "/admin/clubs/new",
        data={
            "name": "Club ARA",
            "slug": "club-ara",
            "description": "Réunion trimestrielle",
            "host_territory_id": host.id,
        },
    )
    assert response.status_code == 302
    from app.models import Club

    club = db.session.query(Club).filter_by(slug="club-ara").one()
    assert club.host_territory_id == host.id
    assert db.session.get(ClubMembership, (club.id, host.id)) is not None


def test_invalid_club_is_not_saved(client, admin, db):
    html = client.post(
        "/admin/clubs/new", data={"name": "Club", "slug": "Pas bon", "host_territory_id": 0}
    ).get_data(as_text=True)
    assert "minuscules" in html
    from app.models import Club

    assert db.session.query(Club).count() == 0


def test_admin_edits_a_club(client, admin, make, db):
    club = make.club(name="Ancien", slug="ancien")
    client.post(
        f"/admin/clubs/{club.id}",
        data={"name": "Nouveau nom", "slug": "nouveau", "description": "", "host_territory_id": 0},
    )
    db.session.refresh(club)
    assert (club.name, club.slug) == ("Nouveau nom", "nouveau")


def test_add_and_remove_member_territories(client, admin, make, db):
    club = make.club()
    territory = make.territory()
    client.post(f"/admin/clubs/{club.id}/members", data={"territory": territory.id})
    assert db.session.get(ClubMembership, (club.id, territory.id)) is not None
    client.post(f"/admin/clubs/{club.id}/members/{territory.id}/remove")
    db.session.expire_all()
    assert db.session.get(ClubMembership, (club.id, territory.id)) is None


def test_adding_without_territory_shows_error(client, admin, make, db):
    club = make.club()
    html = client.post(f"/admin/clubs/{club.id}/members", data={"territory": 0}).get_data(
        as_text=True
    )
    assert "Choisissez un territoire." in html
    assert db.session.query(ClubMembership).count() == 0


def test_adding_twice_is_idempotent(make, db):
    admin = make.user(role=Role.ADMIN)
    club = make.club()
    territory = make.territory()
    assert services.club_add_member(actor=admin, club=club, territory_id=territory.id)
    assert not services.club_add_member(actor=admin, club=club, territory_id=territory.id)


def test_host_cannot_be_removed(make, db):
    admin = make.user(role=Role.ADMIN)
    host = make.territory()
    club = make.club(territories=[host], host_territory_id=host.id)
    with pytest.raises(ValidationFailed):
        services.club_remove_member(actor=admin, club=club, territory_id=host.id)
