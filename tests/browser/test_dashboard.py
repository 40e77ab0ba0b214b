"""The map and the dashboard in a real browser, in French and English, on the demo data."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.browser

VENDOR = "editeur@demo.example.org"


@pytest.fixture(scope="module")
def demo_roadmap(live_server):
    """A few roadmap items linked to demo wishes, so the dashboard has progress to show."""

    def _add():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import RoadmapItem, Wish, WishLink

        if db.session.execute(select(RoadmapItem.id).limit(1)).first():
            return
        wishes = list(db.session.execute(select(Wish).order_by(Wish.id).limit(4)).scalars())
        items = [
            RoadmapItem(
                title="Saisons tarifaires",
                status="shipped",
                target="2024",
                shipped_on=date(2024, 3, 1),
                release="Open Pro 8.2",
            ),
            RoadmapItem(title="Copie de grilles", status="in_progress", target="2025-T2"),
        ]
        db.session.add_all(items)
        db.session.flush()
        for wish, item in zip(wishes, [items[0], items[0], items[1], items[1]], strict=True):
            db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))

    live_server.add_data(_add)


def _dept_classes(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.france-map path.dept",
        "els => Object.fromEntries(els.map(e => [e.dataset.code, e.getAttribute('class')]))",
    )


def _switch_to_english(page):
    page.click("form.lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"


def test_map_shows_demo_territories_in_their_departments(page, login, shot, csp_errors):
    login(page, VENDOR)
    page.goto("/territories")
    shot(page, "map-fr")
    classes = _dept_classes(page)
    assert len(classes) == 96
    assert "dept-territory" in classes["26"]  # Drôme
    assert "dept-territory" in classes["50"]  # Attitude Manche
    assert "dept-territory" in classes["74"]  # Lac d'Annecy
    assert "dept-regional" in classes["18"]  # Cher: covered by the CRT Centre-Val de Loire
    assert "dept-empty" in classes["75"]
    drome = page.locator("a.dept-link:has(#dept-26)")
    assert drome.get_attribute("href") == "/territories/drome"
    assert "Drôme Tourisme" in drome.get_attribute("aria-label")
    assert csp_errors(page) == []


def test_hover_and_keyboard_focus_show_the_tooltip(page, login):
    login(page, VENDOR)
    page.goto("/territories")
    tooltip = page.locator(".map-tooltip")
    page.hover("#dept-50")
    assert tooltip.is_visible()
    assert "Attitude Manche" in tooltip.inner_text()
    page.mouse.move(0, 0)
    page.focus("a.dept-link:has(#dept-26)")
    assert tooltip.is_visible()
    assert "Drôme Tourisme" in tooltip.inner_text()


def test_a_filter_recolours_the_map(page, login, shot):
    login(page, VENDOR)
    page.goto("/territories")
    before = _dept_classes(page)
    page.select_option("select[name=product]", label="Passerelles SIT")
    page.click("form.map-filters button[type=submit]")
    page.wait_for_load_state()
    assert "product=passerelles-sit" in page.url
    after = _dept_classes(page)
    shot(page, "map-fr-passerelles")
    assert after != before
    assert set(after) == set(before)


def test_map_and_dashboard_in_english(page, login, shot, demo_roadmap, csp_errors):
    login(page, VENDOR)
    page.goto("/dashboard")
    shot(page, "dashboard-fr")
    assert page.locator("[data-testid=chart-status]").is_visible()
    assert page.locator("[data-testid=chart-progress]").is_visible()
    _switch_to_english(page)
    shot(page, "dashboard-en")
    page.goto("/territories")
    assert page.get_attribute("html", "lang") == "en"
    shot(page, "map-en")
    page.goto("/dashboard/presentation")
    shot(page, "presentation-en")
    assert page.locator("[data-testid=period]").count() >= 2
    assert csp_errors(page) == []
