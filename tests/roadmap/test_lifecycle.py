"""The checks wish triage and the roadmap share: each keeps its own wording, in each
language, with the status labels filled in."""

from __future__ import annotations

import pytest

from app.i18n import force_locale
from app.models import Role
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
