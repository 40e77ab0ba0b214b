"""Reading query strings and JSON bodies: bad input becomes 400/422, never a 500."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from app.api.errors import ApiError, invalid
from app.api.queries import Query

_MISSING = object()
Q = TypeVar("Q", bound=Query)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or 400 (not JSON, malformed, not an object)."""
    if not request.is_json:
        raise ApiError(
            400, "invalid_json", _("Le corps de la requête doit être du JSON (application/json).")
        )
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", _("Le corps de la requête doit être un objet JSON."))
    return data


def optional_json_body() -> dict[str, Any]:
    """Like json_body, but an empty body is an empty object."""
    if not request.get_data(cache=True):
        return {}
    return json_body()


class Given(dict[str, Any]):
    """The members a body gave, validated; an absent one reads as ``_MISSING``."""

    def __missing__(self, name: str) -> Any:
        return _MISSING


def field_errors(error: ValidationError) -> dict[str, str]:
    """One message per refused member, in the reader's language."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"]) or "body"
        if problem["type"] == "missing":
            errors.setdefault(name, _("Champ obligatoire."))
        elif problem["type"] == "extra_forbidden":
            errors.setdefault(name, _("Champ inconnu."))
        elif problem["type"] == "refused":
            errors.setdefault(name, problem["ctx"]["message"])
        else:
            errors.setdefault(name, _("Données invalides."))
    return errors


def body_of(model: type[BaseModel], *, optional: bool = False) -> tuple[Given, dict[str, str]]:
    """The JSON body checked whole by ``model``: the members given that passed, and a
    message for each one refused (all of them, not the first)."""
    data = optional_json_body() if optional else json_body()
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        errors = field_errors(error)
        # The members that passed still feed the checks made after this one.
        parsed = model.model_construct()
        for name, value in data.items():
            if name in model.model_fields and name not in errors:
                setattr(parsed, name, value)
    else:
        errors = {}
    return Given({name: getattr(parsed, name) for name in parsed.model_fields_set}), errors


def valid_body(
    model: type[BaseModel], refused: str | None = None, *, optional: bool = False
) -> Given:
    """The JSON body checked whole by ``model``, or 422 naming every refused member under
    the ``refused`` message, for views that have no check of their own to add."""
    given, errors = body_of(model, optional=optional)
    if errors:
        raise invalid(errors, refused)
    return given


def query_of(model: type[Q]) -> Q:
    """``request.args`` checked whole by ``model``: a blank parameter is an absent one.
    Every refused parameter is named (422), or 400 for those the model calls malformed."""
    given = {}
    for name in model.model_fields:
        raw = request.args.get(name)
        if raw is not None and (raw := raw.strip()):
            given[name] = raw
    try:
        return model.model_validate(given)
    except ValidationError as error:
        errors = field_errors(error)
    malformed = {name: text for name, text in errors.items() if name in model.malformed}
    if malformed:
        raise ApiError(400, "bad_request", _("Paramètre invalide."), malformed)
    raise invalid(errors)


def is_missing(value: Any) -> bool:
    return value is _MISSING
