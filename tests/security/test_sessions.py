"""Session cookies, fixation, and sessions ended by a password change or deactivation."""

import pytest

from app.models import Role

PASSWORD = "un-bon-mot-de-passe"


@pytest.fixture
def claire(make):
    return make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)


def _login(client, email="claire@example.org", password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite_lax(client, claire):
    cookie = _session_cookie(_login(client))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True}])
def test_session_cookie_is_secure_behind_https_setting(client, claire):
    cookie = _session_cookie(_login(client))
    assert "Secure" in cookie


def test_remember_cookie_is_httponly(client, claire):
    response = _login(client, remember="y")
    remember = [c for c in response.headers.getlist("Set-Cookie") if "remember_token=" in c]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]


def test_login_clears_what_the_session_held_before(client, claire):
    """Session fixation: nothing planted before login survives it."""
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    _login(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{claire.id}:")


def test_password_change_ends_other_sessions(app, claire):
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop)
    _login(phone)
    assert phone.get("/wishes").status_code == 200
    laptop.post(
        "/account",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "un-autre-mot-de-passe",
            "pw-confirm": "un-autre-mot-de-passe",
            "pw-submit": "1",
        },
    )
    assert phone.get("/wishes").status_code == 302
    assert laptop.get("/wishes").status_code == 200  # the one who changed it stays in


def test_password_change_invalidates_remember_cookie(app, claire, db):
    client = app.test_client()
    _login(client, remember="y")
    with client.session_transaction() as session:
        session.clear()  # the browser closed: only the remember cookie is left
    assert client.get("/wishes").status_code == 200
    with client.session_transaction() as session:
        session.clear()
    claire.password_hash = "changed-elsewhere"
    db.session.commit()
    assert client.get("/wishes").status_code == 302


def test_deactivation_then_reactivation_does_not_revive_old_sessions(client, claire, db):
    _login(client)
    assert client.get("/wishes").status_code == 200
    claire.active = False
    db.session.commit()
    claire.active = True
    db.session.commit()
    assert client.get("/wishes").status_code == 302


def test_forged_session_token_is_refused(client, claire):
    with client.session_transaction() as session:
        session["_user_id"] = f"{claire.id}:not-the-token"
    assert client.get("/wishes").status_code == 302
