"""Downloads of the wish list and the roadmap (CSV for French spreadsheets, JSON)."""

from __future__ import annotations

from datetime import date

from flask import Response, request, stream_with_context
from flask_login import current_user

from app.decorators import roles_required
from app.exports import bp
from app.models import Role
from app.selectors.exports import (
    ROADMAP_COLUMNS,
    WISH_COLUMNS,
    RoadmapFilters,
    roadmap_export_rows,
    wish_export_rows,
)
from app.selectors.wishes import WishFilters
from app.spreadsheet import csv_stream, json_stream


def _download(chunks, fmt: str, name: str) -> Response:
    filename = f"{name}-{date.today().isoformat()}.{fmt}"
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(
        stream_with_context(chunks),
        headers={
            "Content-Type": f"{mimetype}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@bp.get("/wishes/export.<any(csv, json):fmt>")
@roles_required(*Role.MEMBERS)
def wishes(fmt: str):
    rows = wish_export_rows(WishFilters.from_args(request.args, viewer_id=current_user.id))
    chunks = csv_stream(WISH_COLUMNS, rows) if fmt == "csv" else json_stream(rows)
    return _download(chunks, fmt, "souhaits")


@bp.get("/exports/roadmap.<any(csv, json):fmt>")
@roles_required(*Role.MEMBERS)
def roadmap(fmt: str):
    rows = roadmap_export_rows(RoadmapFilters.from_args(request.args))
    chunks = csv_stream(ROADMAP_COLUMNS, rows) if fmt == "csv" else json_stream(rows)
    return _download(chunks, fmt, "feuille-de-route")
