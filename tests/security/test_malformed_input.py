"""Malformed input is a clear 400 (or the list it asked for), never a 500.

PostgreSQL refuses NUL characters in text, so a NUL reaching a query would be a 500 there
only; Python's JSON parser recurses, so a deeply nested body would raise RecursionError."""

import json

import pytest

from app.models import Role

NUL = "\x00"


@pytest.mark.parametrize(
    "path",
    [
        "/shipped?territory=a%00b",
        "/shipped.atom?club=%00",
        "/roadmap?product=%00",
        "/wishes?q=saison%00",
        "/territories/a%00b",
        "/wishes?%00=1",
    ],
)
def test_nul_in_a_query_string_or_path_is_a_400_page(client, auth, path):
    auth.as_role(Role.REFERENT)
    response = client.get(path)
    assert response.status_code == 400
    assert "Caractère nul" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/api/v1/wishes?q=a%00b", "/api/v1/shipped?territory=%00", "/api/v1/roadmap/%00"]
)
def test_nul_in_an_api_query_is_the_api_error(client, auth, path):
    auth.as_role(Role.REFERENT)
    response = client.get(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_characters"
    assert error["message"]


def test_nul_in_a_form_value_is_refused_and_changes_nothing(client, auth, make):
    auth.as_role(Role.REFERENT)
    product, category = make.product(), make.category()
    response = client.post(
        "/wishes/new",
        data={
            "title": f"Saisons{NUL}",
            "body": "x",
            "product": product.id,
            "category": category.id,
        },
    )
    assert response.status_code == 400
    assert "Caractère nul" in response.get_data(as_text=True)


@pytest.mark.parametrize("bad", [f"Saisons{NUL}", "\ud800 seul"])
def test_nul_or_lone_surrogate_in_a_json_string_names_the_field(client, auth, bad):
    auth.as_role(Role.REFERENT)
    response = client.post(
        "/api/v1/wishes",
        data=json.dumps({"title": bad, "body": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"title"}


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, auth):
    auth.as_role(Role.REFERENT)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/wishes", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_brackets_inside_json_strings_do_not_count_as_nesting(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.post("/api/v1/wishes", json={"title": "[" * 200, "body": "{" * 200})
    assert response.status_code == 422  # read and validated: product and category missing
    assert response.get_json()["error"]["code"] == "validation_failed"


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/wishes?page={HUGE}",
        f"/wishes?page=-{HUGE}&per_page={HUGE}",
        f"/shipped?page={HUGE}",
        f"/notifications?page={HUGE}",
        f"/triage/triage?page={HUGE}",
        f"/admin/users?page={HUGE}",
        f"/roadmap?page={HUGE}",
    ],
)
def test_a_page_number_beyond_any_range_shows_a_page(client, auth, path):
    auth.as_role(Role.ADMIN)
    assert client.get(path).status_code == 200


def test_comment_page_beyond_any_range_shows_the_wish(client, auth, make):
    auth.as_role(Role.ADMIN)
    wish = make.wish()
    assert client.get(f"/wishes/{wish.id}?comments_page={HUGE}").status_code == 200


def test_an_id_beyond_the_range_in_a_path_is_not_found(client, auth):
    auth.as_role(Role.ADMIN)
    assert client.get(f"/wishes/{HUGE}").status_code == 404
    assert client.get(f"/roadmap/{HUGE}").status_code == 404


def test_an_id_beyond_the_range_in_an_api_query_names_the_parameter(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.get(f"/api/v1/wishes/similar?q=saison&exclude={HUGE}")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"exclude"}


def test_a_select_value_beyond_the_range_is_a_form_error_and_creates_nothing(client, auth, make):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Wish

    auth.as_role(Role.REFERENT)
    category = make.category()
    response = client.post(
        "/wishes/new",
        data={"title": "Tarifs par saison", "body": "x", "product": HUGE, "category": category.id},
    )
    assert response.status_code == 200  # the form again, with its error
    assert db.session.execute(select(func.count(Wish.id))).scalar_one() == 0


def test_integer_helpers_stay_in_the_database_range():
    from app.http_input import DB_INT_MAX, MAX_PAGE, clamp_page, db_int, int_or_none

    assert clamp_page(HUGE, HUGE) == (MAX_PAGE, 100)
    assert clamp_page("-3", "abc") == (1, 50)
    assert clamp_page("1" * 5000, None) == (1, 50)  # beyond int()'s digit limit
    assert int_or_none(str(DB_INT_MAX)) == DB_INT_MAX
    assert int_or_none(str(DB_INT_MAX + 1)) is None
    assert db_int("42") == 42
    for bad in (HUGE, "-" + HUGE, "douze", "", None, True):
        with pytest.raises((ValueError, TypeError)):
            db_int(bad)
