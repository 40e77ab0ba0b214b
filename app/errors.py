"""Error pages in the site's look; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _message(error: HTTPException) -> str:
    """A description given to ``abort()`` as is, else the message in the user's language."""
    if error.description and error.description != type(error).description:
        return str(error.description)
    return str(MESSAGES.get(error.code or 500, error.description))


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        if wants_json():
            from app.api.errors import error_response

            return error_response(
                400, "csrf_failed", _("Le formulaire a expiré. Rechargez la page et réessayez.")
            )
        return (
            render_template(
                "errors/error.html",
                code=400,
                message=_("Le formulaire a expiré. Rechargez la page et réessayez."),
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        if wants_json():
            from app.api.errors import error_response

            return error_response(code, error.name.lower().replace(" ", "_"), _message(error))
        message = str(MESSAGES.get(code, error.name))
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if app.config.get("TESTING") and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise error
        app.logger.exception("Unhandled error")
        if wants_json():
            from app.api.errors import error_response

            return error_response(500, "internal_error", str(MESSAGES[500]))
        return render_template("errors/error.html", code=500, message=str(MESSAGES[500])), 500
