"""Sessions end at logout, header credentials stand alone, tokens die with a password."""

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import ApiToken, Event, RoadmapItem, Role
from app.services.tokens import token_create, token_revoke

PASSWORD = "un-bon-mot-de-passe"
NEW_PASSWORD = "un-nouveau-mot-de-passe"


@pytest.fixture
def claire(make):
    return make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)


def _login(client, **extra):
    return client.post(
        "/login", data={"email": "claire@example.org", "password": PASSWORD, **extra}
    )


def _copy_cookies(source, target, *names):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def _token(db, user, name="script"):
    _token, plaintext = token_create(user=user, name=name)
    db.session.commit()
    return plaintext


# --- logout ends the session server-side ---------------------------------------------


def test_a_session_cookie_captured_before_logout_no_longer_works(app, claire):
    browser, thief = app.test_client(), app.test_client()
    _login(browser)
    _copy_cookies(browser, thief, "session")
    assert thief.get("/wishes").status_code == 200
    browser.post("/logout")
    assert thief.get("/wishes").status_code == 302
    assert thief.get("/api/v1/wishes").status_code in (200, 401)  # anonymous, not Claire
    assert thief.get("/account").status_code == 302


def test_a_remember_cookie_captured_before_logout_no_longer_works(app, claire):
    browser, thief = app.test_client(), app.test_client()
    _login(browser, remember="y")
    _copy_cookies(browser, thief, "remember_token")
    assert thief.get("/wishes").status_code == 200  # the remember cookie alone logs in
    browser.post("/logout")
    fresh = app.test_client()
    _copy_cookies(thief, fresh, "remember_token")
    assert fresh.get("/wishes").status_code == 302


def test_logging_in_again_after_logout_works(client, claire):
    _login(client)
    client.post("/logout")
    _login(client)
    assert client.get("/wishes").status_code == 200


# --- the Authorization header alone --------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Bearer sht_not-a-real-token", "Bearer ", "Basic Y2xhaXJlOnBhc3M=", "Token abc"],
)
def test_bad_header_credentials_are_a_401_even_with_a_valid_session(client, claire, header):
    _login(client)
    response = client.get("/api/v1/wishes", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    response = client.put("/api/v1/wishes/1/vote", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_token_is_a_401_not_the_session_behind_it(client, db, claire):
    plaintext = _token(db, claire)
    token_id = db.session.execute(select(ApiToken.id)).scalar_one()
    _login(client)
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/wishes", headers=headers).status_code == 200
    token_revoke(user=claire, token_id=token_id)
    db.session.commit()
    assert client.get("/api/v1/wishes", headers=headers).status_code == 401
    assert client.get("/wishes", headers=headers).status_code == 401  # pages too
    assert client.get("/wishes").status_code == 200  # the cookie alone still works


def test_a_valid_token_acts_as_its_owner_whatever_the_cookie(client, db, claire, make):
    vendor = make.user(role=Role.VENDOR)
    plaintext = _token(db, vendor)
    _login(client)  # Claire's cookie, the vendor's token
    response = client.post(
        "/api/v1/roadmap",
        json={"title": "Élément créé par jeton"},
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 201  # a referent may not; the vendor may


def test_the_cross_site_guard_applies_with_an_authorization_header(client, db, claire):
    plaintext = _token(db, claire)
    for extra in ({"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(
            "/api/v1/wishes",
            json={"title": "Depuis un autre site"},
            headers={"Authorization": f"Bearer {plaintext}", **extra},
        )
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "cross_site_request"


# --- API tokens and the password -----------------------------------------------------


def test_a_password_change_revokes_every_api_token(client, db, claire):
    plaintexts = [_token(db, claire, "tableur"), _token(db, claire, "script")]
    _login(client)
    client.post(
        "/account",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
            "pw-submit": "1",
        },
    )
    for plaintext in plaintexts:
        response = client.get("/api/v1/wishes", headers={"Authorization": f"Bearer {plaintext}"})
        assert response.status_code == 401
    revoked = db.session.execute(select(ApiToken.revoked_at)).scalars().all()
    assert len(revoked) == 2 and all(revoked)


def test_a_password_reset_by_link_revokes_the_tokens_too(client, db, claire):
    from app.services.password_reset import password_reset_complete, reset_token_for

    plaintext = _token(db, claire)
    password_reset_complete(token=reset_token_for(claire), password=NEW_PASSWORD)
    db.session.commit()
    response = client.get("/api/v1/wishes", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401


def test_revoke_all_my_tokens_from_the_account_page(client, db, claire, make):
    mine = [_token(db, claire, "a"), _token(db, claire, "b")]
    other = _token(db, make.user(role=Role.REFERENT))
    _login(client)
    page = client.get("/account").get_data(as_text=True)
    assert "/account/tokens/revoke-all" in page and "Révoquer tous mes jetons" in page
    response = client.post("/account/tokens/revoke-all", follow_redirects=True)
    assert "2 jetons révoqués." in response.get_data(as_text=True)
    for plaintext in mine:
        assert (
            client.get("/api/v1/wishes", headers={"Authorization": f"Bearer {plaintext}"})
        ).status_code == 401
    assert (
        client.get("/api/v1/wishes", headers={"Authorization": f"Bearer {other}"})
    ).status_code == 200


# --- dates far outside reason --------------------------------------------------------


@pytest.fixture
def planned_item(db):
    item = RoadmapItem(title="Tarifs saisonniers", status="planned")
    db.session.add(item)
    db.session.commit()
    return item


@freeze_time("2026-06-01")
@pytest.mark.parametrize("shipped_on", ["9999-12-31", "1999-12-31", "2036-06-02"])
def test_the_api_refuses_a_delivery_date_out_of_range(client, db, make, planned_item, shipped_on):
    plaintext = _token(db, make.user(role=Role.VENDOR))
    response = client.patch(
        f"/api/v1/roadmap/{planned_item.id}",
        json={"status": "shipped", "release": "2026.2", "shipped_on": shipped_on},
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 422
    assert "Date hors limites" in response.get_json()["error"]["fields"]["shipped_on"]
    db.session.refresh(planned_item)
    assert planned_item.status == "planned" and planned_item.shipped_on is None


@freeze_time("2026-06-01")
def test_the_api_accepts_dates_within_the_range(client, db, make, planned_item):
    plaintext = _token(db, make.user(role=Role.VENDOR))
    response = client.patch(
        f"/api/v1/roadmap/{planned_item.id}",
        json={"status": "shipped", "release": "2026.2", "shipped_on": "2036-06-01"},
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 200, response.get_json()
    db.session.refresh(planned_item)
    assert planned_item.shipped_on == date(2036, 6, 1)


@freeze_time("2026-06-01")
def test_the_shipping_form_refuses_a_date_out_of_range(client, auth, db, planned_item):
    auth.as_role(Role.VENDOR)
    response = client.post(
        f"/roadmap/{planned_item.id}/status",
        data={
            "status": "shipped",
            "shipped_on": "9999-12-31",
            "release": "Open Pro 2026.2",
            "version": str(planned_item.version),
        },
        follow_redirects=True,
    )
    assert "Date hors limites" in response.get_data(as_text=True)
    db.session.refresh(planned_item)
    assert planned_item.shipped_on is None


@freeze_time("2026-06-01")
def test_the_event_form_refuses_dates_out_of_range(client, auth, db):
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/events/new",
        data={"name": "Rencontre 2099", "starts_on": "1999-04-09", "ends_on": "9999-12-31"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("Date hors limites") == 2
    assert db.session.execute(select(Event)).first() is None
