from datetime import UTC, datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import Follow, Notification, Role, StatusChange, Vote, Wish, WishStatus
from app.services import comments as comment_services
from app.services import follows as follow_services
from app.services import triage
from app.services import votes as vote_services
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.history import HistoryIsAppendOnly


@pytest.fixture
def vendor(make):
    return make.user(role=Role.VENDOR)


def _history(db, wish_id, kind=None):
    query = select(StatusChange).where(StatusChange.wish_id == wish_id)
    if kind:
        query = query.where(StatusChange.kind == kind)
    return list(db.session.execute(query.order_by(StatusChange.id)).scalars())


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("new", "under_review"),
        ("new", "accepted"),
        ("under_review", "accepted"),
        ("under_review", "new"),
        ("accepted", "under_review"),
        ("declined", "under_review"),
    ],
)
def test_allowed_transitions(make, db, vendor, start, target):
    wish = make.wish(status=start)
    triage.wish_set_status(actor=vendor, wish_id=wish.id, status=target)
    assert wish.status == target


@pytest.mark.parametrize(("start", "target"), [("accepted", "new"), ("declined", "new")])
def test_refused_transitions_change_nothing(make, db, vendor, start, target):
    wish = make.wish(status=start)
    with pytest.raises(ValidationFailed) as error:
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status=target)
    assert "status" in error.value.fields
    db.session.rollback()
    assert db.session.get(Wish, wish.id).status == start


def test_duplicate_only_through_merge(make, vendor):
    wish = make.wish()
    with pytest.raises(ValidationFailed):
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status=WishStatus.DUPLICATE)


def test_duplicate_is_final(make, vendor):
    wish = make.wish(status=WishStatus.DUPLICATE)
    with pytest.raises(ValidationFailed):
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status=WishStatus.UNDER_REVIEW)


def test_unknown_status_refused(make, vendor):
    wish = make.wish()
    with pytest.raises(ValidationFailed):
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status="shipped")


def test_declined_requires_a_reason(make, vendor):
    wish = make.wish()
    with pytest.raises(ValidationFailed) as error:
        triage.wish_set_status(actor=vendor, wish_id=wish.id, status="declined", note="  ")
    assert "note" in error.value.fields


def test_declined_with_reason_is_recorded(make, db, vendor):
    wish = make.wish()
    with freeze_time("2024-03-01 10:00:00"):
        triage.wish_set_status(
            actor=vendor, wish_id=wish.id, status="declined", note="Hors du périmètre."
        )
    entry = _history(db, wish.id, "status")[-1]
    assert (entry.from_value, entry.to_value, entry.note) == (
        "new",
        "declined",
        "Hors du périmètre.",
    )
    assert entry.actor_id == vendor.id
    assert entry.created_at == datetime(2024, 3, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("role", [Role.VISITOR, Role.CLUB_MEMBER, Role.REFERENT])
def test_triage_is_staff_only(make, role):
    wish = make.wish()
    user = make.user(role=role)
    with pytest.raises(PermissionDenied):
        triage.wish_set_status(actor=user, wish_id=wish.id, status="accepted")
    with pytest.raises(PermissionDenied):
        triage.wish_merge(actor=user, wish_id=wish.id, into_id=make.wish().id)


def test_admin_may_triage(make):
    wish = make.wish()
    triage.wish_set_status(actor=make.user(role=Role.ADMIN), wish_id=wish.id, status="accepted")
    assert wish.status == "accepted"


def test_status_change_notifies_followers_not_actor(make, db, vendor):
    wish = make.wish()
    follow_services.follow_set(user=vendor, wish_id=wish.id, active=True)
    triage.wish_set_status(actor=vendor, wish_id=wish.id, status="accepted")
    notes = list(db.session.execute(select(Notification)).scalars())
    assert [n.user_id for n in notes] == [wish.author_id]
    assert notes[0].kind == "wish_status"
    assert notes[0].payload["to"] == "accepted"


def test_history_cannot_be_edited(make, db, vendor):
    wish = make.wish()
    triage.wish_set_status(actor=vendor, wish_id=wish.id, status="accepted")
    db.session.commit()
    entry = _history(db, wish.id, "status")[0]
    entry.note = "réécrit"
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(_history(db, wish.id, "status")[0])
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()


# --- merge ---------------------------------------------------------------------------


def test_merge_into_itself_refused(make, vendor):
    wish = make.wish()
    with pytest.raises(ValidationFailed):
        triage.wish_merge(actor=vendor, wish_id=wish.id, into_id=wish.id)


def test_merge_into_merged_wish_refused(make, db, vendor):
    a, b, c = make.wish(), make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=b.id, into_id=c.id)
    db.session.commit()
    with pytest.raises(Conflict) as error:
        triage.wish_merge(actor=vendor, wish_id=a.id, into_id=b.id)
    assert error.value.status == 409


