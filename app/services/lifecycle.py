"""What wish triage and the roadmap share when they move something through its statuses:
the note that goes with a change, and the checks on the change itself."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _

from app.labels import label
from app.services.errors import ValidationFailed
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
