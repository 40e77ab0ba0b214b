"""Pledges: who may pledge for whom, amounts, locking after confirmation, history, and
the goal-reached notification sent once."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from app.models import Follow, Notification, OutboxEmail, Pledge, Role, StatusChange
from app.services import funding as services
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


def _history(db, item):
    return list(
        db.session.execute(
            select(StatusChange.kind, StatusChange.from_value, StatusChange.to_value)
            .where(StatusChange.roadmap_item_id == item.id)
            .order_by(StatusChange.id)
        ).all()
    )


def _notifications(db, kind="funding_reached"):
    return list(
        db.session.execute(
            select(Notification.user_id).where(Notification.kind == kind).order_by(Notification.id)
        ).scalars()
    )


def test_a_referent_pledges_for_their_territory_and_changes_the_amount(db, make, funding):
    item = funding.item(goal=10_000)
    referent = make.user(role=Role.REFERENT)
    funding.pledge(item, referent, 1500)
    funding.pledge(item, referent, 2500)

    pledge = db.session.execute(select(Pledge)).scalar_one()
    assert (pledge.territory_id, pledge.amount, pledge.user_id) == (
        referent.territory_id,
        2500,
        referent.id,
    )
    assert _history(db, item)[-2:] == [("pledge", None, "1500"), ("pledge", "1500", "2500")]


def test_pledging_the_same_amount_again_changes_nothing(db, make, funding):
    item = funding.item()
    referent = make.user(role=Role.REFERENT)
    funding.pledge(item, referent, 1500)
    funding.pledge(item, referent, 1500)
    assert [k for k, *_ in _history(db, item)].count("pledge") == 1


def test_a_referent_cannot_pledge_for_another_territory(db, make, funding):
    item = funding.item()
    referent, other = make.user(role=Role.REFERENT), make.territory()
    with pytest.raises(PermissionDenied):
        services.pledge_set(actor=referent, item_id=item.id, territory_slug=other.slug, amount=10)


@pytest.mark.parametrize("role", [Role.VENDOR, Role.CLUB_MEMBER, Role.VISITOR])
def test_only_referents_and_admins_pledge(db, make, funding, role):
    item = funding.item()
    territory = make.territory()
    user = make.user(role=role, territory=territory)
    with pytest.raises(PermissionDenied):
        services.pledge_set(actor=user, item_id=item.id, territory_slug=territory.slug, amount=10)


def test_an_admin_pledges_for_any_territory(db, make, funding):
    item = funding.item()
    admin, territory = make.user(role=Role.ADMIN), make.territory()
    services.pledge_set(actor=admin, item_id=item.id, territory_slug=territory.slug, amount=700)
    db.session.commit()
    assert db.session.execute(select(Pledge.amount)).scalar_one() == 700


@pytest.mark.parametrize("amount", [0, -5, "abc", None, 10_000_001, True])
def test_an_amount_must_be_whole_positive_euros(db, make, funding, amount):
    item = funding.item()
    referent = make.user(role=Role.REFERENT)
    with pytest.raises(ValidationFailed) as error:
        services.pledge_set(
            actor=referent, item_id=item.id, territory_slug=referent.territory.slug, amount=amount
        )
    assert "amount" in error.value.fields
    assert db.session.execute(select(func.count(Pledge.id))).scalar_one() == 0


def test_an_item_without_goal_takes_no_pledge(db, make, funding):
    item = funding.item(goal=None)
    referent = make.user(role=Role.REFERENT)
    with pytest.raises(Conflict) as error:
        funding.pledge(item, referent, 100)
    assert error.value.code == "no_funding_goal"


def test_an_unknown_territory_or_item_is_not_found(db, make, funding):
    item = funding.item()
    admin = make.user(role=Role.ADMIN)
    with pytest.raises(NotFound):
        services.pledge_set(actor=admin, item_id=item.id, territory_slug="nowhere", amount=10)
    territory = make.territory()
    with pytest.raises(NotFound):
        services.pledge_set(actor=admin, item_id=999_999, territory_slug=territory.slug, amount=1)


def test_pledges_close_after_the_deadline(db, make, funding):
    item = funding.item(deadline=date(2026, 6, 30))
    referent = make.user(role=Role.REFERENT)
    with freeze_time("2026-06-30 20:00:00"):
        funding.pledge(item, referent, 100)
    with freeze_time("2026-07-01 08:00:00"), pytest.raises(Conflict) as error:
        funding.pledge(item, referent, 200)
    assert error.value.code == "funding_deadline_passed"


def test_withdrawing_removes_the_pledge_and_is_recorded(db, make, funding):
    item = funding.item()
    referent = make.user(role=Role.REFERENT)
    funding.pledge(item, referent, 1500)
    assert services.pledge_withdraw(
        actor=referent, item_id=item.id, territory_slug=referent.territory.slug
    )
    db.session.commit()
    assert db.session.execute(select(func.count(Pledge.id))).scalar_one() == 0
    assert _history(db, item)[-1] == ("pledge_withdrawn", "1500", None)
    assert not services.pledge_withdraw(
        actor=referent, item_id=item.id, territory_slug=referent.territory.slug
    )


def test_confirmation_needs_the_goal_reached_and_then_locks_the_pledges(db, make, funding):
    item = funding.item(goal=3000)
    one, two = make.user(role=Role.REFERENT), make.user(role=Role.REFERENT)
    funding.pledge(item, one, 1000)
    with pytest.raises(Conflict) as error:
        services.funding_confirm(actor=funding.vendor, item_id=item.id)
    assert error.value.code == "funding_not_reached"
    funding.pledge(item, two, 2000)
    services.funding_confirm(actor=funding.vendor, item_id=item.id)
    db.session.commit()

    for attempt in (
        lambda: funding.pledge(item, one, 5000),
        lambda: services.pledge_withdraw(
            actor=two, item_id=item.id, territory_slug=two.territory.slug
        ),
        lambda: services.funding_set_goal(actor=funding.vendor, item_id=item.id, goal=9000),
        lambda: services.funding_confirm(actor=funding.vendor, item_id=item.id),
    ):
        with pytest.raises(Conflict) as error:
            attempt()
        assert error.value.code == "funding_locked"
        db.session.rollback()
    assert db.session.execute(select(func.sum(Pledge.amount))).scalar_one() == 3000
    assert _history(db, item)[-1] == ("funding_confirmed", "3000", "3000")


def test_only_the_vendor_sets_the_goal_and_confirms(db, make, funding):
    item = funding.item()
    referent = make.user(role=Role.REFERENT)
    with pytest.raises(PermissionDenied):
        services.funding_set_goal(actor=referent, item_id=item.id, goal=5)
    with pytest.raises(PermissionDenied):
        services.funding_confirm(actor=referent, item_id=item.id)


def test_a_goal_cannot_be_withdrawn_once_territories_pledged(db, make, funding):
    item = funding.item()
    funding.pledge(item, make.user(role=Role.REFERENT), 100)
    with pytest.raises(Conflict):
        services.funding_set_goal(actor=funding.vendor, item_id=item.id, goal=None)


def test_reaching_the_goal_notifies_the_vendor_and_the_followers_once(db, make, funding):
    item = funding.item(goal=3000)
    follower = make.user(role=Role.CLUB_MEMBER)
    db.session.add(Follow(user_id=follower.id, roadmap_item_id=item.id))
    db.session.commit()
    one, two, three = (make.user(role=Role.REFERENT) for _ in range(3))

    funding.pledge(item, one, 1000)
    assert _notifications(db) == []
    funding.pledge(item, two, 2000)
    assert sorted(_notifications(db)) == sorted([funding.vendor.id, follower.id])
    # Dropping below the goal and reaching it again sends nothing more.
    services.pledge_withdraw(actor=two, item_id=item.id, territory_slug=two.territory.slug)
    db.session.commit()
    funding.pledge(item, three, 5000)
    assert len(_notifications(db)) == 2

    subjects = db.session.execute(select(OutboxEmail.subject)).scalars().all()
    assert any("Cofinancement atteint" in s for s in subjects)
    kinds = [k for k, *_ in _history(db, item)]
    assert kinds.count("funding_reached") == 1


def test_lowering_the_goal_under_the_pledges_counts_as_reaching_it(db, make, funding):
    item = funding.item(goal=10_000)
    funding.pledge(item, make.user(role=Role.REFERENT), 4000)
    services.funding_set_goal(actor=funding.vendor, item_id=item.id, goal=4000)
    db.session.commit()
    assert item.funding_reached_at is not None
    assert _history(db, item)[-2:] == [
        ("funding_goal", "10000", "4000"),
        ("funding_reached", "4000", "4000"),
    ]
