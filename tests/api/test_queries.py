"""Query strings are read through their models: every refused parameter is named at
once, a blank one is an absent one, and the document lists what the model reads."""

from __future__ import annotations

import pytest

from app.api.queries import (
    CatalogQuery,
    PageQuery,
    RoadmapQuery,
    ShippedQuery,
    SimilarQuery,
    WishListQuery,
)
from app.models import WishStatus
from app.selectors.wishes import SORTS


def test_every_refused_parameter_is_named_with_its_message(api):
    api.as_role("admin")
    response = api.get("/wishes?page=0&sort=random&mine=maybe&status=soon")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {
        "page": "Nombre entier supérieur ou égal à 1 attendu.",
        "sort": "Valeur inconnue ; valeurs possibles : " + ", ".join(SORTS) + ".",
        "mine": "Valeur inconnue ; valeurs possibles : true, false.",
        "status": "Valeur inconnue ; valeurs possibles : " + ", ".join(WishStatus.ALL) + ".",
    }


def test_messages_follow_the_readers_language(api):
    api.as_role("admin")
    response = api.get("/wishes?per_page=abc", headers={"Accept-Language": "en"})
    assert response.get_json()["error"]["fields"] == {"per_page": "Integer expected."}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=2000000", "page", "Page trop grande."),
        ("page=99999999999", "page", "Nombre trop grand."),
        ("per_page=1.5", "per_page", "Nombre entier attendu."),
        ("followed=oui", "followed", "Valeur inconnue ; valeurs possibles : true, false."),
    ],
)
def test_wish_list_refusals(api, query, field, message):
    api.as_role("admin")
    response = api.get(f"/wishes?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {field: message}


def test_blank_parameters_are_absent_ones(api, make):
    make.wish()
    api.as_role("admin")
    body = api.get("/wishes?page=&per_page=%20&sort=&mine=&status=").get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 50, 1)


def test_catalogue_pages_hold_100_by_default_as_documented(api, make, spec):
    for _ in range(3):
        make.territory()
    api.as_role("admin")
    assert api.get("/territories").get_json()["per_page"] == 100
    per_page = next(
        p for p in spec["paths"]["/territories"]["get"]["parameters"] if p["name"] == "per_page"
    )
    assert per_page["schema"]["default"] == 100


def test_similar_limit_not_a_number_is_a_bad_request_before_other_checks(api):
    api.as_role("admin")
    response = api.get("/wishes/similar?q=tarifs&limit=abc&exclude=-1")
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "bad_request",
        "message": "Paramètre invalide.",
        "fields": {"limit": "Nombre entier attendu."},
    }
    response = api.get("/wishes/similar?q=tarifs&exclude=-1")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "exclude": "Nombre entier supérieur ou égal à 0 attendu."
    }


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/territories", CatalogQuery),
        ("/wishes", WishListQuery),
        ("/wishes/similar", SimilarQuery),
        ("/wishes/{id}/comments", PageQuery),
        ("/roadmap", RoadmapQuery),
        ("/shipped", ShippedQuery),
    ],
)
def test_documented_query_parameters_are_the_models(spec, path, model):
    parameters = [p for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"]
    assert {p["name"] for p in parameters} == set(model.model_fields)
    assert all(p["description"] and not p["required"] for p in parameters)
