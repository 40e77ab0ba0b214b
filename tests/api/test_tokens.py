"""API tokens: creation, use, revocation, deactivated users, CLI and profile page."""

from __future__ import annotations

from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import select

from app.models import ApiToken
from app.services.tokens import token_create, token_digest, token_revoke


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_token_is_stored_as_sha256_digest_only(db, make):
    user = make.user(role="referent")
    token, plaintext = token_create(user=user, name="Tableur")
    db.session.commit()
    stored = db.session.execute(select(ApiToken)).scalar_one()
    assert stored.token_hash == token_digest(plaintext)
    assert plaintext not in (stored.token_hash, stored.prefix, stored.name)
    assert plaintext.startswith(stored.prefix)


def test_request_with_valid_token_is_authenticated(client, db, make):
    user = make.user(role="club_member")
    _token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    response = client.get("/api/v1/wishes", headers=_bearer(plaintext))
    assert response.status_code == 200


def test_use_records_last_used_at(client, db, make):
    user = make.user(role="club_member")
    token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    with freeze_time("2030-01-02 10:00:00"):
        client.get("/api/v1/wishes", headers=_bearer(plaintext))
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == datetime(2030, 1, 2, 10, tzinfo=UTC)


def test_without_credentials_answers_401_json(client):
    response = client.get("/api/v1/wishes")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_unknown_token_answers_401(client):
    response = client.get("/api/v1/wishes", headers=_bearer("sht_not-a-real-token"))
    assert response.status_code == 401


def test_malformed_authorization_header_answers_401(client):
    response = client.get("/api/v1/wishes", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert response.status_code == 401


def test_revoked_token_is_refused(client, db, make):
    user = make.user(role="club_member")
    token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    token_revoke(user=user, token_id=token.id)
    db.session.commit()
    assert client.get("/api/v1/wishes", headers=_bearer(plaintext)).status_code == 401


def test_deactivated_users_token_is_refused(client, db, make):
    user = make.user(role="club_member")
    _token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/wishes", headers=_bearer(plaintext)).status_code == 401


def test_token_has_the_roles_rights_only(client, db, make):
    user = make.user(role="visitor")
    _token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    response = client.get("/api/v1/wishes", headers=_bearer(plaintext))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_session_authentication_works_too(client, auth):
    auth.as_role("club_member")
    assert client.get("/api/v1/wishes").status_code == 200


def test_token_request_sets_no_session_cookie(client, db, make):
    user = make.user(role="club_member")
    _token, plaintext = token_create(user=user, name="x")
    db.session.commit()
    response = client.get("/api/v1/wishes", headers=_bearer(plaintext))
    assert "Set-Cookie" not in response.headers


def test_revoking_another_users_token_is_not_found(db, make):
    import pytest

    from app.services.errors import NotFound

    owner = make.user(role="referent")
    other = make.user(role="referent")
    token, _plain = token_create(user=owner, name="x")
    db.session.commit()
    with pytest.raises(NotFound):
        token_revoke(user=other, token_id=token.id)


def test_token_name_is_required(db, make):
    import pytest

    from app.services.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        token_create(user=make.user(role="referent"), name="  ")
    assert "name" in error.value.fields


def test_cli_prints_token_alone_on_last_line(runner, db, make, client):
    user = make.user(role="referent", email="marie@example.org")
    result = runner.invoke(args=["users", "token", "MARIE@example.org", "--name", "Script"])
    assert result.exit_code == 0, result.output
    plaintext = result.output.strip().splitlines()[-1]
    assert " " not in plaintext
    stored = db.session.execute(select(ApiToken)).scalar_one()
    assert stored.user_id == user.id
    assert stored.name == "Script"
    assert stored.token_hash == token_digest(plaintext)
    assert client.get("/api/v1/wishes", headers=_bearer(plaintext)).status_code == 200


def test_cli_unknown_email_fails(runner, db):
    result = runner.invoke(args=["users", "token", "nobody@example.org"])
    assert result.exit_code != 0
    assert "Unknown user" in result.output


def test_account_page_lists_tokens(client, auth, db):
    user = auth.as_role("vendor")
    token_create(user=user, name="Tableur du club")
    db.session.commit()
    page = client.get("/account").get_data(as_text=True)
    assert "Tableur du club" in page
    assert "sht_" in page


def test_account_page_creates_token_and_shows_it_once(client, auth, db):
    user = auth.as_role("vendor")
    response = client.post("/account/tokens", data={"token-name": "Mon script"})
    assert response.status_code == 200
    token = db.session.execute(select(ApiToken)).scalar_one()
    assert token.user_id == user.id and token.name == "Mon script"
    html = response.get_data(as_text=True)
    start = html.index('value="sht_') + len('value="')
    plaintext = html[start : html.index('"', start)]
    assert token.token_hash == token_digest(plaintext)
    assert plaintext not in client.get("/account").get_data(as_text=True)


def test_account_page_token_without_name_creates_nothing(client, auth, db):
    auth.as_role("vendor")
    response = client.post("/account/tokens", data={"token-name": ""})
    assert response.status_code == 302
    assert db.session.execute(select(ApiToken)).first() is None


def test_account_page_revokes_own_token(client, auth, db):
    user = auth.as_role("vendor")
    token, _plain = token_create(user=user, name="x")
    db.session.commit()
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None


def test_account_page_revoke_of_another_users_token_is_404(client, auth, db, make):
    owner = make.user(role="referent")
    token, _plain = token_create(user=owner, name="x")
    db.session.commit()
    auth.as_role("vendor")
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
