"""The vendor's triage queue in a real browser, at desktop and phone widths: a wish
chosen in the queue opens in the panel, its status changes in place (same address, no
page load, the focus stays on the button, the live region says so), the link field
suggests roadmap items while typing and links the one ticked; the page never scrolls
sideways and axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.browser.test_in_place import VENDOR, serious_violations

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("width", [1280, 390])
def test_triage_in_place_and_link_suggestions(open_page, login, csp_errors, shot, width):
    page = open_page(width=width, height=800)
    login(page, VENDOR)
    page.goto("/vendor/triage?status=new")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert serious_violations(page) == []

    link = page.locator("a[data-triage-open]").nth(1)
    title = link.inner_text()
    page.evaluate("window.notReloaded = true")
    link.click()
    page.locator("#panel-title", has_text=title).wait_for()
    page.wait_for_function("document.activeElement.id === 'panel-title'")
    assert page.locator("#panel-status").input_value() == "new"
    assert page.locator("#panel-item").input_value() == ""
    url = page.url

    page.select_option("#panel-status", "under_review")
    page.locator("#panel-status-submit").click()
    page.locator("#live-region .toast", has_text="Statut du souhait").wait_for()
    assert page.locator("#panel-status").input_value() == "under_review"
    assert page.url == url
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.activeElement.id") == "panel-status-submit"

    page.locator("#panel-item").press_sequentially("grille", delay=40)
    choices = page.locator("#panel-item-suggestions input[name=choice]")
    choices.first.wait_for()
    assert 1 <= choices.count() <= 8
    item_title = page.locator("#panel-item-suggestions label").first.inner_text()
    assert "rille" in item_title
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    choices.first.check()
    page.locator("#panel-link-submit").click()
    page.locator("#live-region .toast", has_text="lié").wait_for()
    assert page.locator("#triage-panel a[href^='/roadmap/']").count() >= 1
    assert page.url == url
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert serious_violations(page) == []
    assert csp_errors(page) == []
    # Last: a screenshot's own injected style would read as a CSP error.
    page.locator("#panel-item").press_sequentially("grille", delay=40)
    choices.first.wait_for()
    shot(page, f"triage/triage-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_bulk_status_in_place(open_page, login, csp_errors, shot, width):
    page = open_page(width=width, height=800)
    login(page, VENDOR)
    page.goto("/vendor/triage?status=new")
    url = page.url
    page.evaluate("window.notReloaded = true")
    boxes = page.locator("#triage-queue input[name=wish]")
    ids = [boxes.nth(i).get_attribute("value") for i in (2, 3)]
    for wish_id in ids:
        page.locator(f"#select-{wish_id}").check()
    page.select_option("#bulk-status", "under_review")
    page.locator("#bulk-submit").click()
    page.locator("#live-region .toast", has_text="2 souhaits traités").wait_for()
    for wish_id in ids:
        assert page.locator(f"#wish-{wish_id}").count() == 0
    assert page.url == url
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.activeElement.id") == "bulk-submit"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert csp_errors(page) == []
    shot(page, f"triage/bulk-{width}")
