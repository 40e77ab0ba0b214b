"""The demo tells a consistent story, dated relative to the day it is seeded (issue 15):
no history before its wish, no delivery before the wish it answers, no past target shown
as current, real descriptions, and a fresh account not buried under unread news."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.demo.funding import ITEMS as FUNDED_ITEMS
from app.demo.roadmap import ITEMS, LATE_ITEMS
from app.demo.seed import UNREAD_PER_ACCOUNT, seed_demo, settle_timeline
from app.demo.timeline import DemoTimeline
from app.models import (
    Comment,
    Event,
    Notification,
    RoadmapItem,
    StatusChange,
    User,
    Wish,
    WishLink,
)
from app.selectors.late import delivered_late, item_is_late, period_ended

SEEDED_ON = date(2026, 12, 5)


@pytest.fixture
def demo(db):
    with freeze_time("2026-12-05 11:00:00"):
        seed_demo()
        db.session.commit()
    return DemoTimeline.for_today(SEEDED_ON)


def _all(db, model):
    return db.session.execute(select(model)).scalars().all()


def test_no_history_line_before_its_wish_was_filed(db, demo):
    wishes = {w.id: w for w in _all(db, Wish)}
    for line in _all(db, StatusChange):
        if line.wish_id is not None:
            assert line.created_at >= wishes[line.wish_id].created_at, (
                line.kind,
                wishes[line.wish_id].title,
            )


def test_no_roadmap_history_before_the_item_was_created(db, demo):
    items = {i.id: i for i in _all(db, RoadmapItem)}
    for line in _all(db, StatusChange):
        if line.roadmap_item_id is not None and line.wish_id is None:
            assert line.created_at >= items[line.roadmap_item_id].created_at


def test_no_delivery_before_the_wishes_it_answers(db, demo):
    items = {i.id: i for i in _all(db, RoadmapItem)}
    wishes = {w.id: w for w in _all(db, Wish)}
    links = _all(db, WishLink)
    assert links
    for link in links:
        item, wish = items[link.roadmap_item_id], wishes[link.wish_id]
        assert item.created_at >= wish.created_at, (item.title, wish.title)
        if item.shipped_on is not None:
            assert item.shipped_on > wish.created_at.date(), (item.title, wish.title)


def test_nothing_happens_after_the_day_it_is_seeded(db, demo):
    moments = [w.created_at for w in _all(db, Wish)]
    moments += [c.created_at for c in _all(db, Comment)]
    moments += [h.created_at for h in _all(db, StatusChange)]
    moments += [n.created_at for n in _all(db, Notification)]
    assert max(moments).date() <= SEEDED_ON
    assert all(i.shipped_on < SEEDED_ON for i in _all(db, RoadmapItem) if i.shipped_on)


def test_no_past_target_is_shown_as_current(db, demo):
    late = {i.title for i in _all(db, RoadmapItem) if item_is_late(i, SEEDED_ON)}
    # Exactly the item the story says is late; it is flagged so wherever it shows.
    assert late == set(LATE_ITEMS)
    for item in _all(db, RoadmapItem):
        if item.status not in ("shipped", "cancelled") and item.title not in LATE_ITEMS:
            assert not period_ended(item.target, SEEDED_ON), (item.title, item.target)


def test_deliveries_are_some_on_time_some_late_and_one_recent(db, demo):
    shipped = [i for i in _all(db, RoadmapItem) if i.status == "shipped"]
    on_time = [i for i in shipped if not delivered_late(i.target, i.shipped_on)]
    late = [i for i in shipped if delivered_late(i.target, i.shipped_on)]
    assert len(on_time) >= 2 and len(late) >= 1
    assert any(i.shipped_on >= SEEDED_ON - timedelta(days=30) for i in shipped)


def test_the_rencontre_came_first_and_its_wishes_were_written_there(db, demo):
    # The meeting of the story (the next one is in preparation, in the future).
    event = db.session.execute(select(Event).where(Event.starts_on <= SEEDED_ON)).scalar_one()
    assert event.starts_on == demo.rencontre_start
    assert str(event.starts_on.year) in event.name and str(event.starts_on.year) in event.slug
    written_there = [w for w in _all(db, Wish) if w.event_id == event.id]
    assert written_there
    for wish in written_there:
        assert event.starts_on <= wish.created_at.date() <= event.ends_on
    answers = [i.created_at.date() for i in _all(db, RoadmapItem)]
    assert min(answers) > event.ends_on


def test_recent_activity_in_the_last_weeks(db, demo):
    recent = SEEDED_ON - timedelta(days=42)
    assert any(w.created_at.date() >= recent for w in _all(db, Wish))
    assert any(c.created_at.date() >= recent for c in _all(db, Comment))


def test_every_roadmap_item_has_a_real_description(db, demo):
    items = _all(db, RoadmapItem)
    assert len(items) == len(ITEMS) + len(FUNDED_ITEMS)
    for item in items:
        assert len(item.description) > 60, item.title
        assert "démonstration" not in item.description.lower()


def test_a_fresh_demo_account_has_at_most_five_unread_recent_notifications(db, demo):
    wishes = {w.id: w for w in _all(db, Wish)}
    items = {i.id: i for i in _all(db, RoadmapItem)}
    notifications = _all(db, Notification)
    unread = [n for n in notifications if n.read_at is None]
    per_account = Counter(n.user_id for n in unread)
    assert per_account, "no demo account has any news"
    assert max(per_account.values()) <= UNREAD_PER_ACCOUNT
    referent = db.session.execute(
        select(User).where(User.email == "referent.drome@demo.example.org")
    ).scalar_one()
    assert per_account[referent.id] >= 1, "the demo referent has nothing new to show"
    assert all(n.created_at >= demo.old_notifications_before for n in unread)
    assert len({n.created_at for n in unread}) > 1, "every notification has the same time"
    for n in notifications:
        assert n.created_at <= demo.now, (n.kind, n.created_at)
        if n.wish_id is not None:
            assert n.created_at >= wishes[n.wish_id].created_at, (n.kind, n.payload)
        if n.roadmap_item_id is not None:
            assert n.created_at >= items[n.roadmap_item_id].created_at, (n.kind, n.payload)
        if n.read_at is not None:
            assert n.created_at <= n.read_at <= demo.now, (n.kind, n.created_at, n.read_at)


def test_extensions_receive_the_timeline(db, monkeypatch):
    from app.demo import seed as seed_module

    seen = []
    monkeypatch.setattr(
        seed_module, "EXTENSIONS", [*seed_module.EXTENSIONS, lambda **kw: seen.append(kw)]
    )
    seed_demo(today=SEEDED_ON)
    assert seen[0]["timeline"] == DemoTimeline.for_today(SEEDED_ON)


def test_settling_reads_all_but_the_newest_few_of_an_account(db, make):
    timeline = DemoTimeline.for_today(SEEDED_ON)
    busy, quiet = make.user(), make.user()
    count = UNREAD_PER_ACCOUNT + 3
    for hours in range(count):
        for user in (busy, quiet) if hours < 2 else (busy,):
            db.session.add(
                Notification(
                    user_id=user.id,
                    kind="wish_status",
                    payload={},
                    created_at=timeline.now - timedelta(hours=10 * hours),
                )
            )
    db.session.commit()

    settle_timeline(timeline)
    db.session.commit()

    mine = sorted(
        (n for n in _all(db, Notification) if n.user_id == busy.id),
        key=lambda n: n.created_at,
        reverse=True,
    )
    assert [n.read_at is None for n in mine] == [True] * UNREAD_PER_ACCOUNT + [False] * 3
    for n in mine[UNREAD_PER_ACCOUNT:]:
        assert n.created_at < n.read_at <= timeline.now
    assert all(n.read_at is None for n in _all(db, Notification) if n.user_id == quiet.id)
