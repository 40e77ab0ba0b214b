"""Absolute links never follow the request's Host header.

A password-reset e-mail asked for with ``Host: evil.example`` must not point at
evil.example (whoever owns that host would receive the reset token). Links come from
``BASE_URL``, else from a host listed in ``TRUSTED_HOSTS``; outside development and tests
a request for any other host is refused."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from app.models import OutboxEmail, RoadmapStatus, Role
from app.services import roadmap as roadmap_services
from app.services import tokens as token_services
from tests.conftest import make_config

EVIL = {"Host": "evil.example"}
APP_DIR = Path(__file__).resolve().parents[2] / "app"


def _outbox(db) -> list[OutboxEmail]:
    return list(db.session.execute(select(OutboxEmail)).scalars())


@pytest.fixture
def claire(make):
    return make.user(role=Role.REFERENT, email="claire@example.org")


def test_reset_email_asked_for_another_host_links_to_the_site_address(client, db, claire):
    response = client.post("/password/forgot", data={"email": claire.email}, headers=EVIL)
    assert response.status_code in (200, 302)
    (email,) = [e for e in _outbox(db) if e.to_address == claire.email]
    assert "evil.example" not in email.body_text
    assert "http://localhost/password/reset/" in email.body_text


@pytest.mark.parametrize(
    "app_config", [{"BASE_URL": "", "TRUSTED_HOSTS": ["souhaits.example.org"]}]
)
def test_without_base_url_links_use_the_request_host_only_when_trusted(client, db, claire):
    refused = client.post("/password/forgot", data={"email": claire.email}, headers=EVIL)
    assert refused.status_code == 400
    assert _outbox(db) == []

    client.post(
        "/password/forgot",
        data={"email": claire.email},
        headers={"Host": "souhaits.example.org"},
    )
    (email,) = _outbox(db)
    assert "http://souhaits.example.org/password/reset/" in email.body_text


@pytest.mark.parametrize("app_config", [{"BASE_URL": "", "TRUSTED_HOSTS": None}])
def test_without_base_url_nor_trusted_hosts_no_link_is_written(client, db, claire):
    response = client.post("/password/forgot", data={"email": claire.email}, headers=EVIL)
    assert response.status_code == 400
    assert "Adresse du site inconnue" in response.get_data(as_text=True)
    assert _outbox(db) == []


def _bearer(db, user) -> dict[str, str]:
    """Cookies are kept for the test client's own host: another Host sends none."""
    _token, plaintext = token_services.token_create(user=user, name="test")
    db.session.commit()
    return {**EVIL, "Authorization": f"Bearer {plaintext}"}


def test_api_feed_and_openapi_links_ignore_the_host_header(client, make, db):
    admin = make.user(role=Role.ADMIN)
    headers = _bearer(db, admin)
    make.wish()
    item = roadmap_services.roadmap_item_create(actor=admin, title="Passerelle Apidae")
    roadmap_services.roadmap_item_set_status(
        actor=admin,
        item_id=item.id,
        status=RoadmapStatus.SHIPPED,
        shipped_on="2026-11-02",
        release="Open Pro 2026.4",
    )
    db.session.commit()
    for path in ("/api/v1/wishes", "/api/v1/roadmap", "/api/v1/openapi.json", "/shipped.atom"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert "evil.example" not in body, path
        assert "http://localhost/" in body, path


def test_location_header_of_a_created_wish_ignores_the_host_header(client, make, db):
    user = make.user(role=Role.REFERENT)
    product, category = make.product(), make.category()
    response = client.post(
        "/api/v1/wishes",
        json={
            "title": "Tarifs par saison",
            "body": "Les prestataires le demandent.",
            "product": product.slug,
            "category": category.slug,
            "territory": user.territory.slug,
        },
        headers=_bearer(db, user),
    )
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].startswith("http://localhost/api/v1/wishes/")
    assert response.get_json()["url"].startswith("http://localhost/wishes/")


def _production_app(database_url, **overrides):
    return create_app(make_config(database_url, TESTING=False, SERVER_NAME=None, **overrides))


def test_production_refuses_a_request_for_an_unknown_host(database_url, _postgres_schema):
    app = _production_app(database_url, BASE_URL="https://souhaits.example.org")
    client = app.test_client()
    refused = client.get("/login", headers=EVIL)
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)
    assert client.post("/password/forgot", headers=EVIL).status_code == 400
    assert client.get("/healthz", headers={"Host": "souhaits.example.org"}).status_code == 200


def test_production_trusts_the_listed_hosts_and_their_subdomains(database_url, _postgres_schema):
    app = _production_app(
        database_url, BASE_URL="https://souhaits.example.org", TRUSTED_HOSTS=[".example.net"]
    )
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "www.example.net"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "souhaits.example.org"}).status_code == 400


def test_production_refuses_to_start_without_knowing_its_address(database_url):
    with pytest.raises(RuntimeError, match="BASE_URL"):
        _production_app(database_url, BASE_URL="", TRUSTED_HOSTS=None)


def test_every_absolute_link_goes_through_the_public_url_module():
    """``url_for(..., _external=True)``, ``request.host_url`` and ``request.url_root``
    build links from the Host header; ``BASE_URL`` is read in one place."""
    forbidden = ("_external=True", "request.host_url", "request.url_root", "BASE_URL")
    offenders = []
    for path in APP_DIR.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt", ".xml", ".atom", ".j2"}:
            continue
        if path == APP_DIR / "public_url.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(APP_DIR)}: {f}" for f in forbidden if f in text]
    assert offenders == []
