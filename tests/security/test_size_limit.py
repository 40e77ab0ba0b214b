"""Request bodies are bounded (``MAX_CONTENT_LENGTH``): larger ones get a 413."""

import pytest

from app.models import Role
from config import Config

ONE_MB = 1024 * 1024
SMALL_LIMIT = {"MAX_CONTENT_LENGTH": ONE_MB}


def test_default_limit_is_ten_megabytes_which_leaves_room_for_csv_imports():
    assert Config.MAX_CONTENT_LENGTH == 10 * ONE_MB
    assert Config.MAX_CONTENT_LENGTH >= 5 * ONE_MB  # a CSV import may weigh 5 MB


@pytest.mark.parametrize("app_config", [SMALL_LIMIT])
def test_a_form_over_the_limit_gets_the_413_page(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 2 * ONE_MB})
    assert response.status_code == 413
    assert "Envoi trop volumineux : 1 Mo au plus." in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [SMALL_LIMIT])
def test_a_json_body_over_the_limit_gets_the_api_error(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.post("/api/v1/wishes", json={"title": "t", "body": "x" * 2 * ONE_MB})
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["message"] == "Envoi trop volumineux : 1 Mo au plus."
    assert set(error) == {"code", "message", "fields"}


@pytest.mark.parametrize("app_config", [SMALL_LIMIT])
def test_a_body_under_the_limit_is_read(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 1000})
    assert response.status_code == 200
