"""The layout holds for every role on a desktop screen and on a phone (issue 15): the
header keeps to one row at 1280 px and takes little height at 390 px, no page scrolls
sideways, the phone's "Menu" button opens and closes the navigation. A viewport
screenshot of each role and width is kept under ``tests/artifacts/layout/``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.example.org"
VENDOR = "editeur@demo.example.org"
REFERENT = "referent.centre@demo.example.org"
CLUB = "club@demo.example.org"
VISITOR = "visiteur@demo.example.org"

# role → (account, pages that role reaches)
ROLES = {
    "admin": (ADMIN, ["/", "/wishes", "/admin", "/triage/triage", "/api/v1/docs"]),
    "vendor": (VENDOR, ["/", "/wishes", "/triage/triage", "/roadmap", "/dashboard"]),
    "referent": (REFERENT, ["/", "/wishes", "/territories", "/notifications", "/account"]),
    "club-member": (CLUB, ["/", "/wishes", "/clubs/club-ara", "/account"]),
    "visitor": (VISITOR, ["/", "/roadmap", "/shipped"]),
    "anonymous": (None, ["/", "/login", "/api/v1/docs"]),
}
# One row of navigation on a desktop; the brand and the menu button on a phone.
MAX_HEADER_HEIGHT = {1280: 64, 390: 64}

HEADER_HEIGHT = "document.querySelector('.site-header').getBoundingClientRect().height"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def width(request):
    return request.param


@pytest.mark.parametrize("role", list(ROLES))
def test_header_fits_and_no_page_scrolls_sideways(page, login, shot, csp_errors, role, width):
    email, paths = ROLES[role]
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    if email:
        login(page, email)
    for path in paths:
        page.goto(path)
        assert page.evaluate(HEADER_HEIGHT) <= MAX_HEADER_HEIGHT[width], (role, path)
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways at {width} px"
        assert "Souhaits · Souhaits" not in page.title()
    page.goto(paths[0])
    shot(page, f"layout/{role}-{width}")
    assert csp_errors(page) == []


@pytest.mark.parametrize("role", ["admin", "club-member", "anonymous"])
def test_phone_menu_button_opens_and_closes_the_navigation(page, login, shot, role):
    email, paths = ROLES[role]
    page.set_viewport_size({"width": 390, "height": 844})
    if email:
        login(page, email)
    page.goto(paths[0])
    toggle = page.locator(".menu-toggle")
    navigation = page.locator("#site-menu")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not navigation.is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert navigation.is_visible()
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, f"layout/{role}-390-menu")

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not navigation.is_visible()


def test_desktop_shows_the_navigation_without_a_menu_button(page, login):
    login(page, ADMIN)
    page.goto("/wishes")
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator(".main-nav").is_visible()
    links = page.locator(".main-nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, "the navigation wraps onto a second row"


def test_account_menu_holds_the_account_link_and_logout(page, login):
    login(page, REFERENT)
    page.goto("/wishes")
    menu = page.locator("details.account-menu")
    assert not menu.locator("text=Déconnexion").is_visible()
    menu.locator("summary").click()
    assert menu.locator("a[href='/account']").is_visible()
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None


def test_club_member_has_a_my_club_entry(page, login):
    login(page, CLUB)
    page.goto("/wishes")
    page.locator(".main-nav a", has_text="Mon club").click()
    page.wait_for_url("**/clubs/club-ara")


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_wish_filters_apply_as_they_change_and_the_address_follows(page, login, shot, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    login(page, REFERENT)
    page.goto("/wishes")
    assert not page.locator(".filters-submit").is_visible()
    total = page.locator(".result-count").inner_text()
    if width < 600:
        # On a phone the filters wait behind their button; the first wish is in view.
        assert not page.locator("select[name=product]").is_visible()
        assert page.locator(".wish-row").first.bounding_box()["y"] < 844
        page.locator(".filters-toggle").click()
        assert page.locator(".filters-toggle").get_attribute("aria-expanded") == "true"

    page.select_option("select[name=product]", "addock")
    page.wait_for_url("**/wishes?product=addock")
    narrowed = page.locator(".result-count").inner_text()
    assert narrowed != total
    titles = page.locator(".wish-row .wish-title").all_inner_texts()
    assert titles and all("Tarification" not in t for t in titles)

    page.check("input[name=supported]")
    page.wait_for_url("**/wishes?supported=1&product=addock")
    shot(page, f"layout/wish-filters-{width}")

    page.go_back()
    page.wait_for_url("**/wishes?product=addock")
    assert not page.is_checked("input[name=supported]")
    page.wait_for_function(
        "text => document.querySelector('.result-count').innerText === text", arg=narrowed
    )
    page.go_back()
    page.wait_for_url("**/wishes")
    assert page.locator("select[name=product]").input_value() == ""
