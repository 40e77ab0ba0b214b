"""What wish triage and the roadmap share when they move something through its statuses:
the note that goes with a change, the checks on the change itself, and how a change is
recorded and told to the followers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _

from app.labels import label
from app.models import RoadmapItem, User, Wish
from app.selectors.roadmap import linked_wish_ids
from app.services.errors import ValidationFailed
from app.services.history import history_record
from app.services.notifications import notify_followers
from app.services.text import unstorable as unstorable_text

NOTE_MAX = 5_000


def clean_note(note: str | None) -> str:
    """The note of a status change or a merge, stripped; refused if unstorable or too long."""
    text = (note or "").strip()
    if unstorable_text(text):
        message = _("La note contient des caractères non pris en charge.")
        raise ValidationFailed(message, fields={"note": message})
    if len(text) > NOTE_MAX:
        raise ValidationFailed(
            _("La note est trop longue."),
            fields={"note": _("%(max)d caractères au plus.", max=NOTE_MAX)},
        )
    return text


def check_status_known(status: str, known: Collection[str]) -> None:
    if status not in known:
        raise ValidationFailed(
            _("Statut inconnu : %(status)s.", status=status),
            fields={"status": _("Statut inconnu.")},
        )


def check_status_change(
    previous: str,
    status: str,
    *,
    allowed: Collection[str],
    labels: Mapping[str, Any],
    already: str,
    impossible: str,
) -> None:
    """Refuse a change to the current status, or one that ``allowed`` does not list.

    ``already`` and ``impossible`` are the caller's messages, translated but not yet
    formatted (its own wording, e.g. "wish" or "item"): they are filled here with the
    labels of ``status`` (``%(status)s``) or of ``previous`` and ``status``
    (``%(old)s``, ``%(new)s``).
    """
    if status == previous:
        raise ValidationFailed(
            already % {"status": label(labels, status)},
            fields={"status": _("C'est déjà son statut.")},
        )
    if status not in allowed:
        raise ValidationFailed(
            impossible % {"old": label(labels, previous), "new": label(labels, status)},
            fields={"status": _("Changement de statut impossible.")},
        )


def status_change_record(
    *, actor: User, subject: Wish | RoadmapItem, previous: str, status: str, note: str
) -> None:
    """A status change of a wish or a roadmap item (``subject``), recorded alike: a
    ``status`` line in its history, and a ``wish_status`` or ``item_status``
    notification to its followers (an item's also to the followers of the wishes linked
    to it). The notification names the subject and carries the change, ``from``, ``to``
    and ``note``; an item's also its release and delivery date, which its text shows."""
    change = {"from": previous, "to": status, "note": note}
    if isinstance(subject, Wish):
        kind, wish_id, item_id, wish_ids = "wish_status", subject.id, None, [subject.id]
        payload = {"wish_id": subject.id, "wish_title": subject.title, **change}
    else:
        kind, wish_id, item_id = "item_status", None, subject.id
        wish_ids = linked_wish_ids([subject.id]).get(subject.id, [])
        shipped_on = subject.shipped_on.isoformat() if subject.shipped_on else None
        payload = {
            "item_id": subject.id,
            "item_title": subject.title,
            **change,
            "release": subject.release,
            "shipped_on": shipped_on,
        }
    history_record(
        actor=actor,
        kind="status",
        wish_id=wish_id,
        roadmap_item_id=item_id,
        from_value=previous,
        to_value=status,
        note=note,
    )
    notify_followers(
        kind=kind, actor=actor, wish_ids=wish_ids, roadmap_item_id=item_id, payload=payload
    )