def test_merge_cycle_impossible(make, db, vendor):
    a, b = make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=a.id, into_id=b.id)
    db.session.commit()
    with pytest.raises(Conflict):
        triage.wish_merge(actor=vendor, wish_id=b.id, into_id=a.id)
    db.session.rollback()
    assert db.session.get(Wish, b.id).merged_into_id is None


def test_merged_wish_cannot_be_merged_again(make, db, vendor):
    a, b, c = make.wish(), make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=a.id, into_id=b.id)
    with pytest.raises(Conflict):
        triage.wish_merge(actor=vendor, wish_id=a.id, into_id=c.id)


def test_earlier_duplicates_follow_the_merge(make, db, vendor):
    a, b, c = make.wish(), make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=a.id, into_id=b.id)
    triage.wish_merge(actor=vendor, wish_id=b.id, into_id=c.id)
    assert db.session.get(Wish, a.id).merged_into_id == c.id


def test_merge_makes_duplicate_with_history_on_both(make, db, vendor):
    x, y = make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id, note="Même besoin.")
    assert x.status == WishStatus.DUPLICATE and x.merged_into_id == y.id
    merge = _history(db, x.id, "merge")[0]
    assert merge.to_value == str(y.id) and merge.note == "Même besoin."
    assert _history(db, y.id, "merged_from")[0].from_value == str(x.id)


def test_merge_supporters_counted_once(make, db, vendor):
    shared = make.territory()
    other = make.territory()
    both = make.user(role=Role.REFERENT, territory=shared)
    only_x = make.user(role=Role.REFERENT, territory=other)
    behalf_territory = make.territory()
    x = make.wish(supporters=[behalf_territory])
    y = make.wish(supporters=[behalf_territory])
    for user, wish in ((both, x), (both, y), (only_x, x)):
        vote_services.vote_add(user=user, wish_id=wish.id)
    db.session.commit()
    # y: author, behalf, both → 3 ; x adds its author and only_x
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id)
    db.session.commit()
    y = db.session.get(Wish, y.id)
    votes = list(db.session.execute(select(Vote).where(Vote.wish_id == y.id)).scalars())
    assert len([v for v in votes if v.user_id == both.id]) == 1
    assert len([v for v in votes if v.behalf_territory_id == behalf_territory.id]) == 1
    assert y.votes_count == len(votes) == 5
    assert y.territories_count == len({v.territory_id for v in votes})
    assert db.session.get(Wish, x.id).votes_count == 0


def test_merge_carries_followers_but_respects_unfollow(make, db, vendor):
    x, y = make.wish(), make.wish()
    follower = make.user(role=Role.CLUB_MEMBER)
    refuser = make.user(role=Role.CLUB_MEMBER)
    gone = make.user(role=Role.CLUB_MEMBER)
    follow_services.follow_set(user=follower, wish_id=x.id, active=True)
    follow_services.follow_set(user=refuser, wish_id=x.id, active=True)
    follow_services.follow_set(user=refuser, wish_id=y.id, active=False)
    follow_services.follow_set(user=gone, wish_id=x.id, active=False)
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id)
    assert follow_services.is_following(follower, wish_id=y.id)
    assert follow_services.is_following(x.author, wish_id=y.id)
    assert not follow_services.is_following(refuser, wish_id=y.id)
    assert not follow_services.is_following(gone, wish_id=y.id)
    assert (
        db.session.execute(
            select(Follow).where(Follow.user_id == gone.id, Follow.wish_id == y.id)
        ).first()
        is None
    )


def test_merge_notifies_followers_of_merged_wish(make, db, vendor):
    x, y = make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id)
    notes = list(db.session.execute(select(Notification)).scalars())
    assert [(n.user_id, n.kind) for n in notes] == [(x.author_id, "wish_merged")]
    assert notes[0].payload["into_id"] == y.id


def test_duplicate_takes_no_new_support(make, db, vendor):
    x, y = make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id)
    with pytest.raises(Conflict):
        vote_services.vote_add(user=make.user(role=Role.REFERENT), wish_id=x.id)


# --- official answer -----------------------------------------------------------------


def test_mark_official_answer(make, db, vendor):
    wish = make.wish()
    comment = comment_services.comment_add(user=vendor, wish_id=wish.id, body="Prévu en 2025.")
    triage.comment_mark_official(actor=vendor, comment_id=comment.id)
    assert comment.is_official
    assert _history(db, wish.id, "official_answer")[0].to_value == str(comment.id)
    kinds = [n.kind for n in db.session.execute(select(Notification)).scalars()]
    assert kinds == ["official_answer"]
    triage.comment_mark_official(actor=vendor, comment_id=comment.id, official=False)
    assert not comment.is_official


def test_referent_cannot_mark_official(make):
    wish = make.wish()
    comment = comment_services.comment_add(user=wish.author, wish_id=wish.id, body="Merci")
    with pytest.raises(PermissionDenied):
        triage.comment_mark_official(actor=wish.author, comment_id=comment.id)
