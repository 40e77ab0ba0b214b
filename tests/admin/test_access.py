import pytest

from app.models import Role

ADMIN_URLS = [
    "/admin",
    "/admin/users",
    "/admin/users/new",
    "/admin/territories",
    "/admin/territories/new",
    "/admin/clubs",
    "/admin/clubs/new",
    "/admin/products",
    "/admin/categories/new",
    "/admin/synonyms",
]


@pytest.mark.parametrize("role", [Role.VISITOR, Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR])
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_pages_are_forbidden_to_other_roles(client, auth, role, url):
    auth.as_role(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR])
def test_admin_writes_are_forbidden_to_other_roles(client, auth, make, db, role):
    territory = make.territory(name="Intouchable")
    auth.as_role(role)
    response = client.post(f"/admin/territories/{territory.id}/active", data={"active": "0"})
    assert response.status_code == 403
    db.session.refresh(territory)
    assert territory.active


def test_admin_needs_login(client):
    response = client.get("/admin")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_dashboard_links_every_section(client, auth):
    auth.as_role(Role.ADMIN)
    html = client.get("/admin").get_data(as_text=True)
    for url in (
        "/admin/users",
        "/admin/territories",
        "/admin/clubs",
        "/admin/products",
        "/admin/categories",
        "/admin/synonyms",
    ):
        assert f'href="{url}"' in html


def test_unknown_ids_give_404_pages(client, auth):
    auth.as_role(Role.ADMIN)
    for url in (
        "/admin/users/999",
        "/admin/territories/999",
        "/admin/clubs/999",
        "/admin/products/999",
        "/admin/things",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "<html" in response.get_data(as_text=True)


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_posts_without_token_are_refused(self, client, auth, make, db):
        territory = make.territory()
        auth.as_role(Role.ADMIN)
        response = client.post(f"/admin/territories/{territory.id}/active", data={"active": "0"})
        assert response.status_code == 400
        db.session.refresh(territory)
        assert territory.active

    def test_forms_carry_a_token(self, client, auth):
        auth.as_role(Role.ADMIN)
        html = client.get("/admin/users/new").get_data(as_text=True)
        assert 'name="csrf_token"' in html
