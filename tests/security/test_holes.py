"""Holes the authorisation matrix and the adversarial tests found, one test each."""

from __future__ import annotations

import pytest

from app.models import Role
from app.services import tokens as token_services


@pytest.mark.parametrize(
    "target", ["/\\evil.example/", "/\\/evil.example", "//evil.example", "/\t/evil.example"]
)
def test_locale_switch_does_not_redirect_to_another_site(client, target):
    response = client.post("/locale", data={"locale": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_login_next_refuses_backslash_paths(client, make):
    user = make.user(role=Role.REFERENT, password="motdepasse-solide")
    response = client.post(
        "/login?next=/%5Cevil.example",
        data={"email": user.email, "password": "motdepasse-solide"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_triage_next_refuses_backslash_paths(client, auth, make):
    auth.as_role(Role.VENDOR)
    wish = make.wish()
    response = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "under_review", "next": "/\\evil.example"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_vote_next_refuses_backslash_paths(client, auth, make):
    auth.as_role(Role.REFERENT)
    wish = make.wish()
    response = client.post(f"/wishes/{wish.id}/vote", data={"next": "/\\evil.example"})
    assert "evil.example" not in response.headers["Location"]


def test_api_merge_is_refused_to_non_staff_before_reading_the_body(client, auth, make):
    """Permission comes before the body: a 422 would tell a club member what the API expects."""
    auth.as_role(Role.CLUB_MEMBER)
    wish = make.wish()
    response = client.post(f"/api/v1/wishes/{wish.id}/merge", json={"bogus": 1})
    assert response.status_code == 403


def test_account_page_renders_for_a_referent_without_territory_pages(client, auth):
    """It linked ``territories.show`` unconditionally: a 500 until the admin pages land."""
    auth.as_role(Role.REFERENT)
    assert client.get("/account").status_code == 200


def test_bearer_token_of_a_deactivated_user_is_refused(client, make, db):
    user = make.user(role=Role.VENDOR)
    _token, plaintext = token_services.token_create(user=user, name="Script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/wishes", headers=headers).status_code == 200
    user.active = False
    db.session.commit()
    response = client.get("/api/v1/wishes", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_revoked_bearer_token_is_refused(client, make, db):
    user = make.user(role=Role.VENDOR)
    token, plaintext = token_services.token_create(user=user, name="Script")
    db.session.commit()
    token_services.token_revoke(user=user, token_id=token.id)
    db.session.commit()
    response = client.get("/api/v1/wishes", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401


def test_notifications_next_refuses_backslash_paths(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.post("/notifications/read-all", data={"next": "/\\evil.example"})
    assert "evil.example" not in response.headers["Location"]


def test_huge_ids_in_urls_are_404_not_500(client, auth):
    """Found by Schemathesis: ids beyond the integer range crashed the database call."""
    auth.as_role(Role.VENDOR)
    huge = 2**63
    assert client.get(f"/api/v1/wishes/{huge}").status_code == 404
    assert client.get(f"/wishes/{huge}").status_code == 404
    assert client.get(f"/roadmap/{huge}").status_code == 404


def test_huge_ids_in_api_bodies_are_422_not_500(client, auth, make):
    auth.as_role(Role.VENDOR)
    territory = make.territory()
    response = client.post(
        "/api/v1/wishes",
        json={
            "title": "Un souhait aux grands nombres",
            "body": "x",
            "product": 2**63,
            "category": 2**63,
            "territory": territory.slug,
        },
    )
    assert response.status_code == 422


@pytest.mark.parametrize("text", ["avant\x00après", "\ud800"])
def test_triage_note_with_unstorable_characters_is_refused_not_500(client, auth, make, text):
    """Found by hypothesis on PostgreSQL: a NUL in a note crashed the flush (DataError)."""
    from app.services import triage
    from app.services.errors import ValidationFailed

    vendor = make.user(role=Role.VENDOR)
    wish = make.wish()
    with pytest.raises(ValidationFailed):
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status="under_review", note=text)


@pytest.mark.parametrize("field", ["title", "description", "external_ref"])
def test_roadmap_fields_with_nul_are_refused(make, field):
    from app.services import roadmap
    from app.services.errors import ValidationFailed

    vendor = make.user(role=Role.VENDOR)
    values = {"title": "Élément valide", field: "texte\x00nul"}
    with pytest.raises(ValidationFailed):
        roadmap.roadmap_item_create(actor=vendor, **values)
