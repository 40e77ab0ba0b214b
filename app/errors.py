"""Error pages in the site's look; JSON errors under /api/.

An error page must render whatever went wrong: after a database error the session's
transaction is aborted (PostgreSQL refuses every further statement in it), and the
database may be down. So each handler first rolls the session back, and the page is
rendered from its own template without the context processors (no current user, no
unread count): it issues no query at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, current_app, g, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import inspect
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.extensions import db
from app.http_input import InvalidInput
from app.i18n import force_locale
from app.public_url import UntrustedHost

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """What a page looked up, or the not-found page when there is none."""
    if found is None:
        abort(404)
    return found


MESSAGES = {
    400: _l("Requête invalide."),
    401: _l("Connexion requise."),
    403: _l("Vous n'avez pas les droits nécessaires pour cette action."),
    404: _l("Cette page n'existe pas."),
    405: _l("Méthode non autorisée."),
    409: _l("Conflit avec l'état actuel."),
    413: _l("Fichier trop volumineux."),
    422: _l("Données invalides."),
    429: _l("Trop de tentatives. Réessayez dans quelques minutes."),
    500: _l("Une erreur inattendue s'est produite."),
    503: _l("Service momentanément indisponible. Réessayez dans quelques minutes."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _message(error: HTTPException, *, page: bool = False) -> str:
    """The message in the user's language. The API also passes on a description given
    to ``abort()``; a page does so only for input refusals written for the reader."""
    if isinstance(error, RequestEntityTooLarge):
        return too_large_message()
    if isinstance(error, InvalidInput | UntrustedHost):
        return str(error.description)
    if not page and error.description and error.description != type(error).description:
        return str(error.description)
    return str(MESSAGES.get(error.code or 500, error.description))


def too_large_message() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if limit >= 1_048_576:
        megabytes = format(limit / 1_048_576, ".3g")
        return _("Envoi trop volumineux : %(n)s Mo au plus.", n=megabytes)
    kilobytes = format(limit / 1024, ".3g")
    return _("Envoi trop volumineux : %(n)s Ko au plus.", n=kilobytes)


def _page_locale() -> str:
    """The reader's language, from what is at hand: never a query (``select_locale``
    may load the current user)."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    user = g.get("_login_user")
    if user is not None and not getattr(user, "is_anonymous", True):
        locale = inspect(user).dict.get("locale")  # loaded state only: no refresh
        if locale in languages:
            return locale
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the database may be unreachable; the page must still render
        current_app.logger.warning("Rollback failed while answering an error", exc_info=True)


def error_page(code: int, message: Callable[[], str] | str) -> tuple[str, int]:
    """The page; ``message`` is called (or a lazy string read) in the reader's language."""
    locale = _page_locale()
    _rollback()
    with force_locale(locale):
        html = current_app.jinja_env.get_template("errors/error.html").render(
            code=code,
            message=message() if callable(message) else str(message),
            locale=locale,
            root=request.script_root,
            site_name=current_app.config["SITE_NAME"],
        )
    return html, code


def json_error(code: int, name: str, message: Callable[[], str] | str) -> object:
    from app.api.errors import error_response

    locale = _page_locale()
    _rollback()
    with force_locale(locale):
        text = message() if callable(message) else str(message)
    return error_response(code, name, text)


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        def message() -> str:
            return _("Le formulaire a expiré. Rechargez la page et réessayez.")

        if wants_json():
            return json_error(400, "csrf_failed", message)
        return error_page(400, message)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        if wants_json():
            name = error.name.lower().replace(" ", "_")
            return json_error(code, name, lambda: _message(error))
        return error_page(code, lambda: _message(error, page=True))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if app.config.get("TESTING") and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise error
        app.logger.exception("Unhandled error")
        if wants_json():
            return json_error(500, "internal_error", MESSAGES[500])
        return error_page(500, MESSAGES[500])
