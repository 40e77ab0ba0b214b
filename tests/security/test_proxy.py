"""Behind a reverse proxy (``TRUSTED_PROXIES``): the client's address and scheme come
from the proxy's X-Forwarded-* headers, so login limits count each client on its own."""

import pytest
from flask import request

from tests.security.test_rate_limit import LIMITS

BEHIND_ONE_PROXY = {**LIMITS, "TRUSTED_PROXIES": 1}


def _attempt(client, email, forwarded_for):
    return client.post(
        "/login",
        data={"email": email, "password": "mauvais"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
    )


@pytest.mark.parametrize("app_config", [BEHIND_ONE_PROXY])
def test_clients_behind_the_proxy_are_limited_each_on_their_own(client):
    for n in range(5):
        assert _attempt(client, f"user{n}@example.org", "203.0.113.7").status_code == 200
    assert _attempt(client, "user9@example.org", "203.0.113.7").status_code == 429
    assert _attempt(client, "user10@example.org", "198.51.100.4").status_code == 200


@pytest.mark.parametrize("app_config", [LIMITS])
def test_without_trusted_proxies_forwarded_headers_are_ignored(client):
    """Anyone can send X-Forwarded-For: it must not let a client pick its address."""
    for n in range(5):
        assert _attempt(client, f"user{n}@example.org", f"203.0.113.{n}").status_code == 200
    assert _attempt(client, "user9@example.org", "198.51.100.4").status_code == 429


@pytest.mark.parametrize("app_config", [BEHIND_ONE_PROXY])
def test_scheme_host_and_address_are_the_clients(app):
    app.add_url_rule(
        "/_probe", "probe", lambda: f"{request.scheme}://{request.host} {request.remote_addr}"
    )
    response = app.test_client().get(
        "/_probe",
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers={
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "souhaits.example.org",
        },
    )
    assert response.get_data(as_text=True) == "https://souhaits.example.org 203.0.113.7"


def test_a_proxy_count_that_is_not_a_number_stops_the_start(monkeypatch):
    import config

    monkeypatch.setenv("TRUSTED_PROXIES", "un")
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        config._count("TRUSTED_PROXIES", 0)
