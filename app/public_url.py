"""The site's public address: every absolute link the app writes starts here.

E-mails (password reset included), the Atom feed, exports, the API's ``url`` fields and
``Location`` headers, the OpenAPI ``servers``: an absolute link that followed the
request's ``Host`` header would let anyone who can send a request choose where a
password-reset link points, and so receive the victim's token. Links therefore come
from ``BASE_URL`` when it is set, else from the request's host only when it is one of
``TRUSTED_HOSTS``; with neither, no link is written.

Outside development and tests (``DEBUG``/``TESTING`` off), a request for a host that is
not trusted is refused with a 400 before any view runs: the trusted hosts are
``TRUSTED_HOSTS``, or the host of ``BASE_URL`` when that list is not set.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


class UntrustedHost(BadRequest):
    """A link was asked for while the request's host is not one the site answers to."""

    description = _l("Adresse du site inconnue.")


def base_url() -> str:
    """``scheme://host[/prefix]`` of the site, without the trailing slash."""
    configured = (current_app.config.get("BASE_URL") or "").strip().rstrip("/")
    if configured:
        return configured
    if has_request_context():
        trusted = current_app.config.get("TRUSTED_HOSTS")
        if trusted and host_is_trusted(request.host, trusted):
            return request.url_root.rstrip("/")
        raise UntrustedHost()
    raise RuntimeError("Set BASE_URL: links written outside a request need the site's address.")


def public_url(path: str) -> str:
    """The absolute link to a path of the site (``/wishes/3``)."""
    return base_url() + "/" + path.lstrip("/")


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint, relative to the site's root, in a request or not."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def external_url_for(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute link on the site's public address."""
    anchor = values.pop("_anchor", None)
    url = public_url(path_for(endpoint, **values))
    return f"{url}#{anchor}" if anchor else url


_ID_SENTINEL = 2_147_483_647


def external_id_url(endpoint: str, name: str) -> Callable[[int], str]:
    """What ``external_url_for(endpoint, name=id)`` writes, as a function of the id: the
    route is built and the site's address read once for a list that links every item."""
    head, _, tail = external_url_for(endpoint, **{name: _ID_SENTINEL}).partition(str(_ID_SENTINEL))
    return lambda object_id: f"{head}{int(object_id)}{tail}"


def trusted_hosts_for(config) -> list[str] | None:
    """``TRUSTED_HOSTS``, else the host of ``BASE_URL`` (any loopback name for a local one)."""
    if config.get("TRUSTED_HOSTS"):
        return list(config["TRUSTED_HOSTS"])
    host = urlsplit((config.get("BASE_URL") or "").strip()).hostname
    if not host:
        return None
    if host in LOOPBACK_HOSTS:
        return list(LOOPBACK_HOSTS)
    return [host]


def register(app: Flask) -> None:
    """Outside development and tests, answer only to the trusted hosts (Flask refuses the
    others with a 400 before routing)."""
    app.jinja_env.globals["external_url_for"] = external_url_for
    if app.debug or app.testing:
        return
    hosts = trusted_hosts_for(app.config)
    if not hosts:
        raise RuntimeError("Set BASE_URL or TRUSTED_HOSTS: the site must know its own address.")
    app.config["TRUSTED_HOSTS"] = hosts
