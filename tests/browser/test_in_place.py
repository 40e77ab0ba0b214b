"""In-place actions in a real browser: supporting a wish from the list neither reloads
nor scrolls the page, the counts change, the focus stays on the button and the live
region says what happened; at desktop and phone widths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DROME = "referent.drome@demo.example.org"


def _figure(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@pytest.mark.parametrize("width", [1280, 390])
def test_support_from_the_list_happens_in_place(open_page, login, csp_errors, shot, width):
    page = open_page(width=width, height=800)
    login(page, DROME)
    page.goto("/wishes?sort=new")
    button = page.locator("article.wish-row button[aria-pressed=false]").nth(2)
    button_id = button.get_attribute("id")
    wish_id = button_id.rsplit("-", 1)[1]
    votes = page.locator(f"#support-{wish_id} .support-votes")
    before = _figure(votes.inner_text())
    button.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 40)")
    page.evaluate("window.notReloaded = true")
    scroll_before = page.evaluate("window.scrollY")
    url_before = page.url

    button.focus()
    page.keyboard.press("Enter")
    page.locator(f"#{button_id}[aria-pressed=true]").wait_for()

    assert page.evaluate("window.notReloaded") is True
    assert page.url == url_before
    assert abs(page.evaluate("window.scrollY") - scroll_before) <= 2
    assert page.evaluate("document.activeElement.id") == button_id
    assert _figure(votes.inner_text()) == before + 1
    assert "soutien est enregistré" in page.locator("#live-region").inner_text()
    shot(page, f"in-place-support-{width}")

    page.keyboard.press("Enter")
    page.locator(f"#{button_id}[aria-pressed=false]").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert _figure(votes.inner_text()) == before
    assert page.evaluate("document.activeElement.id") == button_id
    assert csp_errors(page) == []


def test_support_and_follow_on_the_wish_page_happen_in_place(page, live_server, login, csp_errors):
    login(page, DROME)
    page.goto("/wishes?sort=new")
    href = page.locator("article.wish-row:has(button[aria-pressed=false]) h3 a").first
    page.goto(href.get_attribute("href"))
    page.evaluate("window.notReloaded = true")
    before = int(page.locator("[data-testid=votes-count]").inner_text())
    page.get_by_role("button", name="Soutenir ce souhait").click()
    page.get_by_role("button", name="Retirer mon soutien").wait_for()
    assert int(page.locator("[data-testid=votes-count]").inner_text()) == before + 1
    follow = page.locator("[id^=follow-button-]")
    label = follow.inner_text()
    follow.click()
    page.wait_for_function(
        "label => document.querySelector('[id^=follow-button-]').innerText !== label", arg=label
    )
    assert page.evaluate("window.notReloaded") is True
    assert csp_errors(page) == []


VENDOR = "editeur@demo.example.org"
AXE_SOURCE = Path(__file__).resolve().parent / "assets" / "axe" / "axe.min.js"


def serious_violations(page) -> list[str]:
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    assert result["passes"], "axe-core did not run"
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:5]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_triage_queue_opens_a_wish_and_changes_its_status_in_place(
    open_page, login, csp_errors, shot, width
):
    page = open_page(width=width, height=800)
    login(page, VENDOR)
    page.goto("/triage/triage?status=new")
    assert serious_violations(page) == []
    link = page.locator("a[data-triage-open]").nth(1)
    title = link.inner_text()
    page.evaluate("window.notReloaded = true")
    link.click()
    page.locator("#panel-title", has_text=title).wait_for()
    page.wait_for_function("document.activeElement.id === 'panel-title'")
    assert "wish=" in page.url
    assert page.locator("#panel-status").input_value() == "new"
    assert page.locator("#panel-item").input_value() == ""

    page.select_option("#panel-status", "under_review")
    page.locator("#panel-status-submit").click()
    page.locator("#live-region .toast").wait_for()
    assert page.locator("#panel-status").input_value() == "under_review"
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []
    shot(page, f"triage-panel-{width}")
    assert csp_errors(page) == []
