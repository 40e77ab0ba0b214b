import pytest

from app.models import Role, User
from app.services import accounts
from app.services.errors import PermissionDenied, ValidationFailed


@pytest.fixture
def admin(auth):
    return auth.as_role(Role.ADMIN)


def _users(db):
    return db.session.query(User).count()


def test_admin_creates_a_referent(client, admin, make, db):
    territory = make.territory(name="Drôme Tourisme")
    response = client.post(
        "/admin/users/new",
        data={
            "email": "Nouvelle.Referente@Example.org",
            "display_name": "Nouvelle Référente",
            "role": Role.REFERENT,
            "territory": territory.id,
            "club": 0,
            "password": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = accounts.find_user_by_email("nouvelle.referente@example.org")
    assert user.role == Role.REFERENT and user.territory_id == territory.id
    assert accounts.authenticate("nouvelle.referente@example.org", "un-mot-de-passe-solide")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Compte créé." in page


def test_create_without_password_makes_an_account_that_cannot_log_in(client, admin, db):
    client.post(
        "/admin/users/new",
        data={
            "email": "vendeur@example.org",
            "display_name": "V",
            "role": Role.VENDOR,
            "territory": 0,
            "club": 0,
            "password": "",
        },
    )
    user = accounts.find_user_by_email("vendeur@example.org")
    assert user is not None and user.password_hash == ""


def test_email_is_unique_case_insensitively(client, admin, make, db):
    make.user(role=Role.VENDOR, email="deja@example.org")
    before = _users(db)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "DEJA@example.org",
            "display_name": "Autre Nom",
            "role": Role.VENDOR,
            "territory": 0,
            "club": 0,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse." in html
    assert 'value="Autre Nom"' in html  # input kept
    assert _users(db) == before


def test_referent_needs_a_territory(client, admin, db):
    before = _users(db)
    html = client.post(
        "/admin/users/new",
        data={
            "email": "x@example.org",
            "display_name": "X",
            "role": Role.REFERENT,
            "territory": 0,
            "club": 0,
        },
    ).get_data(as_text=True)
    assert "Un référent est rattaché à un territoire." in html
    assert _users(db) == before


def test_short_initial_password_is_refused(client, admin, db):
    html = client.post(
        "/admin/users/new",
        data={
            "email": "y@example.org",
            "display_name": "Y",
            "role": Role.VENDOR,
            "territory": 0,
            "club": 0,
            "password": "court",
        },
    ).get_data(as_text=True)
    assert "au moins 10 caractères" in html
    assert accounts.find_user_by_email("y@example.org") is None


def test_admin_edits_role_territory_and_club(client, admin, make, db):
    user = make.user(role=Role.REFERENT)
    other = make.territory()
    club = make.club(territories=[other])
    response = client.post(
        f"/admin/users/{user.id}",
        data={
            "display_name": "Nom changé",
            "role": Role.CLUB_MEMBER,
            "territory": other.id,
            "club": club.id,
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.role, user.territory_id, user.club_id) == (
        "Nom changé",
        Role.CLUB_MEMBER,
        other.id,
        club.id,
    )


def test_invalid_edit_changes_nothing_and_keeps_input(client, admin, make, db):
    user = make.user(role=Role.VENDOR, display_name="Avant")
    html = client.post(
        f"/admin/users/{user.id}",
        data={"display_name": "Après", "role": Role.REFERENT, "territory": 0, "club": 0},
    ).get_data(as_text=True)
    assert "Un référent est rattaché à un territoire." in html
    assert 'value="Après"' in html
    db.session.refresh(user)
    assert (user.display_name, user.role) == ("Avant", Role.VENDOR)


def test_unknown_role_is_refused(client, admin, make, db):
    user = make.user(role=Role.VENDOR)
    html = client.post(
        f"/admin/users/{user.id}",
        data={"display_name": "Z", "role": "superuser", "territory": 0, "club": 0},
    ).get_data(as_text=True)
    assert "Rôle inconnu" in html
    db.session.refresh(user)
    assert user.role == Role.VENDOR


def test_deactivate_then_reactivate(client, admin, make, db):
    user = make.user(role=Role.REFERENT, password="un-mot-de-passe-solide")
    make.wish(author=user)
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    db.session.refresh(user)
    assert not user.active
    assert accounts.authenticate(user.email, "un-mot-de-passe-solide") is None
    client.post(f"/admin/users/{user.id}/active", data={"active": "1"})
    db.session.refresh(user)
    assert user.active
    assert db.session.get(User, user.id) is not None


def test_admin_cannot_deactivate_themself(client, admin, db):
    response = client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active


def test_admin_sets_a_chosen_password(client, admin, make, db):
    user = make.user(role=Role.VENDOR)
    response = client.post(
        f"/admin/users/{user.id}/password", data={"password": "nouveau-mot-de-passe"}
    )
    assert response.status_code == 302
    assert accounts.authenticate(user.email, "nouveau-mot-de-passe") is not None


def test_generated_password_is_shown_once(client, admin, make, db):
    user = make.user(role=Role.VENDOR)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    import re

    shown = re.search(r'data-testid="temporary-password">([^<]+)<', html).group(1)
    assert accounts.authenticate(user.email, shown) is not None
    assert shown not in client.get(f"/admin/users/{user.id}").get_data(as_text=True)


def test_short_reset_password_is_refused(client, admin, make, db):
    user = make.user(role=Role.VENDOR, password="ancien-mot-de-passe")
    html = client.post(f"/admin/users/{user.id}/password", data={"password": "court"}).get_data(
        as_text=True
    )
    assert "au moins 10 caractères" in html
    assert accounts.authenticate(user.email, "ancien-mot-de-passe") is not None


def test_list_filters_by_role_territory_and_text(client, admin, make):
    drome = make.territory(slug="drome", name="Drôme")
    make.user(role=Role.REFERENT, territory=drome, display_name="Alice Drôme")
    make.user(role=Role.REFERENT, display_name="Bruno Ailleurs")
    make.user(role=Role.VENDOR, display_name="Chloé Éditeur", email="chloe@editeur.example")
    html = client.get("/admin/users?territory=drome").get_data(as_text=True)
    assert "Alice Drôme" in html and "Bruno Ailleurs" not in html
    html = client.get("/admin/users?role=vendor").get_data(as_text=True)
    assert "Chloé Éditeur" in html and "Alice Drôme" not in html
    html = client.get("/admin/users?q=EDITEUR.example").get_data(as_text=True)
    assert "Chloé Éditeur" in html and "Bruno Ailleurs" not in html


def test_people_are_listed_the_french_way_across_pages(client, admin, make):
    for name in ("denis Roux", "Élodie Martin", "Fabrice Noël", "Émile Blanc", "eva Petit"):
        make.user(role=Role.REFERENT, display_name=name)
    html = client.get("/admin/users?role=referent&per_page=100").get_data(as_text=True)
    order = ["denis Roux", "Élodie Martin", "Émile Blanc", "eva Petit", "Fabrice Noël"]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)


def test_text_search_ignores_accents_in_names(client, admin, make):
    make.user(role=Role.REFERENT, display_name="Élodie Martin")
    make.user(role=Role.REFERENT, display_name="Bruno Ailleurs")
    html = client.get("/admin/users?q=elodie").get_data(as_text=True)
    assert "Élodie Martin" in html and "Bruno Ailleurs" not in html


def test_list_is_paginated_with_constant_queries(client, admin, make, count_queries):
    for _ in range(3):
        make.user(role=Role.REFERENT)
    with count_queries() as few:
        client.get("/admin/users?per_page=2")
    for _ in range(6):
        make.user(role=Role.REFERENT)
    with count_queries() as many:
        html = client.get("/admin/users?per_page=5&page=2").get_data(as_text=True)
    assert many.count == few.count
    assert "Page 2 sur 2" in html


def test_services_refuse_non_admins(make, db):
    vendor = make.user(role=Role.VENDOR)
    user = make.user(role=Role.REFERENT)
    with pytest.raises(PermissionDenied):
        accounts.user_set_active(actor=vendor, user=user, active=False)
    with pytest.raises(PermissionDenied):
        accounts.password_reset(actor=vendor, user=user, password="x" * 12)


def test_update_service_validates_club(make, db):
    admin = make.user(role=Role.ADMIN)
    user = make.user(role=Role.CLUB_MEMBER)
    with pytest.raises(ValidationFailed) as error:
        accounts.user_update(
            actor=admin,
            user=user,
            display_name="N",
            role=Role.CLUB_MEMBER,
            territory_id=None,
            club_id=9999,
        )
    assert "club" in error.value.fields
