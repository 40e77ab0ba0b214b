"""The one JSON error shape of the API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from flask import jsonify


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    payload = {"error": {"code": code, "message": str(message), "fields": fields or {}}}
    response = jsonify(payload)
    response.status_code = status
    return response
