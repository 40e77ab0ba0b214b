"""Cross-site request forgery guard for the JSON API.

The API blueprint is exempt from the form CSRF token, because its clients are scripts
(with a Bearer token) or the site's own JavaScript (with the session cookie). A page on
another site can still make the browser send the session cookie with a "simple" request:
a POST whose body is a form or text. It cannot send a JSON body, an ``Authorization``
header, or a PUT/PATCH/DELETE without a CORS preflight, which this site never approves.

So a write to ``/api/`` is refused when
- it comes from another origin (``Origin`` header of another host, or ``null``, or
  ``Sec-Fetch-Site: cross-site``), with or without an ``Authorization`` header (a
  script calling with a token sends no ``Origin``; a browser page of another site does);
- it carries no ``Authorization`` header and is a POST whose body is not
  ``application/json``.
A request with an ``Authorization`` header is then authenticated by it alone
(``app.auth_loader``), never by its cookie.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_babel import gettext as _

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _cross_site() -> bool:
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc.lower() != request.host.lower()


def refusal() -> Response | None:
    """The JSON error to send, or None when the request may go on."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return None
    from app.api.errors import error_response

    if _cross_site():
        return error_response(
            403, "cross_site_request", _("Requête venant d'un autre site refusée.")
        )
    if request.headers.get("Authorization") is not None:
        return None
    if request.method == "POST" and request.mimetype != "application/json":
        return error_response(
            400,
            "csrf_failed",
            _("Envoyez les données en JSON (Content-Type: application/json)."),
        )
    return None


def register(app: Flask) -> None:
    # First in line, before any view or authentication code runs.
    app.before_request_funcs.setdefault(None, []).insert(0, refusal)
