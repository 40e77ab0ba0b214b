"""API test helpers: token clients and validation against the OpenAPI document."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from app.extensions import db as _db
from app.services.tokens import token_create


class Api:
    """Calls the API with a bearer token (or none), validating documented responses."""

    def __init__(self, client, make, spec):
        self.client = client
        self.make = make
        self.spec = spec
        self.token: str | None = None
        self.user = None

    def as_role(self, role: str, **kwargs):
        return self.as_user(self.make.user(role=role, **kwargs))

    def as_user(self, user):
        _token, plaintext = token_create(user=user, name="tests")
        _db.session.commit()
        self.token = plaintext
        self.user = user
        return user

    def anonymous(self):
        self.token = None
        self.user = None

    def call(self, method: str, path: str, *, json=None, data=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.client.open(
            "/api/v1" + path, method=method, json=json, data=data, headers=headers, **kwargs
        )
        assert response.is_json, response.data[:200]
        validate(self.spec, method, path, response)
        return response

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, **kw):
        return self.call("POST", path, **kw)

    def patch(self, path, **kw):
        return self.call("PATCH", path, **kw)

    def put(self, path, **kw):
        return self.call("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


def _template_for(spec: dict, path: str) -> str | None:
    path = path.split("?", 1)[0]
    parts = path.strip("/").split("/")
    for template in spec["paths"]:
        tparts = template.strip("/").split("/")
        if len(tparts) == len(parts) and all(
            t == p or (t.startswith("{") and (p.isdigit() or t == "{slug}" or t.endswith("_slug}")))
            for t, p in zip(tparts, parts, strict=True)
        ):
            return template
    return None


def response_schema(spec: dict, method: str, path: str, status: int) -> dict | None:
    template = _template_for(spec, path)
    assert template is not None, f"{path} is not documented"
    operation = spec["paths"][template].get(method.lower())
    assert operation is not None, f"{method} {template} is not documented"
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method} {template} does not document status {status}"
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response.get("content", {}).get("application/json", {}).get("schema")


def validate(spec: dict, method: str, path: str, response) -> None:
    """The response matches the schema the document gives for its path and status."""
    schema = response_schema(spec, method, path, response.status_code)
    if schema is None:
        return
    root = {**schema, "components": spec["components"]}
    Draft202012Validator(root).validate(response.get_json())


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def api(client, make, spec):
    return Api(client, make, spec)
