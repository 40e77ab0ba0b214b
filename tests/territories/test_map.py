"""The map of France: figures per territory, colouring per department, filters, access."""

from __future__ import annotations

import re

import pytest

from app.models import Role, WishStatus
from app.selectors.territory_map import (
    MapFilters,
    territories_for_roadmap_item,
    territories_for_wish,
    territory_map,
)
from app.selectors.wishes import WishFilters, count_wishes, filtered_wishes

CVL = ("18", "28", "36", "37", "41", "45")


def _figures(data):
    return {r.territory.slug: (r.filed, r.supported, r.activity, r.delivered) for r in data.rows}


def _classes(html: str) -> dict[str, str]:
    """Department code -> the class attribute of its path."""
    result = {}
    for match in re.finditer(r"<path id=\"dept-(\w+)\"[^>]*?class=\"([^\"]+)\"", html, re.S):
        result[match.group(1)] = match.group(2)
    return result


def test_figures_per_territory_match_the_hand_count(world):
    data = territory_map(MapFilters())
    assert _figures(data) == {
        "drome": (2, 2, 4, 2),
        "ot-vallee": (1, 0, 1, 0),
        "manche": (1, 2, 3, 1),
        "crt": (1, 1, 2, 1),
        "isere": (1, 0, 1, 0),
        "lille": (0, 0, 0, 0),
    }


def test_share_delivered_is_delivered_over_activity(world):
    rows = {r.territory.slug: r for r in territory_map(MapFilters()).rows}
    assert rows["drome"].delivered_share == 0.5
    assert rows["lille"].delivered_share is None


def test_department_levels_sum_the_territories_of_a_department(world):
    departments = territory_map(MapFilters()).by_code()
    assert departments["26"].activity == 5
    assert [t.territory.slug for t in departments["26"].territories] == ["drome", "ot-vallee"]
    assert departments["26"].main.territory.slug == "drome"
    levels = {code: departments[code].level for code in ("26", "50", "38", "59")}
    assert levels == {"26": 4, "50": 3, "38": 1, "59": 0}


def test_regional_committee_covers_its_region_departments_without_territory(world):
    departments = territory_map(MapFilters()).by_code()
    for code in CVL:
        assert departments[code].kind == "regional"
        assert departments[code].level == 2
        assert departments[code].main.territory.slug == "crt"
    assert departments["75"].kind == "empty"


def test_map_page_colours_each_department(client, auth, world):
    auth.as_role(Role.REFERENT)
    response = client.get("/territories")
    assert response.status_code == 200
    classes = _classes(response.get_data(as_text=True))
    assert classes["26"] == "dept dept-territory act-4"
    assert classes["50"] == "dept dept-territory act-3"
    assert classes["38"] == "dept dept-territory act-1"
    assert classes["59"] == "dept dept-territory act-0"
    assert classes["41"] == "dept dept-regional act-2"
    assert classes["75"] == "dept dept-empty"
    assert len(classes) == 96


def test_map_links_departments_to_territory_pages_with_figures(client, auth, world):
    auth.as_role(Role.REFERENT)
    html = client.get("/territories").get_data(as_text=True)
    link = re.search(
        r'<a href="([^"]+)" class="dept-link" aria-label="([^"]+)"[^>]*>\s*<path id="dept-26"', html
    )
    assert link.group(1) == "/territories/drome"
    assert "Drôme Tourisme" in link.group(2) and "OT Vallée" in link.group(2)
    assert "50 %" in link.group(2).replace("\xa0", " ")


def test_product_filter_recolours_the_map(client, auth, world):
    auth.as_role(Role.REFERENT)
    classes = _classes(client.get("/territories?product=passerelles").get_data(as_text=True))
    assert classes["26"].endswith("act-4")
    assert classes["50"].endswith("act-2")
    assert classes["41"].endswith("act-2")
    assert classes["38"].endswith("act-0")


def test_status_filter_keeps_only_matching_wishes(world):
    data = territory_map(MapFilters(status="declined"))
    departments = data.by_code()
    assert departments["41"].level == 4
    assert departments["26"].level == 0
    assert _figures(data)["crt"] == (1, 0, 1, 0)


def test_category_filter(world):
    assert _figures(territory_map(MapFilters(category="cat-b")))["drome"] == (0, 2, 2, 0)


@pytest.mark.parametrize("status", ["", "declined", "duplicate", "no-such-status"])
def test_what_a_territory_filed_on_the_map_is_what_the_wish_list_shows(world, make, status):
    """The map and the list share one wish scope: without a status, duplicates are left
    out; an unknown status filters nothing."""
    make.wish(territory=world.drome, status=WishStatus.DUPLICATE)
    filed = {r.territory.slug: r.filed for r in territory_map(MapFilters(status=status)).rows}
    listed = {
        slug: count_wishes(filtered_wishes(WishFilters(status=status, territory=slug)))
        for slug in filed
    }
    assert filed == listed


