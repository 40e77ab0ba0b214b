"""Error pages render whatever went wrong, without touching the database.

After a database error PostgreSQL refuses every further statement of the transaction;
the database may also be down. The handlers roll the session back and render a page
that runs no query, so the reader sees the site's page, never the server's bare one."""

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from app.models import Role
from tests.conftest import make_config

NO_PROPAGATION = {"PROPAGATE_UNEXPECTED": False}
FAILING_SQL = "SELECT no_such_column FROM no_such_table"


def _add_failing_route(app):
    def fail():
        from flask_login import current_user

        assert current_user.is_authenticated  # the user is loaded before the failure
        _db.session.execute(text(FAILING_SQL))
        return "unreachable"

    app.add_url_rule("/_failing", "failing", fail)


@pytest.mark.parametrize("app_config", [NO_PROPAGATION])
def test_after_a_database_error_the_500_page_renders_without_a_query(
    app, client, auth, count_queries
):
    _add_failing_route(app)
    auth.as_role(Role.REFERENT)
    with count_queries() as counter:
        response = client.get("/_failing")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Une erreur inattendue" in html
    assert "<nav" in html  # the site's page
    assert "no_such_table" in counter.statements[-1]  # nothing ran after the failure


@pytest.mark.parametrize("app_config", [NO_PROPAGATION])
def test_the_session_is_usable_again_after_a_database_error(app, client, auth):
    _add_failing_route(app)
    auth.as_role(Role.REFERENT)
    assert client.get("/_failing").status_code == 500
    # On PostgreSQL the failed transaction would refuse this query without the rollback.
    assert client.get("/healthz").status_code == 200
    assert client.get("/wishes").status_code == 200


@pytest.mark.parametrize("app_config", [NO_PROPAGATION])
def test_api_error_after_a_database_error_is_json(app, client, auth):
    def fail():
        _db.session.execute(text(FAILING_SQL))

    app.add_url_rule("/api/v1/_failing", "api_failing", fail)
    auth.as_role(Role.REFERENT)
    response = client.get("/api/v1/_failing")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"


def test_not_found_page_for_a_signed_in_user_runs_no_query(client, auth, count_queries):
    auth.as_role(Role.ADMIN)
    with count_queries() as counter:
        response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Cette page n&#39;existe pas" in response.get_data(as_text=True)
    assert counter.count == 0


def test_error_page_is_in_the_readers_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert 'lang="en"' in response.get_data(as_text=True)
    assert "This page does not exist" in response.get_data(as_text=True)


@pytest.fixture
def unreachable_database_app():
    """The database server does not answer (nothing listens on port 1)."""
    app = create_app(
        make_config(
            "postgresql+psycopg://souhaits@127.0.0.1:1/souhaits",
            PROPAGATE_UNEXPECTED=False,
            SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}},
        )
    )
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_healthz_answers_503_when_the_database_is_down(unreachable_database_app):
    response = unreachable_database_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_pages_answer_the_sites_500_page_when_the_database_is_down(unreachable_database_app):
    response = unreachable_database_app.test_client().get("/")
    assert response.status_code == 500
    assert "Une erreur inattendue" in response.get_data(as_text=True)
