"""Reading query strings and JSON bodies: bad input becomes 400/422, never a 500."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from app.api.errors import ApiError, invalid
from app.converters import DB_INT_MAX
from app.extensions import db
from app.models import Category, Product, Territory

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
_MISSING = object()


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


def int_arg(name: str, default: int, *, minimum: int = 1) -> int:
    """A whole number from the query string, between ``minimum`` and the database's range."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid({name: _("Nombre entier attendu.")}) from None
    if value < minimum:
        raise invalid({name: _("Nombre entier supérieur ou égal à %(min)d attendu.", min=minimum)})
    if value > DB_INT_MAX:
        raise invalid({name: _("Nombre trop grand.")})
    return value


def pagination(default_per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """``page`` ≥ 1 and ``per_page`` between 1 and 100 (larger values are capped at 100)."""
    page = int_arg("page", 1)
    per_page = min(int_arg("per_page", default_per_page), MAX_PER_PAGE)
    if page > 1_000_000:
        raise invalid({"page": _("Page trop grande.")})
    return page, per_page


def flag_arg(name: str) -> bool:
    """A yes/no query parameter: ``true``/``1`` or ``false``/``0`` (absent: no)."""
    raw = (request.args.get(name) or "").strip().lower()
    if raw in ("", "0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    raise invalid({name: _("Valeur inconnue ; valeurs possibles : %(v)s.", v="true, false")})


def choice_arg(name: str, choices: tuple[str, ...], default: str = "") -> str:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise invalid(
            {name: _("Valeur inconnue ; valeurs possibles : %(v)s.", v=", ".join(choices))}
        )
    return raw


def date_arg(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        raise invalid({name: _("Date attendue au format AAAA-MM-JJ.")}) from None


def string_field(
    data: dict[str, Any],
    name: str,
    errors: dict[str, str],
    *,
    required: bool = False,
    nullable: bool = False,
) -> Any:
    """A string member of the body; _MISSING when absent and not required."""
    if name not in data:
        if required:
            errors[name] = _("Champ obligatoire.")
        return _MISSING
    value = data[name]
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        errors[name] = _("Texte attendu.")
        return _MISSING
    return value


def int_field(
    data: dict[str, Any], name: str, errors: dict[str, str], *, nullable: bool = True
) -> Any:
    if name not in data:
        return _MISSING
    value = data[name]
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = _("Nombre entier attendu.")
        return _MISSING
    if abs(value) > DB_INT_MAX:
        errors[name] = _("Nombre trop grand.")
        return _MISSING
    return value


def reference_field(
    data: dict[str, Any],
    name: str,
    model: type[Product] | type[Category] | type[Territory],
    errors: dict[str, str],
    *,
    required: bool = False,
) -> Any:
    """An object named by slug (or id): its id, None when null, _MISSING when absent."""
    if name not in data:
        if required:
            errors[name] = _("Champ obligatoire.")
        return _MISSING
    value = data[name]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        errors[name] = _("Identifiant (slug) attendu.")
        return _MISSING
    if isinstance(value, int) and abs(value) > DB_INT_MAX:
        errors[name] = _("Identifiant inconnu.")
        return _MISSING
    column = model.id if isinstance(value, int) else model.slug
    found = db.session.execute(select(model.id).where(column == value)).scalar_one_or_none()
    if found is None:
        errors[name] = _("Valeur inconnue : %(v)s.", v=value)
        return _MISSING
    return found


def is_missing(value: Any) -> bool:
    return value is _MISSING


def reject_unknown(data: dict[str, Any], allowed: set[str], errors: dict[str, str]) -> None:
    for key in data:
        if key not in allowed:
            errors[key] = _("Champ inconnu.")
