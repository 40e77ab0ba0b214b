"""Preparing the next meeting: the registered territories and the workshops' agendas."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.extensions import db
from app.models import (
    Event,
    EventRegistration,
    Territory,
    User,
    Wish,
    WishStatus,
    Workshop,
    WorkshopAgendaItem,
)
from app.services import permissions
from app.services.errors import NotFound, PermissionDenied, ValidationFailed
from app.services.rencontre.access import can_prepare_event


def event_registrations_set(*, actor: User, event: Event, territory_ids: Iterable[int]) -> None:
    """The territories registered for the event, replacing the previous list."""
    if not can_prepare_event(actor, event):
        raise PermissionDenied(
            _("Seuls l'administrateur et le référent régional hôte préparent la rencontre.")
        )
    wanted = set(territory_ids)
    known = set(db.session.execute(select(Territory.id).where(Territory.id.in_(wanted))).scalars())
    if known != wanted:
        message = _("Territoire inconnu.")
        raise ValidationFailed(message, fields={"territories": message})
    current = set(
        db.session.execute(
            select(EventRegistration.territory_id).where(EventRegistration.event_id == event.id)
        ).scalars()
    )
    if current - wanted:
        db.session.execute(
            delete(EventRegistration).where(
                EventRegistration.event_id == event.id,
                EventRegistration.territory_id.in_(current - wanted),
            )
        )
    for territory_id in sorted(wanted - current):
        db.session.add(EventRegistration(event_id=event.id, territory_id=territory_id))
    db.session.flush()


def agenda_add(*, actor: User, workshop: Workshop, wish_ids: Iterable[int]) -> int:
    """Put wishes on a workshop's agenda (e.g. from the gap list); returns how many were
    added (those already there are skipped)."""
    event = db.session.get(Event, workshop.event_id)
    if not (permissions.is_staff(actor) or can_prepare_event(actor, event)):
        raise PermissionDenied(
            _(
                "Seuls l'éditeur, l'administrateur et le référent régional hôte préparent les ateliers."
            )
        )
    wanted = list(dict.fromkeys(wish_ids))
    found = set(
        db.session.execute(
            select(Wish.id).where(Wish.id.in_(wanted), Wish.status != WishStatus.DUPLICATE)
        ).scalars()
    )
    if found != set(wanted):
        raise NotFound(_("Ce souhait n'existe pas."))
    present = set(
        db.session.execute(
            select(WorkshopAgendaItem.wish_id).where(
                WorkshopAgendaItem.workshop_id == workshop.id,
                WorkshopAgendaItem.wish_id.in_(wanted),
            )
        ).scalars()
    )
    added = 0
    for wish_id in wanted:
        if wish_id not in present:
            db.session.add(
                WorkshopAgendaItem(workshop_id=workshop.id, wish_id=wish_id, added_by_id=actor.id)
            )
            added += 1
    db.session.flush()
    return added
