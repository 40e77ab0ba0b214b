"""The OpenAPI document: valid, complete, public; and the human-readable page."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator


def test_document_is_served_without_authentication(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "Error" in doc["components"]["schemas"]


def test_every_schema_is_valid_json_schema(spec):
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_api_route_is_documented(app, spec):
    documented = {
        (method.upper(), path) for path, methods in spec["paths"].items() for method in methods
    }
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint in (
            "api.openapi_json",
            "api.docs",
        ):
            continue
        path = re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        path = path.replace("{wish_id}", "{id}") if path.startswith("/wishes/{wish_id}") else path
        path = path.replace("{item_id}", "{id}").replace("{workshop_id}", "{id}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in documented, f"{method} {path} is not documented"


def test_similar_endpoint_is_documented(app, spec):
    if "api.wishes_similar" not in app.view_functions:
        pytest.skip("the search feature is not merged: the document lists only served paths")
    assert "/wishes/similar" in spec["paths"]


def test_error_responses_match_the_error_schema(api):
    response = api.get("/wishes")  # validated by the api fixture
    assert response.status_code == 401


def test_docs_page_is_html_in_the_sites_look(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "pico.min.css" in html
    assert "GET /api/v1/wishes" in html
    assert "curl" in html and "Authorization: Bearer" in html


def test_links_lead_to_documented_operations_and_parameters(spec):
    """Links (followed by clients and by the stateful fuzzer) name real operations,
    fill their path parameters and only read the response or the request's path."""
    operations = {
        op["operationId"]: op for methods in spec["paths"].values() for op in methods.values()
    }
    followed = 0
    for source in operations.values():
        for status, response in source["responses"].items():
            for name, link in response.get("links", {}).items():
                target = operations[link["operationId"]]
                path_names = {p["name"] for p in target["parameters"] if p["in"] == "path"}
                assert set(link["parameters"]) <= path_names, name
                for expression in link["parameters"].values():
                    assert re.fullmatch(
                        r"\$response\.body#/[\w/]+|\$request\.path\.\w+", expression
                    )
                assert status.startswith("2")
                followed += 1
    assert followed >= 30
    created = spec["paths"]["/wishes"]["post"]["responses"]["201"]["links"]
    assert created["voteWish"]["parameters"] == {"id": "$response.body#/id"}
