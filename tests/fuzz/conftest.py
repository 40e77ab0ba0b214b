"""The app Schemathesis drives: its own in-memory SQLite database seeded with the demo
data (so drawn ids often hit real wishes and roadmap items), and an API token per role."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app
from app.extensions import db
from app.models import Role, User
from app.services import tokens as token_services
from tests.conftest import make_config


@pytest.fixture(scope="module")
def fuzz_app():
    from app.demo.seed import seed_demo

    app = create_app(make_config("sqlite://", SERVER_NAME=None))
    with app.app_context():
        db.create_all()
        seed_demo()
        tokens = {}
        for role in (Role.VENDOR, Role.REFERENT):
            user = db.session.scalars(
                db.select(User).where(User.role == role, User.active.is_(True)).limit(1)
            ).one()
            _token, plaintext = token_services.token_create(user=user, name=f"fuzz {role}")
            tokens[role] = plaintext
        db.session.commit()
    app.extensions["fuzz_tokens"] = tokens
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def bearer(fuzz_app):
    """The ``Authorization`` header of a role's token."""

    def headers(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {fuzz_app.extensions['fuzz_tokens'][role]}"}

    return headers


@pytest.fixture(scope="session")
def checks():
    """On every call: no 5xx; status code, content type and body as documented."""
    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


@pytest.fixture(scope="session")
def fuzz_settings():
    """Reproducible runs (CI): derandomised, no example database, no time limits."""
    return settings(
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
