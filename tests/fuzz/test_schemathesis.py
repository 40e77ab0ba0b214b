"""Schemathesis drives the JSON API from its own OpenAPI document, in process (WSGI).

Checks on every generated call: no 5xx, the status code is documented for the operation,
the content type and the body conform to the documented schema. Stateless for every
operation, as a vendor (staff: every write is allowed) and as a referent (most writes
refused). The bounded, derandomised examples keep it under a minute on CI
(``FUZZ_EXAMPLES`` to raise it locally).

The app has its own in-memory SQLite database seeded with the demo data, so the ids the
fuzzer draws often hit real wishes and roadmap items.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
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

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


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
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_document_loads_with_every_operation(api_schema):
    assert len(_operations(api_schema)) >= 19


@pytest.mark.parametrize(
    ("role", "mode"),
    [
        (Role.VENDOR, GenerationMode.POSITIVE),
        (Role.REFERENT, GenerationMode.POSITIVE),
        (Role.VENDOR, GenerationMode.NEGATIVE),
    ],
)
def test_api_conforms_to_its_document(api_schema, fuzz_app, role, mode):
    """Every operation, positive (valid) and negative (invalid) inputs, one role."""
    headers = {"Authorization": f"Bearer {fuzz_app.extensions['fuzz_tokens'][role]}"}
    failures = []
    for operation in _operations(api_schema):

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            with fuzz_app.app_context():
                db.session.remove()
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - gathered: one report for all operations
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
