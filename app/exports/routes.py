"""Downloads of the wish list and the roadmap (CSV for French spreadsheets, JSON)."""

from __future__ import annotations

from datetime import date

from flask import Response, request, stream_with_context
from flask_login import current_user

from app.decorators import roles_required
from app.exports import bp
from app.models import Role
from app.selectors.exports import (
    RoadmapFilters,
    export_chunks,
    roadmap_export_rows,
    wish_export_rows,
)
from app.selectors.wishes import WishFilters


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
    return _download(export_chunks("wishes", rows, fmt), fmt, "souhaits")


@bp.get("/exports/roadmap.<any(csv, json):fmt>")
@roles_required(*Role.MEMBERS)
def roadmap(fmt: str):
    rows = roadmap_export_rows(RoadmapFilters.from_args(request.args))
    return _download(export_chunks("roadmap", rows, fmt), fmt, "feuille-de-route")
