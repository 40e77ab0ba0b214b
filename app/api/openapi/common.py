"""The building blocks of the OpenAPI document: references, the error responses every
operation may give, path and query parameters, operations."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.api import schemas as models
from app.api.queries import (
    CatalogQuery,
    Query,
)

JSON = "application/json"
INTEGER = {"type": "integer"}
STRING = {"type": "string"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def spoken(node: Any) -> Any:
    """A copy of a generated schema with its lazy descriptions in the reader's language."""
    if isinstance(node, dict):
        return {key: spoken(value) for key, value in node.items()}
    if isinstance(node, list):
        return [spoken(value) for value in node]
    if isinstance(node, LazyString):
        return str(node)
    return node


def schemas() -> dict[str, Any]:
    described: dict[str, Any] = spoken(models.components())
    return described


ERRORS = {
    "400": (
        "BadRequest",
        _l(
            "Requête refusée avant tout traitement : corps JSON absent, mal formé ou trop "
            "imbriqué, ou caractère NUL dans l'adresse, les paramètres ou le corps."
        ),
    ),
    "401": ("Unauthorized", _l("Pas d'identifiants valides (session ou jeton).")),
    "403": ("Forbidden", _l("Votre rôle ne permet pas cette action.")),
    "404": ("NotFound", _l("Cet objet n'existe pas.")),
    "409": ("Conflict", _l("Conflit avec l'état actuel (souhait clos, déjà fusionné, modifié…).")),
    "422": ("ValidationFailed", _l("Champs ou paramètres invalides ; « fields » dit lesquels.")),
}


def error_responses() -> dict[str, Any]:
    return {
        name: {"description": str(text), "content": {JSON: {"schema": ref("Error")}}}
        for name, text in ERRORS.values()
    }


def path_id(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": INTEGER,
    }


_PARAMETERS: dict[type[Query], list[tuple[str, bool, dict[str, Any]]]] = {}


def query_params(model: type[Query]) -> list[dict[str, Any]]:
    """The ``parameters`` of a query string, from the model that validates it. A default
    that means "no filter" goes unsaid; paging comes last."""
    if model not in _PARAMETERS:
        schema = model.model_json_schema(mode="validation")
        needed = set(schema.get("required", []))
        names = sorted(schema["properties"], key=lambda name: name in ("page", "per_page"))
        _PARAMETERS[model] = [(name, name in needed, schema["properties"][name]) for name in names]
    params = []
    for name, required, member in _PARAMETERS[model]:
        member = dict(member)
        member.pop("title", None)
        description = member.pop("description", "")
        if not member.get("default", True):
            del member["default"]
        params.append(
            {
                "name": name,
                "in": "query",
                "required": required,
                "description": str(description),
                "schema": member,
            }
        )
    return params


def operation(
    tag: str,
    op_id: str,
    summary: str,
    roles: str,
    ok: tuple[str, str, str | None],
    *,
    errors: tuple[str, ...] = ("401", "403"),
    params: list[dict[str, Any]] | None = None,
    body: tuple[str, dict[str, Any]] | None = None,
    body_required: bool = True,
    public: bool = False,
    description: str = "",
) -> dict[str, Any]:
    """One operation of the document; a resource's module binds its tag once
    (``partial(operation, tag)``)."""
    status, text, schema_name = ok
    response: dict[str, Any] = {"description": text}
    if schema_name:
        response["content"] = {JSON: {"schema": ref(schema_name)}}
    responses = {status: response}
    # Any request may be refused by the input checks that run before the view (400).
    for code in errors if "400" in errors else ("400", *errors):
        responses[code] = {"$ref": f"#/components/responses/{ERRORS[code][0]}"}
    op: dict[str, Any] = {
        "operationId": op_id,
        "tags": [tag],
        "summary": summary,
        "description": (description + "\n\n" if description else "") + _("Rôles : ") + roles,
        "parameters": params or [],
        "responses": responses,
    }
    if body:
        name, example = body
        op["requestBody"] = {
            "required": body_required,
            "content": {JSON: {"schema": ref(name), "example": example}},
        }
    if public:
        op["security"] = [{}, {"bearerAuth": []}, {"cookieAuth": []}]
    return op


def catalogue_list(
    op_id: str, summary: str, ok: tuple[str, str, str], roles: str
) -> dict[str, Any]:
    """The path item of a catalogue list: one paginated GET."""
    return {
        "get": operation(
            "catalogue",
            op_id,
            summary,
            roles,
            ok,
            params=query_params(CatalogQuery),
            errors=("401", "403", "422"),
        )
    }
