from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from app.models import Notification
from app.services.notifications import unread_count
from tests.notifications.helpers import quiet_wish, status_change


def notifications_for(db, user, count, *, start=datetime(2027, 1, 1, 9, tzinfo=UTC), **kw):
    rows = [
        Notification(
            user_id=user.id,
            kind="wish_status",
            payload={"wish_title": f"Souhait {n}", "from": "new", "to": "accepted"},
            created_at=start + timedelta(hours=n),
            **kw,
        )
        for n in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def test_visitors_may_not_see_notifications(client, auth):
    auth.as_role("visitor")
    assert client.get("/notifications").status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_empty_state(client, auth):
    auth.as_role("club_member")
    html = client.get("/notifications").get_data(as_text=True)
    assert 'data-testid="empty-state"' in html
    assert "Aucune notification pour l'instant." in html


def test_list_is_newest_first_in_french_with_links_and_unread_highlighted(
    db, make, client, auth, follower
):
    wish = quiet_wish(make, title="Passerelle Décibelles Data")
    user = follower(wish, preference="never")
    with freeze_time("2027-02-01 09:00"):
        status_change(wish, to="under_review")
    with freeze_time("2027-02-02 09:00"):
        [latest] = status_change(wish, **{"from": "under_review", "to": "accepted"})
    db.session.commit()
    latest.read_at = datetime(2027, 2, 3, tzinfo=UTC)
    db.session.commit()
    auth.login(user)

    html = client.get("/notifications").get_data(as_text=True)

    newest = html.index("est passé de « À l&#39;étude » à « Retenu »")
    oldest = html.index("est passé de « Nouveau » à « À l&#39;étude »")
    assert newest < oldest
    assert f'href="/wishes/{wish.id}"' in html
    assert html.count('data-testid="notification-group"') == 1
    assert html.count("notif-event-unread") == 1
    assert 'data-testid="group-unread">1 nouvelle<' in html
    assert html.count("Marquer comme lu") == 1
    assert 'data-testid="unread-count">1<' in html


def test_pagination(db, client, auth):
    user = auth.as_role("referent")
    notifications_for(db, user, 25)
    first = client.get("/notifications").get_data(as_text=True)
    second = client.get("/notifications?page=2").get_data(as_text=True)
    # Notifications about no wish nor roadmap item each make their own group.
    assert first.count('data-testid="notification-group"') == 20
    assert second.count('data-testid="notification-group"') == 5
    assert "Souhait 24" in first and "Souhait 4 " not in first
    assert "Souhait 0" in second


def test_mark_one_as_read(db, client, auth):
    user = auth.as_role("referent")
    first, second = notifications_for(db, user, 2)
    response = client.post(f"/notifications/{first.id}/read", data={"next": "/notifications"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/notifications#group-single-{first.id}"
    db.session.expire_all()
    assert first.read_at is not None
    assert second.read_at is None
    assert unread_count(user.id) == 1


def test_mark_someone_elses_notification_is_not_found(db, make, client, auth):
    other = make.user()
    [theirs] = notifications_for(db, other, 1)
    auth.as_role("referent")
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.post("/notifications/999999/read").status_code == 404
    db.session.expire_all()
    assert theirs.read_at is None


def test_mark_all_as_read_touches_only_mine(db, make, client, auth):
    other = make.user()
    notifications_for(db, other, 2)
    user = auth.as_role("referent")
    notifications_for(db, user, 3)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "3 notifications marquées comme lues." in response.get_data(as_text=True)
    assert unread_count(user.id) == 0
    assert unread_count(other.id) == 2


def test_mark_as_read_needs_a_csrf_token(app, db, client, auth):
    user = auth.as_role("referent")
    [mine] = notifications_for(db, user, 1)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/notifications/{mine.id}/read").status_code == 400
    assert client.post("/notifications/read-all").status_code == 400
    assert unread_count(user.id) == 1


def test_the_page_runs_a_constant_number_of_queries(db, make, client, auth, count_queries):
    user = auth.as_role("referent")
    wish = quiet_wish(make)
    notifications_for(db, user, 2, wish_id=wish.id)
    with count_queries() as few:
        assert client.get("/notifications").status_code == 200
    others = [quiet_wish(make) for _ in range(3)]
    for other in others:
        notifications_for(db, user, 6, wish_id=other.id)
    with count_queries() as many:
        assert client.get("/notifications").status_code == 200
    assert many.count == few.count
    assert few.count <= 6
