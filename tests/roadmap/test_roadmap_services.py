from datetime import date

import pytest
from sqlalchemy import select

from app.models import Notification, RoadmapItem, Role, StatusChange, WishLink
from app.selectors.delivery import deliveries_for
from app.services import follows as follow_services
from app.services import roadmap as services
from app.services import triage
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


@pytest.fixture
def vendor(make):
    return make.user(role=Role.VENDOR)


@pytest.fixture
def item(vendor, db):
    item = services.roadmap_item_create(actor=vendor, title="Saisons tarifaires", target="2025")
    db.session.commit()
    return item


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2027", "2027"), ("2027-T2", "2027-T2"), (" 2027-t4 ", "2027-T4"), ("", None), (None, None)],
)
def test_valid_targets(value, expected, app):
    assert services.validate_target(value) == expected


@pytest.mark.parametrize("value", ["27", "2027-T5", "2027-Q1", "T2-2027", "2027-T", "1999", "abcd"])
def test_invalid_targets(value, app):
    with pytest.raises(ValidationFailed) as error:
        services.validate_target(value)
    assert "target" in error.value.fields


def test_create_refuses_bad_target_and_saves_nothing(vendor, db):
    with pytest.raises(ValidationFailed):
        services.roadmap_item_create(actor=vendor, title="Un élément", target="bientôt")
    db.session.rollback()
    assert db.session.execute(select(RoadmapItem)).first() is None


def test_create_records_history_and_follows_nothing(vendor, db, item):
    entry = db.session.execute(
        select(StatusChange).where(StatusChange.roadmap_item_id == item.id)
    ).scalar_one()
    assert (entry.kind, entry.to_value) == ("created", "considering")
    assert not follow_services.is_following(vendor, roadmap_item_id=item.id)


@pytest.mark.parametrize("role", [Role.VISITOR, Role.CLUB_MEMBER, Role.REFERENT])
def test_roadmap_is_staff_only(make, role, item):
    user = make.user(role=role)
    wish = make.wish()
    with pytest.raises(PermissionDenied):
        services.roadmap_item_create(actor=user, title="Essai")
    with pytest.raises(PermissionDenied):
        services.roadmap_item_update(actor=user, item_id=item.id, title="Autre")
    with pytest.raises(PermissionDenied):
        services.roadmap_item_set_status(actor=user, item_id=item.id, status="planned")
    with pytest.raises(PermissionDenied):
        services.wish_link(actor=user, item_id=item.id, wish_id=wish.id)
    with pytest.raises(PermissionDenied):
        services.wish_unlink(actor=user, item_id=item.id, wish_id=wish.id)


def test_update_fields(vendor, db, item, make):
    product = make.product()
    services.roadmap_item_update(
        actor=vendor,
        item_id=item.id,
        title="Nouveau titre",
        target="2026-T1",
        external_ref="OP-1234",
        product_id=product.id,
        description="Détails",
    )
    assert (item.title, item.target, item.external_ref, item.product_id) == (
        "Nouveau titre",
        "2026-T1",
        "OP-1234",
        product.id,
    )


def test_update_refuses_unknown_field(vendor, item):
    with pytest.raises(ValidationFailed):
        services.roadmap_item_update(actor=vendor, item_id=item.id, status="shipped")


def test_optimistic_lock_conflict_names_last_editor(vendor, db, item, make):
    other = make.user(role=Role.ADMIN, display_name="Alix")
    version = item.version
    services.roadmap_item_update(
        actor=other, item_id=item.id, expected_version=version, title="Par Alix"
    )
    db.session.commit()
    with pytest.raises(Conflict) as error:
        services.roadmap_item_update(
            actor=vendor, item_id=item.id, expected_version=version, title="Par moi"
        )
    assert error.value.status == 409
    assert "modifié entre-temps par Alix" in error.value.message
    db.session.rollback()
    assert db.session.get(RoadmapItem, item.id).title == "Par Alix"


def test_status_conflict_on_stale_version(vendor, db, item):
    version = item.version
    services.roadmap_item_set_status(actor=vendor, item_id=item.id, status="planned")
    db.session.commit()
    with pytest.raises(Conflict):
        services.roadmap_item_set_status(
            actor=vendor, item_id=item.id, status="in_progress", expected_version=version
        )


def test_shipping_requires_date_and_release(vendor, db, item):
    with pytest.raises(ValidationFailed) as error:
        services.roadmap_item_set_status(actor=vendor, item_id=item.id, status="shipped")
    assert set(error.value.fields) == {"shipped_on", "release"}
    db.session.rollback()
    assert db.session.get(RoadmapItem, item.id).status == "considering"


