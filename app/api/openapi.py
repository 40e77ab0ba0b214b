"""The OpenAPI 3.1 document of the API, and the human-readable page made from it.

The document is built per request so its prose follows the reader's language. Its
schemas are JSON Schema 2020-12; the tests validate real responses against them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, jsonify, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.api import schemas as models
from app.api.queries import (
    CatalogQuery,
    PageQuery,
    Query,
    RoadmapQuery,
    ShippedQuery,
    SimilarQuery,
    WishListQuery,
    WishQuery,
)
from app.public_url import public_url

JSON = "application/json"
INTEGER = {"type": "integer"}
STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_URI = {"type": ["string", "null"], "format": "uri"}
WISH_STATUS = models.WISH_STATUS
ROADMAP_STATUS = models.ROADMAP_STATUS
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(
    properties: dict[str, Any], required: list[str] | None = None, *, strict: bool = True
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    if strict:
        schema["additionalProperties"] = False
    return schema


def page_of(name: str) -> dict[str, Any]:
    return obj(
        {
            "items": {"type": "array", "items": ref(name)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
        }
    )


def _spoken(node: Any) -> Any:
    """A copy of a generated schema with its lazy descriptions in the reader's language."""
    if isinstance(node, dict):
        return {key: _spoken(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_spoken(value) for value in node]
    if isinstance(node, LazyString):
        return str(node)
    return node


def schemas() -> dict[str, Any]:
    spoken: dict[str, Any] = _spoken(models.components())
    return spoken


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
    op_id: str,
    tag: str,
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
            op_id,
            "catalogue",
            summary,
            roles,
            ok,
            params=query_params(CatalogQuery),
            errors=("401", "403", "422"),
        )
    }


