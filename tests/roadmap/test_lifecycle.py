"""What wish triage and the roadmap share: the checks, each in its own wording, in each
language, with the status labels filled in; and how a status change is recorded and told."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.i18n import force_locale
from app.models import Notification, Role, StatusChange
from app.services import roadmap as roadmap_services
from app.services import triage
from app.services.errors import ValidationFailed
from app.services.lifecycle import NOTE_MAX


@pytest.fixture
def vendor(make):
    return make.user(role=Role.VENDOR)


def _refusal(call) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("fr", "Ce souhait a déjà le statut « À l'étude »."),
        ("en", "This wish already has the status “Under review”."),
    ],
)
def test_same_wish_status(make, vendor, locale, message):
    wish = make.wish(status="under_review")
    with force_locale(locale):
        error = _refusal(
            lambda: triage.wish_set_status(actor=vendor, wish_id=wish.id, status="under_review")
        )
    assert error.message == message
    assert set(error.fields) == {"status"}


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("fr", "Un élément ne passe pas de « Livré » à « Planifié »."),
        ("en", "An item cannot go from “Shipped” to “Planned”."),
    ],
)
def test_refused_item_transition(roadmap, locale, message):
    item = roadmap.item(status="shipped")
    with force_locale(locale):
        error = _refusal(
            lambda: roadmap_services.roadmap_item_set_status(
                actor=roadmap.vendor, item_id=item.id, status="planned"
            )
        )
    assert error.message == message
    assert set(error.fields) == {"status"}


def test_unknown_status_and_long_note(make, vendor):
    wish = make.wish()
    error = _refusal(lambda: triage.wish_set_status(actor=vendor, wish_id=wish.id, status="x"))
    assert error.message == "Statut inconnu : x."
    error = _refusal(
        lambda: triage.wish_set_status(
            actor=vendor, wish_id=wish.id, status="accepted", note="n" * (NOTE_MAX + 1)
        )
    )
    assert error.fields == {"note": f"{NOTE_MAX} caractères au plus."}


def test_a_wish_and_an_item_record_and_tell_a_status_change_alike(db, make, roadmap):
    wish = make.wish(title="Tarifs par saison")
    item = roadmap.item(title="Saisons tarifaires", wishes=[wish])
    triage.wish_set_status(
        actor=roadmap.vendor, wish_id=wish.id, status="accepted", note="Prévu en 2027."
    )
    roadmap_services.roadmap_item_set_status(
        actor=roadmap.vendor, item_id=item.id, status="planned", note="Au printemps."
    )

    lines = db.session.execute(
        select(StatusChange).where(StatusChange.kind == "status").order_by(StatusChange.id)
    ).scalars()
    assert [
        (line.actor_id, line.wish_id, line.roadmap_item_id, line.from_value, line.to_value)
        for line in lines
    ] == [
        (roadmap.vendor.id, wish.id, None, "new", "accepted"),
        (roadmap.vendor.id, None, item.id, "considering", "planned"),
    ]
    # The item's change reaches the followers of the wishes linked to it too.
    notifications = db.session.execute(
        select(Notification)
        .where(Notification.kind.in_(("wish_status", "item_status")))
        .order_by(Notification.id)
    ).scalars()
    assert [(n.user_id, n.wish_id, n.roadmap_item_id, n.payload) for n in notifications] == [
        (
            wish.author_id,
            wish.id,
            None,
            {
                "wish_id": wish.id,
                "wish_title": "Tarifs par saison",
                "from": "new",
                "to": "accepted",
                "note": "Prévu en 2027.",
            },
        ),
        (
            wish.author_id,
            wish.id,
            item.id,
            {
                "item_id": item.id,
                "item_title": "Saisons tarifaires",
                "from": "considering",
                "to": "planned",
                "note": "Au printemps.",
                "release": None,
                "shipped_on": None,
            },
        ),
    ]
