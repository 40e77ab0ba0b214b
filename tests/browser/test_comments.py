"""Editing and deleting one's own comment in a real browser: the card turns into a form
and back without a reload, the live region says what happened, axe finds nothing
serious in the new states; at desktop and phone widths."""

from __future__ import annotations

import pytest

from tests.browser.test_in_place import DROME, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_author_edits_then_deletes_a_comment_in_place(open_page, login, csp_errors, shot, width):
    page = open_page(width=width, height=800)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, DROME)
    page.goto("/wishes?sort=new")
    page.goto(page.locator("article.wish-row h3 a").first.get_attribute("href"))
    page.fill("#comment-form textarea", f"Premier jet ({width})")
    page.locator("#comment-form [type=submit]").click()
    card = page.locator("article.comment", has_text=f"Premier jet ({width})")
    card.wait_for()
    assert card.locator(".avatar").inner_text().strip()
    assert serious_violations(page) == []

    page.evaluate("window.notReloaded = true")
    card_id = card.get_attribute("id")
    card.get_by_role("button", name="Modifier").click()
    textarea = page.locator(f"#{card_id} textarea")
    textarea.wait_for()
    assert serious_violations(page) == []
    shot(page, f"comment-editing-{width}")
    textarea.fill(f"Version corrigée ({width})")
    page.locator(f"#{card_id}").get_by_role("button", name="Enregistrer").click()
    page.locator(f"#{card_id}", has_text=f"Version corrigée ({width})").wait_for()
    page.locator(f"#{card_id} textarea").wait_for(state="detached")
    assert "Commentaire modifié" in page.locator("#live-region").inner_text()
    assert "modifié" in page.locator(f"#{card_id} header").inner_text()
    assert page.evaluate("window.notReloaded") is True

    page.locator(f"#{card_id}").get_by_role("button", name="Supprimer").click()
    page.locator(f"#{card_id}", has_text="Commentaire supprimé").wait_for()
    assert f"Version corrigée ({width})" not in page.locator(f"#{card_id}").inner_text()
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []
    shot(page, f"comment-deleted-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert csp_errors(page) == []
