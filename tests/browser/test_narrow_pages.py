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


# Each word of each cell, in its own font (hyphens may break a line), against the cell: a
# word split letter by letter fits a column narrower than itself.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    if (cell.offsetParent === null) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = node.textContent.split(/[\\s\\u2010-\\u2014-]+/).filter(w => w.length > 3);
      if (!words.length) continue;
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
      node.parentElement.appendChild(probe);
      for (const word of words) {
        probe.textContent = word;
        if (probe.offsetWidth > cell.clientWidth + 1) split.push(word);
      }
      probe.remove();
    }
  }
  return split;
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/clubs/club-ara",
        "/territories",
        "/territories/drome",
        "/dashboard",
        "/events/rencontre-nationale-2025",
    ],
)
def test_tables_keep_their_words_whole_on_a_phone(open_page, login, path):
    """A table wider than a phone scrolls in its own box: no word is split to fit a
    column, and the page itself never scrolls sideways."""
    page = open_page(width=390, height=844)
    login(page, "club@demo.example.org")
    page.goto(path)
    assert page.locator("main table").count() > 0
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate(PAGE_WIDTH) <= 390
