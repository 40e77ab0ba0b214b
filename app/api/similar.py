"""``GET /api/v1/wishes/similar?q=``: duplicate candidates while a title is typed."""

from __future__ import annotations

from flask import Response, request, url_for
from flask_babel import gettext as _

from app.api import bp, schemas
from app.api.auth import members
from app.api.errors import error_response
from app.api.params import int_arg
from app.labels import DELIVERY_LABELS, label
from app.search.similar import similar_wishes
from app.selectors.delivery import deliveries_for

MAX_QUERY = 200
MAX_LIMIT = 10


@bp.get("/wishes/similar")
@members
def wishes_similar() -> Response:
    q = (request.args.get("q") or "").strip()[:MAX_QUERY]
    try:
        limit = min(max(1, int(request.args.get("limit", 5))), MAX_LIMIT)
    except ValueError:
        return error_response(
            400, "bad_request", _("Paramètre invalide."), {"limit": _("Nombre entier attendu.")}
        )
    exclude = int_arg("exclude", 0) or None
    wishes = similar_wishes(q, limit=limit, exclude_id=exclude) if q else []
    deliveries = deliveries_for(wishes)
    return schemas.respond(
        schemas.SimilarWishes,
        {
            "items": [
                {
                    "id": w.id,
                    "title": w.title,
                    "status": w.status,
                    "delivery": deliveries[w.id],
                    "delivery_label": str(label(DELIVERY_LABELS, deliveries[w.id])),
                    "territory": w.territory.slug,
                    "votes": w.votes_count,
                    "territories_count": w.territories_count,
                    "url": url_for("wishes.show", wish_id=w.id),
                }
                for w in wishes
            ]
        },
    )
