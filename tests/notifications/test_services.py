from __future__ import annotations

from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import select

from app.models import Notification, OutboxEmail, RoadmapItem
from app.services import follows as follow_services
from app.services import votes as vote_services
from app.services.notification_text import render
from app.services.notifications import digest_build, notify_followers, users_due_for_digest
from tests.notifications.helpers import quiet_wish, status_change


def outbox(db):
    return list(db.session.execute(select(OutboxEmail).order_by(OutboxEmail.id)).scalars())


def test_immediate_follower_gets_an_email_in_the_same_transaction(db, make, follower):
    wish = quiet_wish(make, title="Tarification par saison")
    user = follower(wish, preference="immediate")
    status_change(wish)
    db.session.commit()
    [email] = outbox(db)
    assert email.to_address == user.email
    assert email.status == "pending"
    assert email.subject == "[Souhaits] Souhait « Tarification par saison » : Retenu"
    assert "est passé de « Nouveau » à « Retenu »" in email.body_text
    assert f"http://localhost/wishes/{wish.id}" in email.body_text
    emailed = select(Notification.emailed).where(Notification.user_id == user.id)
    assert db.session.execute(emailed).scalars().all() == [True]


def test_nothing_is_written_when_the_change_is_rolled_back(db, make, follower):
    wish = quiet_wish(make)
    follower(wish, preference="immediate")
    status_change(wish)
    db.session.rollback()
    assert outbox(db) == []
    assert db.session.execute(select(Notification)).first() is None


def test_daily_follower_gets_no_immediate_email(db, make, follower):
    wish = quiet_wish(make)
    follower(wish, preference="daily")
    [notification] = status_change(wish)
    db.session.commit()
    assert outbox(db) == []
    assert notification.emailed is False


def test_never_follower_gets_the_notification_but_no_email(db, make, follower):
    wish = quiet_wish(make)
    user = follower(wish, preference="never")
    [notification] = status_change(wish)
    db.session.commit()
    assert notification.user_id == user.id
    assert outbox(db) == []
    assert users_due_for_digest() == []


def test_the_actor_is_not_notified_of_their_own_change(db, make, follower):
    wish = quiet_wish(make)
    vendor = follower(wish)
    assert notify_followers(kind="wish_status", actor=vendor, wish_ids=[wish.id]) == []


def test_supporting_follows_the_wish_and_an_unfollow_stays(db, make):
    wish = quiet_wish(make)
    referent = make.user(notification_preference="never")
    vote_services.vote_add(user=referent, wish_id=wish.id)
    db.session.commit()
    assert [n.user_id for n in status_change(wish)] == [referent.id]
    follow_services.follow_set(user=referent, active=False, wish_id=wish.id)
    vote_services.vote_remove(user=referent, wish_id=wish.id)
    vote_services.vote_add(user=referent, wish_id=wish.id)
    db.session.commit()
    assert status_change(wish) == []


def test_followers_of_a_roadmap_item_and_of_its_wishes_are_notified_once(db, make, follower):
    first, second = quiet_wish(make), quiet_wish(make)
    item = RoadmapItem(title="Passerelle Tourinsoft", status="in_testing")
    db.session.add(item)
    db.session.commit()
    both = follower(first, preference="never")
    follow_services.follow_ensure(user=both, wish_id=second.id)
    follow_services.follow_ensure(user=both, roadmap_item_id=item.id)
    db.session.commit()
    notifications = notify_followers(
        kind="item_status",
        actor=None,
        wish_ids=[first.id, second.id],
        roadmap_item_id=item.id,
        payload={
            "item_title": item.title,
            "from": "in_testing",
            "to": "shipped",
            "release": "v5.2",
        },
    )
    assert [n.user_id for n in notifications] == [both.id]
    text = render(notifications[0])
    assert text.message == (
        "« Passerelle Tourinsoft » est passé de « En recette » à « Livré ». Version : v5.2."
    )
    assert text.path == f"/roadmap/{item.id}"


def test_a_merged_wish_links_to_the_wish_it_was_merged_into(db, make, follower):
    wish, target = quiet_wish(make), quiet_wish(make, title="Bons cadeaux Addock")
    follower(wish, preference="never")
    [notification] = notify_followers(
        kind="wish_merged",
        actor=None,
        wish_ids=[wish.id],
        payload={"into_id": target.id, "into_title": target.title},
    )
    text = render(notification)
    assert "fusionné dans « Bons cadeaux Addock »" in text.message
    assert text.path == f"/wishes/{target.id}"


def test_text_falls_back_to_the_wish_title_when_the_payload_has_none(db, make, follower):
    wish = quiet_wish(make, title="Calendrier des activités")
    follower(wish, preference="never")
    [notification] = notify_followers(
        kind="wish_status", actor=None, wish_ids=[wish.id], payload={"to": "under_review"}
    )
    db.session.commit()
    db.session.expire_all()
    assert render(db.session.get(Notification, notification.id)).message == (
        "Le souhait « Calendrier des activités » est maintenant « À l'étude »."
    )


def test_daily_digest_groups_the_unemailed_notifications_in_one_email(db, make, follower):
    first = quiet_wish(make, title="Passerelle Apidae")
    second = quiet_wish(make, title="Distribution Addock")
    user = follower(first, preference="daily")
    follow_services.follow_ensure(user=user, wish_id=second.id)
    with freeze_time("2027-03-01 08:00"):
        status_change(first)
        status_change(second, to="under_review")
        notify_followers(kind="official_answer", actor=None, wish_ids=[second.id])
        db.session.commit()
    with freeze_time("2027-03-01 18:00"):
        assert users_due_for_digest() == [user.id]
        email = digest_build(user_id=user.id)
        db.session.commit()
    assert email.subject == "[Souhaits] 3 nouveautés sur les sujets que vous suivez"
    assert email.to_address == user.email
    assert "Passerelle Apidae" in email.body_text
    assert "Distribution Addock" in email.body_text
    assert "L'éditeur a répondu officiellement" in email.body_text
    assert f"http://localhost/wishes/{second.id}" in email.body_text
    assert len(outbox(db)) == 1
    emailed = select(Notification.emailed).where(Notification.user_id == user.id)
    assert all(db.session.execute(emailed).scalars())
    assert user.last_digest_at == datetime(2027, 3, 1, 18, tzinfo=UTC)


def test_one_digest_a_day_at_most(db, make, follower):
    wish = quiet_wish(make)
    user = follower(wish, preference="daily")
    with freeze_time("2027-03-01 08:00"):
        status_change(wish)
        db.session.commit()
        assert digest_build(user_id=user.id) is not None
        db.session.commit()
    with freeze_time("2027-03-01 20:00"):
        status_change(wish, to="declined")
        db.session.commit()
        assert users_due_for_digest() == []
        assert digest_build(user_id=user.id) is None
    with freeze_time("2027-03-02 08:01"):
        assert users_due_for_digest() == [user.id]
        email = digest_build(user_id=user.id)
        db.session.commit()
    assert "Non retenu" in email.body_text
    assert len(outbox(db)) == 2


def test_no_digest_without_new_notifications(db, make, follower):
    wish = quiet_wish(make)
    follower(wish, preference="daily")
    assert users_due_for_digest() == []
