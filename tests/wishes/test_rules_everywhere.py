"""The filing form, the API and the CSV import refuse the same bad wish for the same
reason, in the same words, and write nothing."""

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from app.models import Role, Wish
from app.services import wishes as wish_services
from app.services.errors import PermissionDenied
from app.services.imports import import_wishes

TITLE = "Le titre doit faire entre 5 et 160 caractères."
BODY = "La description est trop longue (20000 caractères au plus)."
OWN_TERRITORY = "Un référent dépose des souhaits pour son propre territoire."
WORKSHOP_ONLY = (
    "Un référent n'enregistre le soutien d'autres territoires que pour un souhait noté en atelier."
)


@pytest.fixture
def world(make):
    drome = make.territory(name="Drôme Tourisme", slug="drome")
    return {
        "referent": make.user(role=Role.REFERENT, territory=drome),
        "drome": drome,
        "isere": make.territory(name="Isère Attractivité", slug="isere"),
        "product": make.product(name="Open Pro", slug="open-pro"),
        "category": make.category(name="Tarification", slug="tarification"),
    }


def _wish(**changes):
    wish = {"title": "Tarification par saison", "body": "Une grille par saison."}
    wish.update(changes)
    return wish


def _form_says(client, auth, world, wish) -> dict[str, str]:
    auth.login(world["referent"])
    response = client.post(
        "/wishes/new",
        data={**wish, "product": world["product"].id, "category": world["category"].id},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {
        name: unescape(text) for name, text in re.findall(r'id="(\w+)-error">([^<]*)</small>', page)
    }


def _api_says(api, world, wish, status=422) -> dict[str, str]:
    api.as_user(world["referent"])
    response = api.post("/wishes", json={**wish, "product": "open-pro", "category": "tarification"})
    assert response.status_code == status
    return response.get_json()["error"]["fields"]


def _service_says(world, **filing) -> dict[str, str]:
    """What ``wish_create``, which the filing and workshop forms call, refuses with."""
    product_id, category_id = world["product"].id, world["category"].id
    with pytest.raises(PermissionDenied) as refusal:
        wish_services.wish_create(
            author=world["referent"],
            **_wish(),
            product_id=product_id,
            category_id=category_id,
            **filing,
        )
    return refusal.value.fields


def _import_says(world, wish, territory="drome", supporters="") -> list[str]:
    line = ";".join(
        [wish["title"], wish["body"], "open-pro", "tarification", territory, supporters]
    )
    report = import_wishes(
        data=f"title;body;product;category;territory;supporters\n{line}\n".encode(),
        author=world["referent"],
    )
    assert [problem.line for problem in report.problems] == [2]
    return report.problems[0].messages


def _nothing_written(db) -> bool:
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(Wish)).scalar_one() == 0


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("title", "Tarf", TITLE), ("body", "x" * 20_001, BODY)],
    ids=["title of 4 characters", "body of 20,001 characters"],
)
def test_a_bad_field_is_refused_alike_by_the_form_the_api_and_the_import(
    client, auth, api, db, world, field, value, reason
):
    wish = _wish(**{field: value})
    assert _form_says(client, auth, world, wish) == {field: reason}
    assert _api_says(api, world, wish) == {field: reason}
    assert _import_says(world, wish) == [reason]
    assert _nothing_written(db)


def test_a_referent_filing_for_another_territory_is_refused_alike(db, api, world):
    behind_the_form = _service_says(world, territory_id=world["isere"].id)
    assert behind_the_form == {"territory": OWN_TERRITORY}
    from_api = _api_says(api, world, {**_wish(), "territory": "isere"}, status=403)
    assert from_api == {"territory": OWN_TERRITORY}
    assert _import_says(world, _wish(), territory="isere") == [OWN_TERRITORY]
    assert _nothing_written(db)


def test_supporters_outside_a_workshop_are_refused_alike(db, world):
    behind_the_forms = _service_says(world, supporter_territory_ids=[world["isere"].id])
    assert behind_the_forms == {"supporters": WORKSHOP_ONLY}
    assert _import_says(world, _wish(), supporters="isere") == [WORKSHOP_ONLY]
    assert _nothing_written(db)


def test_every_problem_of_a_wish_is_reported_at_once_by_the_api_and_the_import(db, api, world):
    wish = _wish(title="Tarf", body="x" * 20_001, territory="isere")
    from_api = _api_says(api, world, wish, status=403)
    assert from_api == {"title": TITLE, "body": BODY, "territory": OWN_TERRITORY}
    from_import = _import_says(world, wish, territory="isere")
    assert from_import == [TITLE, BODY, OWN_TERRITORY]
    assert _nothing_written(db)
