"""The tables the services keep in step with the wishes and votes, read for comparison
with a full recount (:func:`app.services.activity.rebuild`)."""

from __future__ import annotations

from sqlalchemy import select

from app.models import ActivityCount, ActivityTotal, ItemTerritory, ShippedConcern
from app.services import activity


def counted_tables(db) -> dict:
    """The counted tables, without the rows a withdrawal brought back to zero."""
    detail = {
        (r.territory_id, r.product_id, r.category_id, r.status, bool(r.delivered)): (
            r.filed,
            r.supported,
        )
        for r in db.session.execute(select(ActivityCount)).scalars()
        if r.filed or r.supported
    }
    totals = {
        (r.territory_id, r.status, bool(r.delivered)): (r.filed, r.supported)
        for r in db.session.execute(select(ActivityTotal)).scalars()
        if r.filed or r.supported
    }
    items = {
        (r.roadmap_item_id, r.territory_id): r.wishes
        for r in db.session.execute(select(ItemTerritory)).scalars()
        if r.wishes
    }
    return {"detail": detail, "totals": totals, "items": items, "shipped": shipped_ranks(db)}


def shipped_rows(db) -> set[tuple[int, int]]:
    """(territory, wish) rows of the shipped wishes each territory filed or supports."""
    return set(db.session.execute(select(ShippedConcern.territory_id, ShippedConcern.wish_id)))


def shipped_ranks(db) -> set[tuple]:
    """The same rows with what the pages rank them by (listed, latest delivery)."""
    rows = select(
        ShippedConcern.territory_id,
        ShippedConcern.wish_id,
        ShippedConcern.listed,
        ShippedConcern.shipped_on,
    )
    return {(t, w, bool(listed), on) for t, w, listed, on in db.session.execute(rows)}


def assert_as_recounted(db) -> None:
    """The counted tables are what a full recount writes."""
    db.session.flush()
    kept = counted_tables(db)
    activity.rebuild()
    assert kept == counted_tables(db)
