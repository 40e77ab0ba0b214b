"""Names are listed the French way: case, accents and ligatures do not count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.collation import by_name, name_key
from app.models import Role

NAMES = ["CRT Normandie", "Éure", "calvados", "Ardèche", "Eure-et-Loir", "Œuvre", "Drôme"]
FRENCH_ORDER = ["Ardèche", "calvados", "CRT Normandie", "Drôme", "Éure", "Eure-et-Loir", "Œuvre"]


def test_name_key_ignores_case_accents_and_ligatures():
    assert sorted(NAMES, key=name_key) == FRENCH_ORDER
    assert sorted(NAMES) != FRENCH_ORDER  # what a plain sort would give


def test_names_that_fold_alike_keep_one_order():
    assert by_name(["eure", "Eure", "Éure"], name=str) == by_name(
        ["Éure", "eure", "Eure"], name=str
    )


@pytest.fixture
def territories(make):
    return [
        make.territory(name=name, slug=f"t-{i}", region="Normandie")
        for i, name in enumerate(["CRT Normandie", "Éure", "Calvados", "Orne"])
    ]


EXPECTED = ["Calvados", "CRT Normandie", "Éure", "Orne"]


def _in_page_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_filter_choices_list_territories_the_french_way(client, auth, territories):
    from app.selectors.catalog import active_territories, list_filter_choices

    assert [t.name for t in active_territories() if t.name in EXPECTED] == EXPECTED
    choices = [c.name for c in list_filter_choices().territories if c.name in EXPECTED]
    assert choices == EXPECTED
    auth.as_role(Role.REFERENT, territory=territories[-1])
    html = client.get("/wishes").get_data(as_text=True)
    start = html.index('name="territory"')
    assert _in_page_order(html[start:], EXPECTED) == EXPECTED


def test_admin_and_map_list_territories_the_french_way(client, auth, territories):
    auth.as_role(Role.ADMIN)
    html = client.get("/admin/territories").get_data(as_text=True)
    assert _in_page_order(html, EXPECTED) == EXPECTED
    html = client.get("/territories?sort=name&dir=asc").get_data(as_text=True)
    assert _in_page_order(html, EXPECTED) == EXPECTED


def test_clubs_and_products_are_listed_the_french_way(make, db):
    from app.selectors.catalog import active_clubs, active_products

    for i, name in enumerate(["Club Zéphyr", "club alpin", "Club Étoile"]):
        make.club(name=name, slug=f"club-{i}")
    for i, name in enumerate(["open pro", "Addock", "Élan"]):
        make.product(name=name, slug=f"product-{i}", position=1)
    clubs = [c.name for c in active_clubs() if c.name.lower().startswith("club")]
    assert clubs == ["club alpin", "Club Étoile", "Club Zéphyr"]
    products = [p.name for p in active_products() if p.position == 1]
    assert products == ["Addock", "Élan", "open pro"]


# Where the database still orders names: a paged API listing (its order is the API's
# own, read by scripts) and categories tied on count and position in a chart.
SQL_NAME_ORDER_ALLOWED = {"app/api/catalog.py", "app/selectors/dashboard/wishes.py"}
_SQL_NAME_ORDER = re.compile(
    r"order_by\((?:[^()]|\([^()]*\))*?\b(?:Territory|Club|Product|Category)\.name\b"
)


def test_lists_of_names_are_not_ordered_by_the_database():
    root = Path(__file__).resolve().parent.parent
    found = {
        str(path.relative_to(root))
        for path in (root / "app").rglob("*.py")
        if _SQL_NAME_ORDER.search(path.read_text(encoding="utf-8"))
    }
    assert found <= SQL_NAME_ORDER_ALLOWED, sorted(found - SQL_NAME_ORDER_ALLOWED)


def test_a_name_is_folded_once_then_read_from_the_cache():

    first = name_key("Œuvre Côte d’Émeraude Tourisme")
    hits = name_key.cache_info().hits
    assert name_key("Œuvre Côte d’Émeraude Tourisme") == first
    assert name_key.cache_info().hits == hits + 1
    assert first == ("oeuvre cote d'emeraude tourisme", "Œuvre Côte d’Émeraude Tourisme")
