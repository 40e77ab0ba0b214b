"""The network's map of France (``territories.index``) and its template helpers."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache

from flask import render_template, request, url_for
from flask_babel import format_percent, get_locale
from markupsafe import Markup, escape

from app.decorators import roles_required
from app.geo import france_map
from app.models import Role, WishStatus
from app.selectors import catalog
from app.selectors.territory_map import MapFilters, TerritoryMap, territory_map
from app.territories import bp

# Rendering the map and its table (a hundred departments, a row per territory, a
# formatted number per cell) costs far more than reading the counters behind them. The
# rendered fragment is kept under a digest of everything it shows, so a changed figure,
# territory, filter or language is a new key and a kept fragment is never stale.
FRAGMENTS_KEPT = 32
_fragments: OrderedDict[str, Markup] = OrderedDict()
_fragments_lock = threading.Lock()


def _fragment_key(data: TerritoryMap) -> str:
    digest = hashlib.sha256()
    digest.update(repr((str(get_locale()), sorted(request.args.items(multi=True)))).encode())
    for row in data.rows:
        t = row.territory
        digest.update(
            repr(
                (
                    t.id,
                    t.slug,
                    t.name,
                    t.kind,
                    t.region,
                    t.department_code,
                    row.filed,
                    row.supported,
                    row.delivered,
                )
            ).encode()
        )
    return digest.hexdigest()


def _map_body(filters: MapFilters, data: TerritoryMap) -> Markup:
    key = _fragment_key(data)
    with _fragments_lock:
        kept = _fragments.get(key)
        if kept is not None:
            _fragments.move_to_end(key)
            return kept
    body = Markup(render_template("territories/_map_body.html", filters=filters, map=data))
    with _fragments_lock:
        _fragments[key] = body
        while len(_fragments) > FRAGMENTS_KEPT:
            _fragments.popitem(last=False)
    return body


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
        body=_map_body(filters, data),
        products=catalog.active_products(),
        categories=catalog.active_categories(),
        clubs=catalog.active_clubs(),
        statuses=WishStatus.ALL,
    )


@bp.app_template_global("build_mini_map")
def _build_mini_map(filed, supported):
    from app.selectors.territory_map import mini_map

    return mini_map(list(filed), list(supported))
