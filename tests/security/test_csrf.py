"""CSRF: every state-changing form refuses a POST without its token; the API refuses
writes a page on another site could forge with the browser's session."""

import re

import pytest

from app.models import Role

CSRF_ON = {"WTF_CSRF_ENABLED": True}
pytestmark = pytest.mark.parametrize("app_config", [CSRF_ON])
PASSWORD = "un-bon-mot-de-passe"


def _token(client, path) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def _assert_refused(response):
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Le formulaire a expiré" in html
    assert "<nav" in html  # the site's look


@pytest.fixture
def referent(make, auth):
    user = make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)
    auth.login(user)
    return user


@pytest.fixture
def wish(make, referent):
    return make.wish(author=make.user(role=Role.REFERENT))


def test_login_without_token_is_refused(client, make):
    make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)
    _assert_refused(
        client.post("/login", data={"email": "claire@example.org", "password": PASSWORD})
    )


def test_login_with_token_works(client, make):
    make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)
    token = _token(client, "/login")
    response = client.post(
        "/login",
        data={"email": "claire@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_logout_without_token_is_refused(client, referent):
    _assert_refused(client.post("/logout"))
    assert client.get("/wishes").status_code == 200  # still logged in


def test_locale_switch_without_token_is_refused(client):
    _assert_refused(client.post("/locale", data={"locale": "en"}))


def test_wish_filing_without_token_is_refused(client, referent, make, db):
    from app.models import Wish

    product, category = make.product(), make.category()
    response = client.post(
        "/wishes/new",
        data={"title": "Un souhait forgé ailleurs", "product": product.id, "category": category.id},
    )
    _assert_refused(response)
    assert db.session.query(Wish).count() == 0


def test_vote_without_token_is_refused(client, wish, db):
    _assert_refused(client.post(f"/wishes/{wish.id}/vote"))
    db.session.refresh(wish)
    assert wish.votes_count == 1  # the author's own support only


def test_vote_with_token_works(client, wish, db):
    token = _token(client, f"/wishes/{wish.id}")
    response = client.post(f"/wishes/{wish.id}/vote", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(wish)
    assert wish.votes_count == 2


def test_unvote_without_token_is_refused(client, wish):
    _assert_refused(client.post(f"/wishes/{wish.id}/unvote"))


def test_comment_without_token_is_refused(client, wish):
    _assert_refused(client.post(f"/wishes/{wish.id}/comments", data={"body": "Forgé"}))


def test_follow_without_token_is_refused(client, wish):
    _assert_refused(client.post(f"/wishes/{wish.id}/follow"))


def test_account_preferences_without_token_is_refused(client, referent, db):
    response = client.post(
        "/account",
        data={"prefs-locale": "en", "prefs-notification_preference": "never", "prefs-submit": "1"},
    )
    _assert_refused(response)
    db.session.refresh(referent)
    assert referent.notification_preference == "immediate"


def test_password_forgot_without_token_is_refused(client):
    _assert_refused(client.post("/password/forgot", data={"email": "claire@example.org"}))


def _sample_value(converter):
    """A value the route's converter accepts: 1 for integers, a listed choice for ``any``."""
    from werkzeug.routing import IntegerConverter

    name = type(converter).__name__
    if isinstance(converter, IntegerConverter):
        return 1
    if name == "AnyConverter":
        return sorted(converter.items)[0]
    return "x"


def test_every_non_api_post_route_requires_the_token(app, client, make, auth):
    """Whatever the feature, a POST outside the API without a token is refused first."""
    auth.login(make.user(role=Role.ADMIN))
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith("/api/"):
            continue
        values = {arg: _sample_value(rule._converters[arg]) for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        response = client.post(url, data={"anything": "1"})
        assert response.status_code == 400, (rule.rule, response.status_code)
        checked.append(rule.rule)
    assert "/login" in checked and "/logout" in checked


# The API: exempt from form tokens, guarded against cross-site use of the session.


def test_api_form_post_with_session_is_refused(client, referent):
    response = client.post("/api/v1/wishes", data={"title": "Forgé"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_api_text_post_with_session_is_refused(client, referent):
    response = client.post("/api/v1/wishes", data='{"title": "Forgé"}', content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_api_write_from_another_origin_is_refused(client, referent, wish):
    response = client.put(
        f"/api/v1/wishes/{wish.id}/vote", headers={"Origin": "https://evil.example.com"}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "cross_site_request"


def test_api_write_marked_cross_site_by_the_browser_is_refused(client, referent, wish):
    response = client.delete(
        f"/api/v1/wishes/{wish.id}/vote", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403


def test_api_json_post_from_the_same_origin_passes_the_guard(client, referent):
    response = client.post(
        "/api/v1/wishes", json={"title": "x"}, headers={"Origin": "http://localhost"}
    )
    body = response.get_json(silent=True) or {}
    assert body.get("error", {}).get("code") not in ("csrf_failed", "cross_site_request")


def test_api_with_bearer_token_is_spared_only_the_json_rule(client):
    # a script with a token may post a form body; it is then authenticated by the token
    response = client.post(
        "/api/v1/wishes",
        data="title=x",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": "Bearer not-a-real-token"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    # but a page of another site is refused, whatever header it manages to send
    response = client.post(
        "/api/v1/wishes",
        data="title=x",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": "Bearer not-a-real-token", "Origin": "https://elsewhere"},
    )
    assert response.get_json()["error"]["code"] == "cross_site_request"


def test_api_reads_are_not_affected(client, referent):
    response = client.get("/api/v1/wishes", headers={"Origin": "https://elsewhere.example"})
    body = response.get_json(silent=True) or {}
    assert body.get("error", {}).get("code") != "cross_site_request"
