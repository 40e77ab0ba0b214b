"""The contract is written once: the document's schemas are the models', and a body is
checked whole by its model."""

from __future__ import annotations

import pytest

from app.api import schemas
from app.api.openapi.common import spoken


def test_every_schema_of_the_document_is_a_models(app, spec):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        generated = spoken(schemas.components())
    documented = spec["components"]["schemas"]
    assert set(documented) == set(generated)
    for name, schema in generated.items():
        assert documented[name] == schema, name


def test_every_body_and_response_model_is_in_the_document(spec):
    names = {model.__name__ for model in (*schemas.RESPONSES, *schemas.REQUESTS)}
    assert names <= set(spec["components"]["schemas"])


def test_operations_refer_only_to_components(spec):
    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(spec["paths"]):
        section, name = ref.removeprefix("#/components/").split("/")
        assert name in spec["components"][section], ref


@pytest.fixture
def catalog(make):
    return make.product(slug="open-pro"), make.category(slug="tarifs")


def test_an_invalid_body_gets_every_field_error_at_once(api, catalog):
    api.as_role("referent")
    response = api.post(
        "/wishes",
        json={
            "title": 12,
            "body": ["pas", "du", "texte"],
            "product": "inconnu",
            "category": {"slug": "tarifs"},
            "providers_asking": True,
            "colour": "bleu",
        },
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert error["message"] == "Le souhait n'a pas été enregistré."
    assert error["fields"] == {
        "title": "Texte attendu.",
        "body": "Texte attendu.",
        "product": "Valeur inconnue : inconnu.",
        "category": "Identifiant (slug) attendu.",
        "providers_asking": "Nombre entier attendu.",
        "colour": "Champ inconnu.",
    }


def test_errors_speak_the_readers_language(api, catalog):
    api.as_role("referent")
    response = api.post(
        "/wishes",
        json={"product": "open-pro", "category": 999999, "colour": "bleu"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["message"] == "The wish was not saved."
    assert error["fields"] == {
        "title": "Required field.",
        "category": "Unknown value: 999999.",
        "colour": "Unknown field.",
    }


def test_the_members_that_passed_still_meet_the_services_checks(api, catalog):
    api.as_role("referent")
    response = api.post(
        "/wishes", json={"title": "abc", "product": "open-pro", "category": "tarifs", "x": 1}
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"title", "x"}


def test_a_valid_body_is_read_with_its_absent_members_left_out(api, make, catalog):
    api.as_role("vendor")
    item = api.post("/roadmap", json={"title": "Tarifs saisonniers"}).get_json()
    response = api.patch(f"/roadmap/{item['id']}", json={"target": "2027-T2"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["title"], body["target"], body["status"]) == (
        "Tarifs saisonniers",
        "2027-T2",
        item["status"],
    )
