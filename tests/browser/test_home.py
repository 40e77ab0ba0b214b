"""The two homes, the phone menu and the wish filters in a real browser (issue 15): what
each home shows at 1280 and 390 px, no serious accessibility violation on the homes, the
account page, the open menu and the open filters, and filters that change the address
without leaving the page. Viewport screenshots go to ``tests/artifacts/home/``."""

from __future__ import annotations

import pytest

from tests.browser.test_in_place import serious_violations

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.example.org"
VENDOR = "editeur@demo.example.org"
REFERENT = "referent.centre@demo.example.org"
CLUB = "club@demo.example.org"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
WIDTHS = pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])


def _open(open_page, width):
    return open_page(width=width, height=844 if width < 600 else 900)


@WIDTHS
def test_anonymous_home_tells_the_network_story(open_page, shot, csp_errors, width):
    page = _open(open_page, width)
    page.goto("/")
    main = page.locator("main")
    assert main.locator("a[href='/login']").is_visible()
    for heading in ("Dernières livraisons", "En cours chez l'éditeur", "Le réseau"):
        assert main.get_by_role("heading", name=heading).is_visible()
    assert page.locator(".home-shipped li").count() >= 1
    assert page.locator(".home-progress li").count() >= 1
    assert page.locator("[data-testid=network-map] path.mini-filed").count() > 0
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, f"home/anonymous-{width}")
    assert serious_violations(page) == []
    assert csp_errors(page) == []


ANSWERS = "Les réponses de l'éditeur"
# role → (account, page heading or None, answers heading, wishes heading)
HOMES = {
    "referent": (REFERENT, "CRT Centre-Val de Loire", ANSWERS, "Les souhaits de mon territoire"),
    "club-member": (CLUB, None, ANSWERS, "Les souhaits du club"),
    "vendor": (VENDOR, "Le réseau", "Dernières réponses", "Les derniers souhaits"),
}


@WIDTHS
@pytest.mark.parametrize("role", list(HOMES))
def test_signed_in_home_is_the_readers_own(open_page, login, shot, csp_errors, role, width):
    email, title, answers_heading, wishes_heading = HOMES[role]
    page = _open(open_page, width)
    login(page, email)
    page.goto("/")
    heading = page.locator("main h1")
    if title:
        assert heading.inner_text() == title
    assert page.get_by_role("heading", name=answers_heading).is_visible()
    assert page.get_by_role("heading", name=wishes_heading).is_visible()
    assert page.locator(".home-wishes li").count() >= 1
    if width < 600:
        # The page's own content starts right under the short header.
        assert heading.bounding_box()["y"] < 200
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, f"home/{role}-{width}")
    assert serious_violations(page) == []
    assert csp_errors(page) == []


def test_club_member_finds_their_club_on_the_account_page(open_page, login, shot):
    page = _open(open_page, 390)
    login(page, CLUB)
    page.goto("/account")
    section = page.locator("[data-testid=account-clubs]")
    assert section.get_by_role("heading", name="Mon club").is_visible()
    assert section.locator("a[href='/clubs/club-ara']").is_visible()
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, "home/account-club-member-390")
    assert serious_violations(page) == []


@pytest.mark.parametrize("email", [ADMIN, None], ids=["admin", "anonymous"])
def test_open_phone_menu_has_no_serious_violation(open_page, login, email):
    page = _open(open_page, 390)
    if email:
        login(page, email)
    page.goto("/")
    toggle = page.locator(".menu-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-menu").is_visible()
    assert serious_violations(page) == []


@WIDTHS
def test_filters_change_the_address_without_leaving_the_page(open_page, login, shot, width):
    page = _open(open_page, width)
    login(page, REFERENT)
    page.goto("/wishes")
    if width < 600:
        toggle = page.locator(".filters-toggle")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("select[name=product]").is_visible()
        assert page.evaluate(SIDEWAYS) <= 0
    assert serious_violations(page) == []
    # A full navigation would start a new document and lose this mark.
    page.evaluate("window.samePage = true")
    page.check("input[name=mine]")
    page.wait_for_url("**/wishes?mine=1")
    page.fill("input[name=q]", "tarif")
    page.wait_for_url("**/wishes?q=tarif&mine=1")
    assert page.evaluate("window.samePage") is True
    shot(page, f"home/wish-filters-open-{width}")
    page.go_back()
    page.wait_for_url("**/wishes?mine=1")
    assert page.locator("input[name=q]").input_value() == ""
    assert page.evaluate("window.samePage") is True