def test_shipping_sets_date_release_and_history(vendor, db, item):
    services.roadmap_item_set_status(
        actor=vendor,
        item_id=item.id,
        status="shipped",
        shipped_on="2024-06-12",
        release="Open Pro 2024.3",
        note="Enfin !",
    )
    assert (item.shipped_on, item.release) == (date(2024, 6, 12), "Open Pro 2024.3")
    entry = db.session.execute(
        select(StatusChange).where(
            StatusChange.roadmap_item_id == item.id, StatusChange.kind == "status"
        )
    ).scalar_one()
    assert (entry.from_value, entry.to_value, entry.note) == ("considering", "shipped", "Enfin !")


def test_reopening_shipped_item_clears_release(vendor, db, item):
    services.roadmap_item_set_status(
        actor=vendor, item_id=item.id, status="shipped", shipped_on=date(2024, 6, 1), release="R1"
    )
    services.roadmap_item_set_status(actor=vendor, item_id=item.id, status="in_testing")
    assert item.shipped_on is None and item.release is None


@pytest.mark.parametrize(
    ("path", "refused"),
    [(["shipped"], "considering"), (["cancelled"], "shipped"), (["planned"], "planned")],
)
def test_refused_item_transitions(vendor, db, item, path, refused):
    for status in path:
        services.roadmap_item_set_status(
            actor=vendor, item_id=item.id, status=status, shipped_on="2024-01-02", release="R"
        )
    with pytest.raises(ValidationFailed):
        services.roadmap_item_set_status(
            actor=vendor, item_id=item.id, status=refused, shipped_on="2024-01-02", release="R"
        )


def test_link_is_idempotent_with_history_on_both(vendor, db, item, make):
    wish = make.wish()
    assert services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id) is True
    assert services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id) is False
    assert db.session.execute(select(WishLink)).scalars().all().__len__() == 1
    kinds = db.session.execute(
        select(StatusChange.wish_id, StatusChange.roadmap_item_id, StatusChange.to_value).where(
            StatusChange.kind == "link"
        )
    ).all()
    assert sorted(kinds, key=str) == sorted(
        [(wish.id, None, item.title), (None, item.id, str(wish.id))], key=str
    )


def test_unlink_is_idempotent(vendor, db, item, make):
    wish = make.wish()
    services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    assert services.wish_unlink(actor=vendor, item_id=item.id, wish_id=wish.id) is True
    assert services.wish_unlink(actor=vendor, item_id=item.id, wish_id=wish.id) is False
    assert (
        db.session.execute(select(StatusChange).where(StatusChange.kind == "unlink"))
        .scalars()
        .all()
        .__len__()
        == 2
    )


def test_link_unknown_wish(vendor, item):
    with pytest.raises(NotFound):
        services.wish_link(actor=vendor, item_id=item.id, wish_id=999_999)


def test_link_duplicate_refused(vendor, db, item, make):
    x, y = make.wish(), make.wish()
    triage.wish_merge(actor=vendor, wish_id=x.id, into_id=y.id)
    with pytest.raises(Conflict):
        services.wish_link(actor=vendor, item_id=item.id, wish_id=x.id)


def test_link_notifies_wish_followers(vendor, db, item, make):
    wish = make.wish()
    services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    note = db.session.execute(select(Notification)).scalar_one()
    assert (note.user_id, note.kind, note.payload["item_title"]) == (
        wish.author_id,
        "wish_linked",
        item.title,
    )


def test_item_status_notifies_wish_and_item_followers_once(vendor, db, item, make):
    a, b = make.wish(), make.wish()
    both = make.user(role=Role.CLUB_MEMBER)
    item_follower = make.user(role=Role.CLUB_MEMBER)
    for wish in (a, b):
        services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
        follow_services.follow_set(user=both, wish_id=wish.id, active=True)
    follow_services.follow_set(user=item_follower, roadmap_item_id=item.id, active=True)
    db.session.execute(select(Notification)).all()
    db.session.query(Notification).delete()
    services.roadmap_item_set_status(actor=vendor, item_id=item.id, status="planned")
    users = sorted(n.user_id for n in db.session.execute(select(Notification)).scalars())
    assert users == sorted([a.author_id, b.author_id, both.id, item_follower.id])


def test_delivery_partially_shipped(vendor, db, make):
    wish = make.wish()
    one = services.roadmap_item_create(actor=vendor, title="Partie 1")
    two = services.roadmap_item_create(actor=vendor, title="Partie 2")
    for item in (one, two):
        services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    services.roadmap_item_set_status(
        actor=vendor, item_id=one.id, status="shipped", shipped_on="2024-05-01", release="R1"
    )
    assert deliveries_for([wish])[wish.id] == "partially_shipped"
    services.roadmap_item_set_status(
        actor=vendor, item_id=two.id, status="shipped", shipped_on="2024-05-02", release="R2"
    )
    assert deliveries_for([wish])[wish.id] == "shipped"