def test_club_filter_shows_only_the_club_territories(client, auth, world):
    auth.as_role(Role.REFERENT)
    html = client.get("/territories?club=club-ara").get_data(as_text=True)
    classes = _classes(html)
    assert classes["50"] == "dept dept-empty"
    assert classes["41"] == "dept dept-empty"
    assert classes["26"].endswith("act-4")
    assert classes["38"].endswith("act-1")
    assert 'data-slug="manche"' not in html


@pytest.mark.parametrize(
    ("sort", "direction", "first"),
    [("name", "asc", "manche"), ("supported", "desc", "drome"), ("filed", "asc", "lille")],
)
def test_table_sorts_by_get_params(client, auth, world, sort, direction, first):
    auth.as_role(Role.REFERENT)
    html = client.get(f"/territories?sort={sort}&dir={direction}").get_data(as_text=True)
    assert re.findall(r'<tr data-slug="([^"]+)"', html)[0] == first


def test_unknown_sort_falls_back_to_activity(world):
    filters = MapFilters.from_args({"sort": "drop table", "dir": "sideways"})
    assert (filters.sort, filters.dir) == ("activity", "desc")
    assert territory_map(filters).rows[0].territory.slug == "drome"


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.VISITOR, 403), (Role.CLUB_MEMBER, 200), (Role.REFERENT, 200), (Role.VENDOR, 200)],
)
def test_map_is_for_members(client, auth, role, status):
    auth.as_role(role)
    assert client.get("/territories").status_code == status


def test_map_needs_login(client):
    assert client.get("/territories").status_code == 302


def test_map_query_count_is_constant(client, auth, make, world, count_queries):
    auth.as_role(Role.VENDOR)
    with count_queries() as few:
        assert client.get("/territories?product=passerelles").status_code == 200
    for i in range(6):
        territory = make.territory(department_code=f"{60 + i}")
        make.wish(territory=territory, product=world.gateway, supporters=[world.drome])
    with count_queries() as many:
        assert client.get("/territories?product=passerelles").status_code == 200
    assert many.count == few.count


def test_a_map_drawn_anew_reads_the_unread_count_once(app, client, auth, world, count_queries):
    """The map's pieces are rendered apart from the page (and kept): the layout's unread
    count is still read once per request, as when every piece is kept."""
    auth.as_role(Role.VENDOR)
    for kept in (False, True):
        if not kept:
            app.extensions["souhaits_kept_html"].clear()
        with count_queries() as queries:
            assert client.get("/territories").status_code == 200
        unread = [s for s in queries.statements if "FROM notification" in s]
        assert len(unread) == 1, (kept, unread)


def test_mini_map_of_a_wish(world):
    mini = territories_for_wish(world.w1.id)
    assert [t.slug for t in mini.filed] == ["drome"]
    assert sorted(t.slug for t in mini.supported) == ["crt", "manche"]
    roles = mini.roles()
    assert roles["26"] == "filed"
    assert roles["50"] == "supported"
    assert roles["41"] == "regional-supported"
    assert "38" not in roles


def test_mini_map_of_a_roadmap_item(world):
    mini = territories_for_roadmap_item(world.item_a.id)
    assert [t.slug for t in mini.filed] == ["drome"]
    assert sorted(t.slug for t in mini.supported) == ["crt", "manche"]
    assert not territories_for_roadmap_item(world.item_d.id)


def test_wish_page_shows_the_small_map(client, auth, world):
    auth.as_role(Role.REFERENT)
    html = client.get(f"/wishes/{world.w1.id}").get_data(as_text=True)
    assert 'data-testid="mini-map"' in html
    assert re.search(r'data-code="26"[^>]*class="dept mini-dept mini-filed"', html)
    assert re.search(r'data-code="50"[^>]*class="dept mini-dept mini-supported"', html)


def test_the_small_map_draws_each_department_with_its_role(app):
    from app.geo import france_map
    from app.territories.map_routes import mini_map_departments

    svg = str(
        mini_map_departments(
            {"26": "filed", "50": "supported", "41": "regional-supported"}, "wish-7"
        )
    )
    assert svg.count("<path ") == len(france_map().departments)
    assert re.search(r'data-code="26" d="[^"]+" class="dept mini-dept mini-filed"></path>', svg)
    assert re.search(r'data-code="50" d="[^"]+" class="dept mini-dept mini-supported"></path>', svg)
    assert re.search(
        r'data-code="41" d="[^"]+" class="dept mini-dept mini-regional-supported"'
        r' fill="url\(#wish-7-hatch-supported\)"></path>',
        svg,
    )
    assert re.search(r'data-code="38" d="[^"]+" class="dept mini-dept dept-empty"></path>', svg)


def test_vendored_map_keeps_its_licence(app):
    from app.geo import SVG_PATH, france_map

    assert (SVG_PATH.parent / "LICENSE.md").read_text().count("Attribution 4.0") >= 1
    assert len(france_map().departments) == 96


def test_the_map_reads_its_territories_as_columns_not_as_objects(db, world):
    """Three hundred ``Territory`` objects a request cost more than the map's SQL."""
    from app.models import Territory

    db.session.expunge_all()
    data = territory_map(MapFilters())
    assert len(data.rows) == 6
    assert not [o for o in db.session.identity_map.values() if isinstance(o, Territory)]
