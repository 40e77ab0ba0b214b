"""Real-browser journeys (issue 6): a referent files and supports wishes with the
keyboard only, the vendor ships a roadmap item answering them, the referent is told;
and an axe-core accessibility check (WCAG 2 A/AA) of the main pages.

Each journey builds its own data (unique titles), so the tests do not depend on each
other nor on their order; they share the session's live server.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DROME = "referent.drome@demo.example.org"
MANCHE = "referent.manche@demo.example.org"
VENDOR = "editeur@demo.example.org"
AXE_SOURCE = Path(__file__).resolve().parent / "assets" / "axe" / "axe.min.js"

HAS_EN_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "app" / "translations" / "en" / "LC_MESSAGES"
).exists()

_counter = itertools.count(1)


def translated(live_server, locale: str, text: str) -> str:
    """``text`` (French source) as the app shows it in ``locale`` (French when the
    English catalogue is not there yet)."""
    from flask_babel import force_locale, gettext

    with live_server.app.test_request_context(), force_locale(locale):
        return gettext(text)


def unique(prefix: str) -> str:
    return f"{prefix} {next(_counter)}-{id(_counter) % 10_000}"


def tab_to(page, element_id: str, limit: int = 25) -> None:
    """Press Tab until the element with ``element_id`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus with Tab")


def make_wish(live_server, email: str, title: str) -> int:
    """A wish by the user ``email`` (in their territory), through the service."""

    def _create():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import Category, Product, User
        from app.services.wishes import wish_create

        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        product = db.session.execute(select(Product).order_by(Product.id)).scalars().first()
        category = db.session.execute(select(Category).order_by(Category.id)).scalars().first()
        wish = wish_create(
            author=user,
            title=title,
            body="Créé pour un parcours de test.",
            product_id=product.id,
            category_id=category.id,
        )
        return wish.id

    return live_server.add_data(_create)


def ship_item(live_server, title: str, wish_ids: list[int], release: str) -> int:
    """A roadmap item linked to ``wish_ids`` and shipped, through the services."""

    def _ship():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import User
        from app.services.roadmap import roadmap_item_create, roadmap_item_set_status, wish_link

        vendor = db.session.execute(select(User).where(User.email == VENDOR)).scalar_one()
        item = roadmap_item_create(actor=vendor, title=title, description="Livré.")
        for wish_id in wish_ids:
            wish_link(actor=vendor, item_id=item.id, wish_id=wish_id)
        roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status="shipped",
            shipped_on=date.today(),
            release=release,
        )
        return item.id

    return live_server.add_data(_ship)


def test_referent_files_a_wish_with_the_keyboard_and_supports_another(
    page, live_server, login, shot, csp_errors
):
    login(page, DROME)
    page.goto("/wishes/new")
    assert page.evaluate("document.activeElement.id") == "title"
    base = "Tarifs saisonniers pour les campings"
    title = unique(base)
    page.keyboard.type(base, delay=10)
    suggestion = page.locator("#similar-wishes li", has_text="Tarification par saison")
    suggestion.first.wait_for()
    shot(page, "journey-wish-new-similar")
    page.keyboard.type(title[len(base) :])

    tab_to(page, "body")
    page.keyboard.type("Les campings de la Drôme veulent des forfaits par saison.")
    tab_to(page, "product")
    page.keyboard.press("ArrowDown")
    tab_to(page, "category")
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#product", "e => e.value") not in ("", "0")
    assert page.eval_on_selector("#category", "e => e.value") not in ("", "0")
    tab_to(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/wishes/\d+$", page.url), page.url
    assert page.locator("h1").inner_text().strip() == title
    shot(page, "journey-wish-filed")

    page.goto("/wishes")
    row = page.locator("article.wish-row:has(button[aria-pressed=false])").first
    row_id = row.get_attribute("id")
    row.locator("button[aria-pressed=false]").click()
    page.locator(f"#{row_id} button[aria-pressed=true]").wait_for()
    shot(page, "journey-wish-list-supported")
    assert csp_errors(page) == []


def test_vendor_creates_links_and_ships_a_roadmap_item(page, live_server, login, shot, csp_errors):
    drome_wish = make_wish(live_server, DROME, unique("Forfaits emplacement pour campings"))
    manche_wish = make_wish(live_server, MANCHE, unique("Forfaits emplacement en Manche"))
    item_title = unique("Grilles tarifaires des campings")
    release = unique("Open Pro 2027.")

    login(page, VENDOR)
    page.goto("/roadmap/new")
    page.fill("#title", item_title)
    page.fill("#description", "Une grille par saison pour les campings.")
    page.click("main form [type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/roadmap/\d+$", page.url), page.url
    assert page.locator("h1").inner_text().strip() == item_title

    for wish_id in (drome_wish, manche_wish):
        page.fill("#wish", str(wish_id))
        page.click("form[action$='/wishes'] [type=submit]")
        page.wait_for_load_state()
        assert page.locator(f"#wish-{wish_id}").count() == 1
    assert page.get_by_test_id("item-territories").inner_text().strip() == "2"

    page.select_option("#status", "shipped")
    page.fill("#shipped_on", date.today().isoformat())
    page.fill("#release", release)
    page.click("form[action$='/status'] [type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("item-status").inner_text().strip() == "Livré"
    assert release in page.get_by_test_id("shipped").inner_text()
    shot(page, "journey-roadmap-item-shipped")
    assert csp_errors(page) == []


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_referent_is_told_of_the_shipped_item(
    open_page, live_server, login, shot, csp_errors, locale
):
    wish_title = unique("Export des séjours camping")
    wish_id = make_wish(live_server, DROME, wish_title)
    manche_wish = make_wish(live_server, MANCHE, unique("Export des séjours Manche"))
    item_title = unique("Export des séjours")
    item_id = ship_item(live_server, item_title, [wish_id, manche_wish], unique("v2027."))

    page = open_page(locale="fr-FR" if locale == "fr" else "en-GB")
    login(page, DROME)
    if locale == "en" and page.locator("html").get_attribute("lang") != "en":
        page.click("form.lang-switch button[value=en]")
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == locale

    assert int(page.get_by_test_id("unread-count").first.inner_text()) > 0
    page.goto("/notifications")
    assert page.locator("html").get_attribute("lang") == locale
    notes = page.get_by_test_id("notification-group")
    assert notes.filter(has_text=item_title).count() >= 1
    shot(page, f"journey-notifications-{locale}")

    page.goto("/shipped")
    assert page.locator(f"#item-{item_id}").count() == 1
    assert item_title in page.locator(f"#item-{item_id}").inner_text()
    heading = translated(live_server, locale, "Nouveautés livrées")
    assert page.locator("h1").inner_text().strip() == heading
    if locale == "en" and HAS_EN_CATALOGUE:
        assert heading == "What shipped"
    shot(page, f"journey-shipped-{locale}")

    page.goto(f"/wishes/{wish_id}")
    delivered = translated(live_server, locale, "Livré")
    if locale == "en" and HAS_EN_CATALOGUE:
        assert delivered == "Shipped"
    assert delivered in page.locator("main").inner_text()
    shot(page, f"journey-wish-delivered-{locale}")
    assert csp_errors(page) == []


def _first_id(live_server, model_name: str) -> int:
    def _query():
        from sqlalchemy import select

        from app import models
        from app.extensions import db

        model = getattr(models, model_name)
        return db.session.execute(select(model.id).order_by(model.id)).scalars().first()

    return live_server.add_data(_query)


A11Y_PAGES = [
    ("login", None, lambda live: "/login"),
    ("wish-list", DROME, lambda live: "/wishes"),
    ("wish", DROME, lambda live: f"/wishes/{_first_id(live, 'Wish')}"),
    ("wish-new", DROME, lambda live: "/wishes/new"),
    ("roadmap", DROME, lambda live: "/roadmap"),
    ("roadmap-item", VENDOR, lambda live: f"/roadmap/{_first_id(live, 'RoadmapItem')}"),
    ("shipped", DROME, lambda live: "/shipped"),
    ("territories", DROME, lambda live: "/territories"),
    ("dashboard", VENDOR, lambda live: "/dashboard"),
    ("notifications", DROME, lambda live: "/notifications"),
]


@pytest.mark.parametrize(("name", "email", "path"), A11Y_PAGES, ids=[p[0] for p in A11Y_PAGES])
def test_page_has_no_serious_accessibility_violation(
    page, live_server, login, shot, csp_errors, name, email, path
):
    if email:
        login(page, email)
    page.goto(path(live_server))
    assert page.url.endswith(path(live_server)), page.url
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(
            f"    {n['target']} {n.get('failureSummary', '')[:300]}" for n in v["nodes"][:8]
        )
        for v in serious
    )
    assert result["passes"], "axe-core did not run"
    shot(page, f"a11y-{name}")
    assert not serious, f"{name}: {len(serious)} serious/critical violation(s)\n{report}"
    assert csp_errors(page) == []
