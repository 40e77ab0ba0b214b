"""Notifications in a real browser: a group marked read in place neither reloads nor
moves the page, the header's badge and the page's count go down, the focus lands on
the group's link and the live region says what happened; "mark all" likewise; at
desktop and phone widths, with no serious accessibility violation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_in_place import DROME, serious_violations

pytestmark = pytest.mark.browser


def _news_for_drome(live_server, offset: int, count: int) -> int:
    """``count`` unread status changes on a wish, for the Drôme referent; its id."""

    def add():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import Notification, User, Wish, utcnow

        user = db.session.execute(select(User).where(User.email == DROME)).scalar_one()
        wish = db.session.execute(select(Wish).order_by(Wish.id).offset(offset)).scalars().first()
        for n in range(count):
            db.session.add(
                Notification(
                    user_id=user.id,
                    kind="wish_status",
                    wish_id=wish.id,
                    payload={"wish_title": wish.title, "from": "new", "to": "under_review"},
                    created_at=utcnow() - timedelta(hours=2, minutes=n),
                )
            )
        return wish.id

    return live_server.add_data(add)


def _badge(page) -> int:
    return int(page.locator("#notif-link [data-testid=unread-count]").inner_text())


@pytest.mark.parametrize("width", [1280, 390])
def test_mark_a_group_read_in_place(open_page, live_server, login, csp_errors, shot, width):
    wish_id = _news_for_drome(live_server, offset=3 if width == 1280 else 4, count=3)
    page = open_page(width=width, height=800)
    login(page, DROME)
    page.goto("/notifications")
    group = page.locator(f"#group-wish-{wish_id}")
    assert "3 nouvelles" in group.locator("[data-testid=group-unread]").text_content()
    assert "il y a 2 heures" in group.inner_text()
    assert serious_violations(page) == []

    # The events are one click away.
    group.locator("summary").click()
    assert group.locator("li.notif-event-unread").count() == 3
    badge = _badge(page)
    summary = page.get_by_test_id("notifications-summary").inner_text()
    assert str(badge) in summary

    button = page.locator(f"#group-read-wish-{wish_id}")
    button.scroll_into_view_if_needed()
    page.evaluate("window.notReloaded = true")
    top_before = group.bounding_box()["y"]
    link_box = page.locator(f"#group-link-wish-{wish_id}").bounding_box()
    # The focus goes to the group's link: the page moves only to bring it into sight.
    allowed_move = max(0.0, -(link_box["y"] + link_box["height"])) + link_box["height"] + 2
    url_before = page.url
    button.focus()
    page.keyboard.press("Enter")
    page.locator(f"#group-wish-{wish_id}:not(.notif-group-unread)").wait_for()

    assert page.evaluate("window.notReloaded") is True
    assert page.url == url_before
    # The group stays where it was on the screen, or nearly, still expanded.
    assert abs(group.bounding_box()["y"] - top_before) <= allowed_move
    assert page.evaluate("window.scrollY") > 0 or top_before >= 0
    assert group.locator("details").get_attribute("open") is not None
    assert _badge(page) == badge - 3
    assert page.get_by_test_id("notifications-summary").inner_text() != summary
    assert page.locator(f"#group-read-wish-{wish_id}").count() == 0
    page.wait_for_function(f"document.activeElement.id === 'group-link-wish-{wish_id}'")
    assert "3 notifications marquées comme lues." in page.locator("#live-region").inner_text()
    assert serious_violations(page) == []
    shot(page, f"notifications-group-read-{width}")
    assert csp_errors(page) == []


def test_mark_all_read_in_place(page, live_server, login, csp_errors, shot):
    _news_for_drome(live_server, offset=5, count=2)
    login(page, DROME)
    page.goto("/notifications")
    assert _badge(page) >= 2
    page.evaluate("window.notReloaded = true")
    page.locator("#mark-all-read").click()
    # The head (and its button) and the list are swapped one after the other: wait
    # for the list, not only for the button to leave.
    page.locator("#mark-all-read").wait_for(state="detached")
    expect(page.locator(".notif-group-unread")).to_have_count(0)

    assert page.evaluate("window.notReloaded") is True
    assert _badge(page) == 0
    assert page.get_by_test_id("notifications-summary").inner_text().strip() == "Tout est lu."
    page.wait_for_function("document.activeElement.id === 'notifications-title'")
    assert "marquées comme lues" in page.locator("#live-region").inner_text()
    shot(page, "notifications-all-read")
    assert csp_errors(page) == []


def test_without_javascript_the_buttons_post_and_come_back(browser, live_server, login, csp_errors):
    wish_id = _news_for_drome(live_server, offset=6, count=2)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="fr-FR"
    )
    try:
        page = context.new_page()
        login(page, DROME)
        page.goto("/notifications")
        badge = _badge(page)
        page.locator(f"#group-read-wish-{wish_id}").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/notifications#group-wish-{wish_id}")
        assert "2 notifications marquées comme lues." in page.locator("main").inner_text()
        assert _badge(page) == badge - 2
    finally:
        context.close()
