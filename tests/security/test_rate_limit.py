"""Login rate limits: one per account whatever the address, one per address whatever the
account; memory storage by default, Redis when ``RATELIMIT_STORAGE_URI`` says so."""

import uuid

import pytest

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "LOGIN_RATE_LIMIT": "3 per minute",
    "LOGIN_ADDRESS_RATE_LIMIT": "5 per minute",
}


def _attempt(client, email, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": "mauvais"},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.mark.parametrize("app_config", [LIMITS])
def test_one_account_is_limited_from_many_addresses(client):
    statuses = [
        _attempt(client, "claire@example.org", address=f"10.0.0.{n}").status_code
        for n in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("app_config", [LIMITS])
def test_one_address_is_limited_over_many_accounts(client):
    statuses = [_attempt(client, f"user{n}@example.org").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.parametrize("app_config", [LIMITS])
def test_other_accounts_and_addresses_are_not_affected(client):
    for _ in range(4):
        _attempt(client, "claire@example.org", address="10.0.0.1")
    assert _attempt(client, "paul@example.org", address="10.0.0.2").status_code == 200


@pytest.mark.parametrize("app_config", [LIMITS])
def test_limit_page_is_in_french_in_the_site_look(client):
    for _ in range(3):
        _attempt(client, "claire@example.org")
    response = _attempt(client, "claire@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Trop de tentatives" in html
    assert "<nav" in html  # the site's layout, not a bare error
    assert response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("app_config", [LIMITS])
def test_login_form_display_is_not_limited(client):
    assert all(client.get("/login").status_code == 200 for _ in range(10))


@pytest.mark.parametrize(
    "app_config",
    [{"RATELIMIT_ENABLED": True, "PASSWORD_RESET_RATE_LIMIT": "2 per hour"}],
)
def test_password_reset_requests_are_limited_per_account(client):
    statuses = [
        client.post(
            "/password/forgot",
            data={"email": "claire@example.org"},
            environ_base={"REMOTE_ADDR": f"10.0.1.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


REDIS_PREFIX = f"souhaits-test-trust-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield client
    for key in client.scan_iter(f"*{REDIS_PREFIX}*"):
        client.delete(key)


@pytest.mark.parametrize(
    "app_config",
    [
        {
            **LIMITS,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/13",
            "RATELIMIT_KEY_PREFIX": REDIS_PREFIX,
        }
    ],
)
def test_limits_are_kept_in_redis_when_configured(app, client, redis_client):
    statuses = [_attempt(client, "claire@example.org", f"10.0.2.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert any(REDIS_PREFIX.encode() in key for key in redis_client.scan_iter("*"))
    # A second server process sharing the same Redis sees the same counts.
    from app import create_app
    from tests.conftest import make_config

    other = create_app(make_config(app.config["SQLALCHEMY_DATABASE_URI"], **app.config))
    response = other.test_client().post(
        "/login",
        data={"email": "claire@example.org", "password": "mauvais"},
        environ_base={"REMOTE_ADDR": "10.0.2.99"},
    )
    assert response.status_code == 429
