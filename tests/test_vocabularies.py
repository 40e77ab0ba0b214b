"""The domain's closed vocabularies: read back as their enums, labelled in the reader's
language, refused by the database when unknown."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.models import RoadmapStatus, Role, Wish, WishStatus


def test_a_wish_reads_its_status_back_as_the_enum(db, make):
    wish_id = make.wish(status="declined").id
    db.session.expire_all()
    wish = db.session.get(Wish, wish_id)
    assert wish.status is WishStatus.DECLINED
    assert wish.is_closed


def test_labels_follow_the_reader_language(app):
    with app.test_request_context(), force_locale("en"):
        assert str(WishStatus.ACCEPTED.label) == "Accepted"
        assert str(RoadmapStatus.IN_TESTING.label) == "In testing"
        assert str(Role.VENDOR.label) == "Vendor"
    with app.test_request_context(), force_locale("fr"):
        assert str(WishStatus.ACCEPTED.label) == "Retenu"


@pytest.mark.parametrize(
    ("role", "status", "supports"),
    [
        ("referent", "new", True),
        ("admin", "accepted", True),
        ("club_member", "new", False),
        ("referent", "duplicate", False),
        ("vendor", "declined", False),
    ],
)
def test_who_may_support_a_wish(make, role, status, supports):
    user = make.user(role=role)
    assert make.wish(status=status).can_be_supported_by(user) is supports


def test_an_unknown_status_is_refused_by_the_database(db, make):
    wish = make.wish()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE wish SET status = 'lost' WHERE id = :id"), {"id": wish.id})
