"""The notifications page groups them by roadmap item, else by wish; a group, or all,
is marked read in place with htmx (the group or list swapped, badge and counts out of
band, the live region told) or with a plain post that comes back with a flash."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models import Notification, utcnow
from app.selectors.notifications import EVENTS_SHOWN, notification_groups
from app.services.notifications import unread_count

START = datetime(2027, 3, 1, 9, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


def add(db, user, *, at, wish=None, item=None, read=False, **payload):
    notification = Notification(
        user_id=user.id,
        kind="item_status" if item is not None else "wish_status",
        wish_id=wish.id if wish is not None else None,
        roadmap_item_id=item.id if item is not None else None,
        payload={"from": "new", "to": "accepted", **payload},
        created_at=START + at,
        read_at=START + at + timedelta(minutes=5) if read else None,
    )
    db.session.add(notification)
    db.session.commit()
    return notification


@pytest.fixture
def story(db, make, roadmap, auth):
    """A reader with news on two wishes, a roadmap item (one of its status changes also
    names a wish) and one about neither; another user with news on the same wish."""
    user = auth.as_role("referent")
    other = make.user()
    wish, quiet = make.wish(title="Passerelle Apidae"), make.wish(title="Export tableur")
    item = roadmap.item(title="Connecteur Apidae", wishes=[wish])
    add(db, user, at=timedelta(hours=1), wish=wish, read=True, wish_title=wish.title)
    add(db, user, at=timedelta(hours=2), wish=wish, wish_title=wish.title)
    add(db, user, at=timedelta(hours=3), wish=wish, wish_title=wish.title, to="declined")
    add(db, user, at=timedelta(hours=4), wish=quiet, read=True, wish_title=quiet.title)
    add(db, user, at=timedelta(hours=5), item=item, wish=wish, item_title=item.title)
    add(db, user, at=timedelta(hours=6), item=item, item_title=item.title, to="in_progress")
    lone = add(db, user, at=timedelta(hours=7))
    add(db, other, at=timedelta(hours=8), wish=wish, wish_title=wish.title)
    return {"user": user, "other": other, "wish": wish, "quiet": quiet, "item": item, "lone": lone}


def test_groups_by_item_then_wish_newest_first_with_counts(story):
    page = notification_groups(story["user"].id, page=1, per_page=20)
    summary = [(g.kind, g.ref, g.total, g.unread) for g in page.items]
    assert summary == [
        ("single", story["lone"].id, 1, 1),
        ("item", story["item"].id, 2, 2),
        ("wish", story["quiet"].id, 1, 0),
        ("wish", story["wish"].id, 3, 2),
    ]
    assert page.total == 4
    wish_group = page.items[3]
    assert [e.created_at for e in wish_group.events] == sorted(
        (e.created_at for e in wish_group.events), reverse=True
    )
    assert wish_group.latest.payload["to"] == "declined"


def test_a_page_past_the_last_still_knows_the_number_of_groups(story):
    page = notification_groups(story["user"].id, page=3, per_page=2)
    assert page.items == [] and page.total == 4


def test_page_shows_one_entry_per_subject_with_latest_text_and_relative_time(db, story, client):
    # The story moved onto the real clock, its end nine hours ago.
    shift = utcnow() - (START + timedelta(hours=9))
    for notification in db.session.execute(select(Notification)).scalars():
        notification.created_at += shift
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count('data-testid="notification-group"') == 4
    wish_entry = html[html.index(f'id="group-wish-{story["wish"].id}"') :]
    assert "Passerelle Apidae</a>" in wish_entry
    assert 'data-testid="group-unread">2 nouvelles<' in wish_entry
    latest = wish_entry.split('class="notif-latest">')[1].split("</p>")[0]
    assert "« Passerelle Apidae » est passé de « Nouveau » à « Non retenu »" in latest
    assert "il y a 6 heures" in wish_entry
    assert "Voir les 3 événements" in wish_entry
    item_entry = html[html.index(f'id="group-item-{story["item"].id}"') :]
    assert "Connecteur Apidae</a>" in item_entry
    assert "il y a 3 heures" in item_entry
    assert 'data-testid="notifications-summary">' in html
    assert "5 notifications non lues." in html
    # A read group has no button; three unread groups, one button each, and "all".
    assert html.count('id="group-read-') == 3
    assert 'id="mark-all-read"' in html


def test_mark_one_group_read_without_javascript(db, story, client):
    wish = story["wish"]
    response = client.post(
        f"/notifications/wishes/{wish.id}/read", data={"next": "/notifications?page=1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/notifications?page=1#group-wish-{wish.id}"
    assert unread_count(story["user"].id) == 3  # the item's two and the lone one
    assert unread_count(story["other"].id) == 1
    page = client.get("/notifications").get_data(as_text=True)
    assert "2 notifications marquées comme lues." in page
    # The item's news that also names the wish belongs to the item: still unread.
    item_group = next(
        g
        for g in notification_groups(story["user"].id, page=1, per_page=20).items
        if g.kind == "item"
    )
    assert item_group.unread == 2


def test_mark_one_group_read_in_place(story, client):
    item = story["item"]
    response = client.post(
        f"/notifications/roadmap/{item.id}/read", data={"next": "/notifications"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith(f'<li class="notif-group" id="group-item-{item.id}"')
    assert "group-read-" not in html and "group-unread" not in html
    assert f'id="group-link-item-{item.id}" data-focus-after-swap' in html
    # Header badge, page counts and the still useful "mark all" button, out of band.
    assert re.search(r'id="notif-link" hx-swap-oob="true"', html)
    assert 'data-testid="unread-count">3<' in html
    assert '<div id="notifications-head" hx-swap-oob="true">' in html
    assert "3 notifications non lues." in html
    assert 'id="mark-all-read"' in html
    assert "2 notifications marquées comme lues." in html.split('id="live-region"')[1]
    assert unread_count(story["user"].id) == 3


def test_marking_an_already_read_group_says_so(story, client):
    quiet = story["quiet"]
    html = client.post(f"/notifications/wishes/{quiet.id}/read", headers=HTMX).get_data(
        as_text=True
    )
    assert "Aucune notification non lue." in html
    assert unread_count(story["user"].id) == 5


def test_a_group_of_someone_else_marks_nothing_of_theirs(db, make, story, client):
    theirs = make.wish()
    mine_elsewhere = add(db, story["other"], at=timedelta(hours=1), wish=theirs)
    response = client.post(f"/notifications/wishes/{theirs.id}/read", headers=HTMX)
    assert response.status_code == 200
    assert f'<li id="group-wish-{theirs.id}" hidden>' in response.get_data(as_text=True)
    db.session.expire_all()
    assert mine_elsewhere.read_at is None


def test_mark_the_lone_notification_read_in_place(story, client):
    lone = story["lone"]
    html = client.post(f"/notifications/{lone.id}/read", headers=HTMX).get_data(as_text=True)
    assert f'id="group-single-{lone.id}"' in html
    assert "group-read-" not in html
    assert "Notification marquée comme lue." in html
    assert unread_count(story["user"].id) == 4


def test_mark_all_read_in_place_swaps_the_list_of_the_same_page(db, make, story, client):
    for hours in range(3):
        add(db, story["user"], at=timedelta(days=1, hours=hours), wish=make.wish())
    response = client.post(
        "/notifications/read-all", data={"next": "/notifications?page=2&per_page=3"}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<ul class="notif-groups" id="notification-groups"')
    # Page 2 of 3 per page: the lone notification, the item and the quiet wish.
    groups = re.findall(r'id="group-((?:wish|item|single)-\d+)"', html)
    assert groups == [
        f"single-{story['lone'].id}",
        f"item-{story['item'].id}",
        f"wish-{story['quiet'].id}",
    ]
    assert "notif-group-unread" not in html and "group-read-" not in html
    assert 'data-testid="unread-count">0<' in html
    assert 'id="notifications-title" tabindex="-1" data-focus-after-swap' in html
    assert "Tout est lu." in html and 'id="mark-all-read"' not in html
    assert "8 notifications marquées comme lues." in html
    assert unread_count(story["user"].id) == 0
    assert unread_count(story["other"].id) == 1


def test_mark_all_read_without_javascript_comes_back_with_a_message(story, client):
    response = client.post(
        "/notifications/read-all", data={"next": "/notifications"}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "5 notifications marquées comme lues." in html
    assert "Tout est lu." in html
    again = client.post("/notifications/read-all", follow_redirects=True)
    assert "Aucune notification non lue." in again.get_data(as_text=True)


def test_a_long_group_lists_its_newest_events_and_counts_them_all(db, make, auth, client):
    user = auth.as_role("referent")
    wish = make.wish(title="Souhait bavard")
    for hours in range(EVENTS_SHOWN + 3):
        add(db, user, at=timedelta(hours=hours), wish=wish, wish_title=wish.title)
    [group] = notification_groups(user.id, page=1, per_page=20).items
    assert group.total == group.unread == EVENTS_SHOWN + 3
    assert len(group.events) == EVENTS_SHOWN
    assert group.latest.created_at == START + timedelta(hours=EVENTS_SHOWN + 2)
    html = client.get("/notifications").get_data(as_text=True)
    assert f"Voir les {EVENTS_SHOWN + 3} événements" in html
    assert html.count('class="notif-event notif-event-unread"') == EVENTS_SHOWN


def test_the_page_and_the_swaps_run_a_constant_number_of_queries(
    db, make, roadmap, auth, client, count_queries
):
    user = auth.as_role("referent")
    wish = make.wish()
    add(db, user, at=timedelta(hours=1), wish=wish)
    add(db, user, at=timedelta(hours=2))
    with count_queries() as few:
        assert client.get("/notifications").status_code == 200
    for n in range(4):
        other = make.wish()
        item = roadmap.item(title=f"Élément {n}", wishes=[other])
        for hours in range(EVENTS_SHOWN + 2):
            add(db, user, at=timedelta(days=n, hours=hours), wish=other)
            add(db, user, at=timedelta(days=n, hours=hours, minutes=30), item=item)
        add(db, user, at=timedelta(days=n, hours=20))
    with count_queries() as many:
        assert client.get("/notifications").status_code == 200
    assert many.count == few.count <= 6

    small, big = f"/notifications/wishes/{wish.id}/read", f"/notifications/roadmap/{item.id}/read"
    with count_queries() as small_swap:
        client.post(small, headers=HTMX)
    with count_queries() as big_swap:
        client.post(big, headers=HTMX)
    assert big_swap.count == small_swap.count
