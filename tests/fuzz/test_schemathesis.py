"""Schemathesis drives the JSON API from its own OpenAPI document, in process (WSGI).

Checks on every generated call: no 5xx, the status code is documented for the operation,
the content type and the body conform to the documented schema. Stateless for every
operation, as a vendor (staff: every write is allowed) and as a referent (most writes
refused). The bounded, derandomised examples keep it under a minute on CI
(``FUZZ_EXAMPLES`` to raise it locally).

The app (``fuzz_app`` in conftest) has its own database seeded with the demo data, so
the ids the fuzzer draws often hit real wishes and roadmap items.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis import GenerationMode

from app.extensions import db
from app.models import Role

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)


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
def test_api_conforms_to_its_document(
    api_schema, fuzz_app, bearer, checks, fuzz_settings, role, mode
):
    """Every operation, positive (valid) and negative (invalid) inputs, one role."""
    headers = bearer(role)
    failures = []
    for operation in _operations(api_schema):

        @settings(fuzz_settings, max_examples=EXAMPLES)
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            with fuzz_app.app_context():
                db.session.remove()
            case.call_and_validate(headers=headers, checks=checks)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - gathered: one report for all operations
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
