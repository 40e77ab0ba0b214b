"""The OpenAPI 3.1 document of the API, and the human-readable page made from it.

The document is built per request so its prose follows the reader's language. Its
schemas are JSON Schema 2020-12; the tests validate real responses against them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, jsonify, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.api.openapi import rencontre, roadmap, wishes
from app.api.openapi.common import JSON, error_responses, schemas
from app.api.openapi.links import linked
from app.public_url import public_url


def paths() -> dict[str, Any]:
    return {**wishes.paths(), **roadmap.paths(), **rencontre.paths()}


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
    doc["paths"] = linked(_served(doc["paths"]))
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