def paths() -> dict[str, Any]:
    # The Rencontre cycle's operations build on this module's helpers.
    from app.api import openapi_rencontre

    members = _("membre de club, référent, éditeur, administrateur.")
    filers = _("référent (pour son territoire), éditeur, administrateur.")
    staff = _("éditeur, administrateur.")
    anyone = _("tous, sans identification tant que la feuille de route est publique.")
    wish_id = path_id("id", _("Id du souhait."))
    item_id = path_id("id", _("Id de l'élément de feuille de route."))
    link_params = [item_id, path_id("wish_id", _("Id du souhait."))]
    pledgers = _("référent (pour son territoire), administrateur.")
    pledge_params = [
        item_id,
        {
            "name": "territory_slug",
            "in": "path",
            "required": True,
            "description": _("Slug du territoire."),
            "schema": STRING,
        },
    ]
    linked_wishes = ("200", _("L'élément et ses souhaits liés."), "RoadmapItem")
    return {
        "/territories": catalogue_list(
            "listTerritories",
            _("Territoires actifs"),
            ("200", _("Une page de territoires."), "TerritoryPage"),
            members,
        ),
        "/products": catalogue_list(
            "listProducts",
            _("Produits actifs"),
            ("200", _("Une page de produits."), "ProductPage"),
            members,
        ),
        "/categories": catalogue_list(
            "listCategories",
            _("Catégories actives"),
            ("200", _("Une page de catégories."), "CategoryPage"),
            members,
        ),
        "/wishes": {
            "get": operation(
                "listWishes",
                "souhaits",
                _("Chercher et classer les souhaits"),
                members,
                ("200", _("Une page de souhaits."), "WishPage"),
                params=query_params(WishListQuery),
                errors=("401", "403", "422"),
            ),
            "post": operation(
                "createWish",
                "souhaits",
                _("Déposer un souhait"),
                filers,
                ("201", _("Le souhait déposé (le dépôt compte comme soutien)."), "WishDetail"),
                body=(
                    "WishCreate",
                    {
                        "title": "Tarification par saison dans Open Pro",
                        "body": "Les prestataires demandent des tarifs par saison.",
                        "product": "open-pro",
                        "category": "tarification",
                    },
                ),
                errors=("400", "401", "403", "422"),
            ),
        },
        "/wishes/similar": {
            "get": operation(
                "similarWishes",
                "souhaits",
                _("Souhaits proches d'un titre (doublons possibles, pendant la saisie)"),
                members,
                ("200", _("Les souhaits les plus proches."), "SimilarWishes"),
                params=query_params(SimilarQuery),
                errors=("401", "403", "422"),
            )
        },
        "/wishes/{id}": {
            "get": operation(
                "getWish",
                "souhaits",
                _("Un souhait, ses soutiens, ses éléments de feuille de route et son historique"),
                members,
                ("200", _("Le souhait."), "WishDetail"),
                params=[wish_id, *query_params(WishQuery)],
                errors=("401", "403", "404"),
            ),
            "patch": operation(
                "updateWish",
                "souhaits",
                _("Modifier un souhait ou changer son statut (tri)"),
                _(
                    "modification : l'auteur tant que le souhait est nouveau, éditeur, "
                    "administrateur ; statut : éditeur, administrateur."
                ),
                ("200", _("Le souhait modifié."), "WishDetail"),
                params=[wish_id],
                body=("WishUpdate", {"status": "accepted", "note": "Prévu pour 2027."}),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
        },
        "/wishes/{id}/vote": {
            "put": operation(
                "voteWish",
                "souhaits",
                _("Soutenir un souhait (idempotent)"),
                _("référent, éditeur et administrateur rattachés à un territoire ; ")
                + _("l'éditeur peut soutenir au nom d'un territoire (« territory »)."),
                ("200", _("L'état du soutien."), "VoteState"),
                params=[wish_id],
                body=("VoteRequest", {"territory": "ot-vallee-drome"}),
                body_required=False,
                description=_("Un souhait non retenu ou doublon ne reçoit plus de soutien : 409."),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
            "delete": operation(
                "unvoteWish",
                "souhaits",
                _("Retirer son soutien (idempotent : sans soutien, ne fait rien)"),
                _("référent, éditeur, administrateur."),
                ("200", _("L'état du soutien."), "VoteState"),
                params=[wish_id],
                errors=("401", "403", "404"),
            ),
        },
        "/wishes/{id}/comments": {
            "get": operation(
                "listComments",
                "souhaits",
                _("Commentaires d'un souhait, du plus ancien au plus récent"),
                members,
                ("200", _("Une page de commentaires."), "CommentPage"),
                params=[wish_id, *query_params(PageQuery)],
                errors=("401", "403", "404", "422"),
            ),
            "post": operation(
                "createComment",
                "souhaits",
                _("Commenter un souhait"),
                members,
                ("201", _("Le commentaire publié."), "Comment"),
                params=[wish_id],
                body=("CommentCreate", {"body": "Nous avons le même besoin."}),
                errors=("400", "401", "403", "404", "422"),
            ),
        },
        "/wishes/{id}/merge": {
            "post": operation(
                "mergeWish",
                "souhaits",
                _("Fusionner un doublon dans un autre souhait"),
                staff,
                ("200", _("Le souhait fusionné (statut « duplicate »)."), "WishDetail"),
                params=[wish_id],
                body=("MergeRequest", {"into": 12}),
                errors=("400", "401", "403", "404", "409", "422"),
            )
        },
        "/roadmap": {
            "get": operation(
                "listRoadmap",
                "feuille de route",
                _("Éléments de la feuille de route"),
                anyone,
                ("200", _("Une page d'éléments."), "RoadmapItemPage"),
                params=query_params(RoadmapQuery),
                public=True,
                errors=("401", "422"),
            ),
            "post": operation(
                "createRoadmapItem",
                "feuille de route",
                _("Créer un élément de feuille de route"),
                staff,
                ("201", _("L'élément créé."), "RoadmapItem"),
                body=(
                    "RoadmapItemCreate",
                    {"title": "Tarifs saisonniers", "product": "open-pro", "target": "2027-T2"},
                ),
                errors=("400", "401", "403", "422"),
            ),
        },
        "/roadmap/{id}": {
            "get": operation(
                "getRoadmapItem",
                "feuille de route",
                _("Un élément de la feuille de route"),
                anyone,
                ("200", _("L'élément."), "RoadmapItem"),
                params=[item_id],
                public=True,
                errors=("401", "404"),
            ),
            "patch": operation(
                "updateRoadmapItem",
                "feuille de route",
                _("Modifier un élément ou changer son statut"),
                staff,
                ("200", _("L'élément modifié."), "RoadmapItem"),
                params=[item_id],
                body=(
                    "RoadmapItemUpdate",
                    {"status": "shipped", "release": "2027.2", "shipped_on": "2027-05-12"},
                ),
                description=_(
                    "« status » avec « note », « release » et « shipped_on » change le statut "
                    "(historique, notifications) ; les autres champs modifient l'élément. "
                    "« version » : 409 si l'élément a changé entre-temps."
                ),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
        },
        "/roadmap/{id}/pledges/{territory_slug}": {
            "put": operation(
                "pledgeFunding",
                "feuille de route",
                _("Promettre un cofinancement pour un territoire (ou changer le montant)"),
                pledgers,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=pledge_params,
                body=("PledgeRequest", {"amount": 1500}),
                description=_(
                    "409 si l'élément n'a pas d'objectif, si le financement est confirmé "
                    "(promesses verrouillées) ou si la date limite est passée."
                ),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
            "delete": operation(
                "withdrawPledge",
                "feuille de route",
                _("Retirer la promesse d'un territoire (idempotent)"),
                pledgers,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=pledge_params,
                description=_("409 une fois le financement confirmé par l'éditeur."),
                errors=("401", "403", "404", "409"),
            ),
        },
        "/roadmap/{id}/funding/confirm": {
            "post": operation(
                "confirmFunding",
                "feuille de route",
                _("Confirmer le cofinancement (objectif atteint) et verrouiller les promesses"),
                staff,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=[item_id],
                errors=("401", "403", "404", "409"),
            ),
        },
        "/roadmap/{id}/wishes/{wish_id}": {
            "put": operation(
                "linkWish",
                "feuille de route",
                _("Lier un souhait à l'élément (idempotent)"),
                staff,
                linked_wishes,
                params=link_params,
                errors=("401", "403", "404", "409"),
            ),
            "delete": operation(
                "unlinkWish",
                "feuille de route",
                _("Délier un souhait de l'élément (idempotent)"),
                staff,
                linked_wishes,
                params=link_params,
                errors=("401", "403", "404"),
            ),
        },
        "/shipped": {
            "get": operation(
                "listShipped",
                "feuille de route",
                _("Ce qui a été livré, du plus récent au plus ancien"),
                anyone,
                ("200", _("Une page d'éléments livrés."), "ShippedPage"),
                params=query_params(ShippedQuery),
                public=True,
                errors=("401", "422"),
            )
        },
        **openapi_rencontre.paths(),
    }


# What a client does next with a wish, with a roadmap item.
WISH_FOLLOW_UPS = ("updateWish", "voteWish", "unvoteWish", "createComment", "mergeWish")
ITEM_FOLLOW_UPS = ("updateRoadmapItem", "linkWish", "unlinkWish")


def links_to(targets: tuple[str, ...], **parameters: str) -> dict[str, dict[str, Any]]:
    """Links named after their target operations, each fed the same ids."""
    links = {target: {"operationId": target, "parameters": parameters} for target in targets}
    if "updateRoadmapItem" in links:
        # Send back the version just read: the edit is not refused as stale.
        links["updateRoadmapItem"]["requestBody"] = {"version": "$response.body#/version"}
    return links


def links() -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """Which response feeds which operation, by (operationId, status): a client (or
    Schemathesis, statefully) chains a filed wish to its support, comments, triage and
    merge, a roadmap item to its edits and linked wishes."""
    this = "$response.body#/id"
    pair = {"id": "$request.path.id", "wish_id": "$request.path.wish_id"}
    return {
        ("listWishes", "200"): links_to(("getWish",), id="$response.body#/items/0/id"),
        ("createWish", "201"): {
            **links_to(("getWish", "listComments", *WISH_FOLLOW_UPS), id=this),
            **links_to(("linkWish",), wish_id=this),
        },
        ("getWish", "200"): links_to(WISH_FOLLOW_UPS, id=this),
        ("updateWish", "200"): links_to(("getWish", *WISH_FOLLOW_UPS), id=this),
        ("mergeWish", "200"): {
            **links_to(("voteWish", "createComment"), id=this),
            **links_to(("getWish",), id="$response.body#/merged_into"),
        },
        ("voteWish", "200"): links_to(
            ("getWish", "unvoteWish", "updateWish"), id="$response.body#/wish_id"
        ),
        ("unvoteWish", "200"): links_to(("getWish", "voteWish"), id="$response.body#/wish_id"),
        ("createComment", "201"): links_to(
            ("listComments", "getWish"), id="$response.body#/wish_id"
        ),
        ("listRoadmap", "200"): links_to(("getRoadmapItem",), id="$response.body#/items/0/id"),
        ("createRoadmapItem", "201"): links_to(("getRoadmapItem", *ITEM_FOLLOW_UPS), id=this),
        ("getRoadmapItem", "200"): links_to(ITEM_FOLLOW_UPS, id=this),
        ("updateRoadmapItem", "200"): links_to(("getRoadmapItem", *ITEM_FOLLOW_UPS), id=this),
        ("linkWish", "200"): {
            **links_to(("updateRoadmapItem",), id=this),
            **links_to(("unlinkWish",), **pair),
            **links_to(("getWish",), id="$request.path.wish_id"),
        },
        ("unlinkWish", "200"): {
            **links_to(("getRoadmapItem",), id=this),
            **links_to(("linkWish",), **pair),
        },
    }


def _linked(paths: dict[str, Any]) -> dict[str, Any]:
    """Attach the links whose source and target operations are both served."""
    operations = {
        op["operationId"]: op
        for methods in paths.values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for (source, status), targets in links().items():
        if source not in operations:
            continue
        served = {name: link for name, link in targets.items() if link["operationId"] in operations}
        if served:
            operations[source]["responses"][status]["links"] = served
    return paths


def _served(paths: dict[str, Any]) -> dict[str, Any]:
    """Only the operations this app serves: a feature not merged yet is not advertised
    (a client following the document never meets an undocumented 404/405)."""
    adapter = current_app.url_map.bind("localhost")
    served = {}
    for path, operations in paths.items():
        url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", path)
        kept = {}
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                kept[method] = operation
                continue
            try:
                endpoint, _args = adapter.match(url, method=method.upper())
            except HTTPException:
                continue
            if endpoint.startswith("api."):
                kept[method] = operation
        if any(m in kept for m in ("get", "post", "put", "patch", "delete")):
            served[path] = kept
    return served


def document() -> dict[str, Any]:
    doc = _document()
    doc["paths"] = _linked(_served(doc["paths"]))
    return doc


def _document() -> dict[str, Any]:
    base = public_url("/api/v1")
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": _("API Souhaits"),
            "version": "1.0.0",
            "description": _(
                "Les souhaits des territoires, la feuille de route de l'éditeur et ce qui a "
                "été livré. Identification par session du navigateur ou par l'en-tête "
                "« Authorization: Bearer <jeton> » (jetons créés sur la page « Mon compte » "
                "ou par « flask --app wsgi users token EMAIL »). Mêmes droits que les pages. "
                'Erreurs : {"error": {"code", "message", "fields"}}. Dates ISO 8601 '
                "avec fuseau."
            ),
        },
        "servers": [{"url": base}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "tags": [
            {"name": "catalogue", "description": _("Territoires, produits, catégories.")},
            {"name": "souhaits", "description": _("Dépôt, soutien, commentaires, tri.")},
            {"name": "feuille de route", "description": _("Feuille de route et livraisons.")},
            {
                "name": "rencontres",
                "description": _("Ateliers, gommettes, restitution, réponses et bilan."),
            },
        ],
        "paths": paths(),
        "components": {
            "schemas": schemas(),
            "responses": error_responses(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": _("Jeton personnel d'API."),
                },
                "cookieAuth": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": _("Session du navigateur."),
                },
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        node = doc
        for part in parts:
            node = node[part]
    return node


def _curl(base: str, path: str, method: str, op: dict[str, Any]) -> str:
    url = base + path.replace("{id}", "42").replace("{wish_id}", "7")
    url = url.replace("{slug}", "rencontre-nationale-2023")
    lines = [f"curl -X {method.upper()} '{url}'" if method != "get" else f"curl '{url}'"]
    security = op.get("security")
    if security is None or security != [{}, {"bearerAuth": []}, {"cookieAuth": []}]:
        lines.append('  -H "Authorization: Bearer $SOUHAITS_TOKEN"')
    body = op.get("requestBody", {}).get("content", {}).get(JSON, {}).get("example")
    if body is not None:
        import json

        lines.append("  -H 'Content-Type: application/json'")
        lines.append("  -d '" + json.dumps(body, ensure_ascii=False) + "'")
    return " \\\n".join(lines)


@bp.get("/docs")
def docs() -> str:
    doc = document()
    base = doc["servers"][0]["url"]
    operations = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            responses = []
            for status, response in op["responses"].items():
                resolved = _resolve(doc, response)
                schema = resolved.get("content", {}).get(JSON, {}).get("schema", {})
                responses.append(
                    {
                        "status": status,
                        "description": resolved.get("description", ""),
                        "schema": schema.get("$ref", "").rsplit("/", 1)[-1],
                    }
                )
            body = op.get("requestBody", {}).get("content", {}).get(JSON, {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": op["operationId"],
                    "op": op,
                    "responses": responses,
                    "body_schema": body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1],
                    "curl": _curl(base, path, method, op),
                }
            )
    return render_template(
        "api/docs.html",
        doc=doc,
        operations=operations,
        schemas=doc["components"]["schemas"],
        base=base,
    )
