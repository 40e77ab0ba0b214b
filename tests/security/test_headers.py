"""Security headers on every kind of response, and templates the CSP will not break."""

import re
from pathlib import Path

import pytest

from app.models import Role

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_headers_on_a_public_page(client):
    _assert_security_headers(client.get("/login"))


def test_headers_on_a_member_page(client, auth):
    auth.as_role(Role.REFERENT)
    _assert_security_headers(client.get("/wishes"))


def test_headers_on_a_redirect(client):
    response = client.get("/wishes")
    assert response.status_code == 302
    _assert_security_headers(response)


def test_headers_on_error_pages(client, auth):
    _assert_security_headers(client.get("/no-such-page"))
    auth.as_role(Role.CLUB_MEMBER)
    _assert_security_headers(client.get("/wishes/new"))  # 403


def test_headers_on_api_responses(client):
    _assert_security_headers(client.get("/api/v1/no-such-endpoint"))
    _assert_security_headers(client.get("/healthz"))


def test_headers_on_static_files(client):
    _assert_security_headers(client.get("/static/css/app.css"))


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True}])
def test_hsts_when_served_over_https(client):
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]


# What the CSP (script-src 'self'; style-src 'self') would block in a template.

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".xml", ".j2"})


def _violations(text: str) -> list[str]:
    found = []
    for attributes, content in SCRIPT_TAG.findall(text):
        if 'type="application/json"' in attributes or "type='application/json'" in attributes:
            continue
        if content.strip():
            found.append("inline <script> content")
        if "src=" not in attributes:
            found.append("<script> without src")
    found += [f"{name}= handler" for name in EVENT_HANDLER.findall(text)]
    if STYLE_ATTRIBUTE.search(text):
        found.append("style= attribute")
    if STYLE_TAG.search(text):
        found.append("<style> element")
    if JS_URL.search(text):
        found.append("javascript: URL")
    return found


def test_the_scanner_catches_what_the_csp_blocks():
    assert _violations("<script>alert(1)</script>")
    assert _violations('<button onclick="go()">x</button>')
    assert _violations('<p style="color: red">x</p>')
    assert _violations('<a href="javascript:go()">x</a>')
    assert not _violations('<script type="application/json" id="d">{"a": 1}</script>')
    assert not _violations('<script src="/static/js/app.js" defer></script>')
    assert not _violations('<p data-once="1">x</p>')


def test_templates_have_nothing_the_csp_would_block():
    problems = {
        str(path.relative_to(TEMPLATES)): found
        for path in _templates()
        if (found := _violations(path.read_text(encoding="utf-8")))
    }
    assert _templates()
    assert problems == {}


def test_rendered_pages_have_nothing_the_csp_would_block(client, auth, make):
    referent = auth.as_role(Role.REFERENT)
    wish = make.wish(author=referent, body="**Gras** <script>alert(1)</script>")
    make.product(), make.category()
    for path in (
        "/wishes",
        f"/wishes/{wish.id}",
        "/wishes/new",
        "/password/forgot",
        "/no-such-page",
    ):
        html = client.get(path).get_data(as_text=True)
        assert _violations(html) == [], path
