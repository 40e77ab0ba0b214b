"""The one JSON error shape of the API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.api.schemas.common import Error, respond
from app.extensions import db
from app.services.errors import ServiceError


class ApiError(Exception):
    """Raised by API views for bad requests the services never see (parameters, JSON)."""

    def __init__(
        self, status: int, code: str, message: str, fields: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.fields = {k: str(v) for k, v in (fields or {}).items()}


def error_response(
    status: int, code: str, message: str, fields: Mapping[str, object] | None = None
) -> Response:
    fields = {name: str(text) for name, text in (fields or {}).items()}
    payload = {"error": {"code": code, "message": str(message), "fields": fields}}
    response = respond(Error, payload, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="souhaits"'
    return response


def invalid(fields: dict[str, str], message: str | None = None) -> ApiError:
    return ApiError(422, "validation_failed", message or _("Données invalides."), fields)


def register(bp: Blueprint) -> None:
    """Map every refusal raised inside an API view to the JSON error shape."""

    @bp.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        db.session.rollback()
        return error_response(error.status, error.code, error.message, error.fields)

    @bp.errorhandler(ServiceError)
    def _service_error(error: ServiceError) -> Response:
        db.session.rollback()
        return error_response(error.status, error.code, error.message, error.fields)

    @bp.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError) -> Response:
        # A concurrent request won a race on a unique constraint: the state changed.
        db.session.rollback()
        return error_response(409, "conflict", _("Conflit avec l'état actuel. Réessayez."))

    @bp.errorhandler(StaleDataError)
    def _stale(error: StaleDataError) -> Response:
        db.session.rollback()
        return error_response(
            409, "stale", _("Cet élément a été modifié entre-temps. Rechargez-le et réessayez.")
        )
