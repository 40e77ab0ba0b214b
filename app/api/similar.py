"""``GET /api/v1/wishes/similar?q=``: duplicate candidates while a title is typed."""

from __future__ import annotations

from flask import Response, url_for

from app.api import bp, schemas
from app.api.auth import members
from app.api.params import query_of
from app.api.queries import SimilarQuery
from app.labels import DELIVERY_LABELS, label
from app.search.similar import similar_wishes
from app.selectors.delivery import deliveries_for


@bp.get("/wishes/similar")
@members
def wishes_similar() -> Response:
    query = query_of(SimilarQuery)
    wishes = (
        similar_wishes(query.q, limit=query.limit, exclude_id=query.exclude or None)
        if query.q
        else []
    )
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
