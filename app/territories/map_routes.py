"""The network's map of France (``territories.index``) and its template helpers."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import format_percent

from app.decorators import roles_required
from app.geo import france_map
from app.models import Role, WishStatus
from app.selectors import catalog
from app.selectors.territory_map import MapFilters, territory_map
from app.territories import bp


@bp.app_template_global("territory_url")
def territory_url(slug: str) -> str:
    """The territory's page."""
    return url_for("territories.show", slug=slug)


@bp.app_template_global("france_map")
def _france_map():
    return france_map()


@bp.app_template_filter("percent")
def percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


@bp.get("/territories")
@roles_required(*Role.MEMBERS)
def index():
    filters = MapFilters.from_args(request.args)
    data = territory_map(filters)
    return render_template(
        "territories/map.html",
        filters=filters,
        map=data,
        products=catalog.active_products(),
        categories=catalog.active_categories(),
        clubs=catalog.active_clubs(),
        statuses=WishStatus.ALL,
    )


@bp.app_template_global("build_mini_map")
def _build_mini_map(filed, supported):
    from app.selectors.territory_map import mini_map

    return mini_map(list(filed), list(supported))
