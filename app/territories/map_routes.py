"""The network's map of France (``territories.index``) and its template helpers."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

from flask import get_template_attribute, render_template, request, url_for
from flask_babel import format_percent
from markupsafe import Markup, escape

from app.decorators import roles_required
from app.geo import france_map
from app.models import Role, WishStatus
from app.selectors import catalog
from app.selectors.territory_map import (
    DepartmentView,
    MapFilters,
    TerritoryActivity,
    TerritoryMap,
    territory_map,
)
from app.templating import kept_store
from app.territories import bp

# Rendering the map and its table (a hundred departments, a row per territory, each with
# its translated and formatted figures) costs far more than reading the counters behind
# them, and during a meeting the figures move every few seconds. Each department and
# each row is rendered apart and kept under what it shows, so a vote renders again the
# few pieces where the voter's figures appear; the page around them is rendered anew.
# The pieces go in the app's store of kept HTML, beside the list rows.


def _shown(row: TerritoryActivity) -> tuple:
    """What a territory's row and tooltip show of it."""
    t = row.territory
    return (
        t.slug,
        t.name,
        t.kind,
        t.department_code,
        t.region,
        row.filed,
        row.supported,
        row.delivered,
    )


def _department_key(reader: Hashable, view: DepartmentView) -> Hashable:
    main = view.main
    return (
        "department",
        reader,
        view.code,
        view.name,
        view.path,
        view.kind,
        view.level,
        main.territory.slug if main else None,
        tuple(_shown(row) for row in view.shown),
    )


def _map_pieces(data: TerritoryMap) -> dict[str, list[Markup]]:
    """The departments of the map and the rows of the table, rendered or kept."""
    store, reader = kept_store()
    department = get_template_attribute("territories/map_svg.html", "department")
    row = get_template_attribute("territories/_map_row.html", "territory_row")
    if store is None:
        return {
            "departments": [Markup(department(view)) for view in data.departments],
            "rows": [Markup(row(shown)) for shown in data.rows],
        }
    return {
        "departments": store.pieces(
            data.departments, lambda view: _department_key(reader, view), department
        ),
        "rows": store.pieces(data.rows, lambda shown: ("row", reader, _shown(shown)), row),
    }


@bp.app_template_global("territory_url")
def territory_url(slug: str) -> str:
    """The territory's page."""
    return url_for("territories.show", slug=slug)


@bp.app_template_global("france_map")
def _france_map():
    return france_map()


@lru_cache(maxsize=1)
def _mini_map_shapes() -> tuple[tuple[str, str], ...]:
    """Each department's code and outline, escaped once per process."""
    return tuple((str(escape(d.code)), str(escape(d.path))) for d in france_map().departments)


@bp.app_template_global("mini_map_departments")
def mini_map_departments(roles: dict[str, str], uid: str) -> Markup:
    """The small map's departments, each drawn with its role (filed, supported, or a
    region's hatching when the territory is regional). Joined here: a Jinja loop over a
    hundred departments cost the wish page about a millisecond."""
    hatch = escape(uid)
    parts = []
    for code, outline in _mini_map_shapes():
        role = roles.get(code)
        if role is None:
            parts.append(
                f'<path data-code="{code}" d="{outline}" class="dept mini-dept dept-empty"></path>'
            )
            continue
        fill = (
            f' fill="url(#{hatch}-hatch-{escape(role[9:])})"'
            if role.startswith("regional-")
            else ""
        )
        parts.append(
            f'<path data-code="{code}" d="{outline}" class="dept mini-dept mini-{escape(role)}"{fill}></path>'
        )
    return Markup("".join(parts))


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
        view_box=data.view_box,
        **_map_pieces(data),
        products=catalog.active_products(),
        categories=catalog.active_categories(),
        clubs=catalog.active_clubs(),
        statuses=WishStatus.ALL,
    )


@bp.app_template_global("build_mini_map")
def _build_mini_map(filed, supported):
    from app.selectors.territory_map import mini_map

    return mini_map(list(filed), list(supported))
