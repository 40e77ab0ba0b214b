"""Pages with wide content hold on a phone (390 px): the API documentation's code and
tables scroll inside their own box, the page never sideways; a breadcrumb stays one row."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_api_docs_do_not_overflow_a_phone(open_page, locale):
    page = open_page(width=390, height=844, locale=locale)
    page.goto("/api/v1/docs")
    assert page.locator("h1").is_visible()
    assert page.evaluate(PAGE_WIDTH) <= 390


@pytest.mark.parametrize("width", [1280, 390])
def test_breadcrumb_links_sit_together(open_page, login, width):
    page = open_page(width=width)
    login(page, "referent.centre@demo.example.org")
    for path in ["/wishes/1", "/roadmap/1", "/territories"]:
        page.goto(path)
        if path == "/territories":
            page.locator("a[href^='/territories/']").first.click()
            page.wait_for_url("**/territories/*")
        crumbs = page.locator("nav.breadcrumb")
        assert crumbs.count() == 1, path
        box = crumbs.bounding_box()
        first = crumbs.locator("a").first.bounding_box()
        assert box["height"] < 3 * first["height"], f"{path}: the breadcrumb wraps apart"
        assert first["x"] - box["x"] < 5, f"{path}: the breadcrumb is pushed apart"
