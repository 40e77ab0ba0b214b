from app.models import Role


def test_login_page_has_email_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html


def test_login_with_good_password(client, make):
    make.user(role=Role.REFERENT, email="claire@example.org", password="un-bon-mot-de-passe")
    response = client.post(
        "/login", data={"email": "Claire@Example.org", "password": "un-bon-mot-de-passe"}
    )
    assert response.status_code == 302
    assert client.get("/wishes").status_code == 200


def test_signing_in_opens_the_readers_own_home_unless_a_page_was_asked_for(client, make):
    make.user(role=Role.REFERENT, email="claire@example.org", password="un-bon-mot-de-passe")
    form = {"email": "claire@example.org", "password": "un-bon-mot-de-passe"}
    response = client.post("/login", data=form)
    assert response.headers["Location"] == "/"
    assert client.get("/login").headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/roadmap", data=form)
    assert response.headers["Location"] == "/roadmap"


def test_login_with_bad_password_says_so_without_telling_which(client, make):
    make.user(role=Role.REFERENT, email="claire@example.org", password="un-bon-mot-de-passe")
    bad_password = client.post("/login", data={"email": "claire@example.org", "password": "non"})
    unknown = client.post("/login", data={"email": "inconnu@example.org", "password": "non"})
    assert bad_password.status_code == unknown.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in bad_password.get_data(as_text=True)
    assert "Adresse e-mail ou mot de passe incorrect" in unknown.get_data(as_text=True)


def test_deactivated_account_is_refused(client, make):
    make.user(
        role=Role.REFERENT, email="old@example.org", password="un-bon-mot-de-passe", active=False
    )
    response = client.post(
        "/login", data={"email": "old@example.org", "password": "un-bon-mot-de-passe"}
    )
    assert response.status_code == 200
    assert client.get("/wishes").status_code == 302


def test_deactivation_ends_an_open_session(client, auth, db):
    user = auth.as_role(Role.REFERENT)
    assert client.get("/wishes").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/wishes").status_code == 302


def test_logout(client, auth):
    auth.as_role(Role.REFERENT)
    client.post("/logout")
    assert client.get("/wishes").status_code == 302


def test_open_redirect_is_refused(client, make):
    make.user(role=Role.REFERENT, email="c@example.org", password="un-bon-mot-de-passe")
    response = client.post(
        "/login?next=https://evil.example.com/",
        data={"email": "c@example.org", "password": "un-bon-mot-de-passe"},
    )
    assert "evil.example.com" not in response.headers["Location"]
