"""A workshop's vote: dot votes, opening and closing it, and its topic."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import ngettext
from app.models import (
    DotVote,
    Event,
    Role,
    User,
    Wish,
    WishStatus,
    Workshop,
    WorkshopAgendaItem,
    utcnow,
)
from app.services import permissions
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.rencontre.access import can_vote_dots
from app.services.rencontre.restitution import frozen_at

DOTS_MAX = 50
TOPIC_MAX = 2000


def workshop_for_update(workshop_id: int) -> Workshop:
    """The workshop, locked: dot writes of one workshop happen one after the other, so
    two phones of the same territory cannot both spend the last dot."""
    workshop = db.session.execute(
        select(Workshop).where(Workshop.id == workshop_id).with_for_update()
    ).scalar_one_or_none()
    if workshop is None:
        raise NotFound(_("Cet atelier n'existe pas."))
    return workshop


def wish_in_workshop(workshop_id: int, wish_id: int) -> bool:
    """Captured there or put on its agenda (duplicates are out: their support moved)."""
    on_agenda = select(WorkshopAgendaItem.wish_id).where(
        WorkshopAgendaItem.workshop_id == workshop_id
    )
    found = db.session.execute(
        select(Wish.id).where(
            Wish.id == wish_id,
            Wish.status != WishStatus.DUPLICATE,
            (Wish.workshop_id == workshop_id) | Wish.id.in_(on_agenda),
        )
    ).scalar_one_or_none()
    return found is not None


def _voting_territory(actor: User, territory_id: int | None) -> tuple[int, bool]:
    """(territory, on behalf?) for a dot vote; referents vote for their own territory."""
    if not can_vote_dots(actor):
        raise PermissionDenied(_("Votre rôle ne permet pas de voter en atelier."))
    if actor.role == Role.REFERENT:
        if territory_id is not None and territory_id != actor.territory_id:
            raise PermissionDenied(_("Un référent vote pour son propre territoire."))
        if actor.territory_id is None:
            raise PermissionDenied(_("Votre compte n'est rattaché à aucun territoire."))
        return actor.territory_id, False
    if territory_id is None:
        message = _("Indiquez le territoire pour lequel vous enregistrez les gommettes.")
        raise ValidationFailed(message, fields={"territory": message})
    return territory_id, True


def dots_used(workshop_id: int, territory_id: int, *, except_wish_id: int | None = None) -> int:
    query = select(func.coalesce(func.sum(DotVote.count), 0)).where(
        DotVote.workshop_id == workshop_id, DotVote.territory_id == territory_id
    )
    if except_wish_id is not None:
        query = query.where(DotVote.wish_id != except_wish_id)
    return int(db.session.execute(query).scalar_one())


def dots_set(
    *, actor: User, workshop_id: int, wish_id: int, count: int, territory_id: int | None = None
) -> DotVote | None:
    """Set one territory's dots on one wish of a workshop (0 removes them).

    Refused: a closed workshop or more dots than the territory's budget (Conflict), a
    wish that is not in the workshop (NotFound). Returns the row, None once removed.
    """
    territory_id, on_behalf = _voting_territory(actor, territory_id)
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= DOTS_MAX:
        message = _("Nombre de gommettes entre 0 et %(max)d attendu.", max=DOTS_MAX)
        raise ValidationFailed(message, fields={"count": message})
    workshop = workshop_for_update(workshop_id)
    if not wish_in_workshop(workshop.id, wish_id):
        raise NotFound(_("Ce souhait n'est pas à l'ordre du jour de cet atelier."))
    if not workshop.is_open:
        raise Conflict(_("Le vote de cet atelier est fermé."), code="workshop_closed")
    budget = db.session.execute(
        select(Event.dots_per_territory).where(Event.id == workshop.event_id)
    ).scalar_one()
    if count and dots_used(workshop.id, territory_id, except_wish_id=wish_id) + count > budget:
        raise Conflict(
            ngettext(
                "Budget dépassé : %(num)d gommette par territoire dans cet atelier.",
                "Budget dépassé : %(num)d gommettes par territoire dans cet atelier.",
                budget,
            ),
            code="over_budget",
        )
    existing = db.session.execute(
        select(DotVote).where(
            DotVote.workshop_id == workshop.id,
            DotVote.wish_id == wish_id,
            DotVote.territory_id == territory_id,
        )
    ).scalar_one_or_none()
    if count == 0:
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if existing is None:
        existing = DotVote(workshop_id=workshop.id, wish_id=wish_id, territory_id=territory_id)
        db.session.add(existing)
    existing.count = count
    existing.on_behalf = on_behalf
    existing.recorded_by_id = actor.id
    existing.updated_at = utcnow()
    db.session.flush()
    return existing


def workshop_update(
    *, actor: User, workshop_id: int, is_open: bool | None = None, topic: str | None = None
) -> Workshop:
    """Open or close a workshop's vote (the facilitator: vendor or admin), edit its topic."""
    if not permissions.is_staff(actor):
        raise PermissionDenied(_("Seuls l'éditeur et l'administrateur animent les ateliers."))
    workshop = workshop_for_update(workshop_id)
    if topic is not None:
        topic = topic.strip()
        if len(topic) > TOPIC_MAX:
            message = _("Le thème est trop long (%(max)d caractères au plus).", max=TOPIC_MAX)
            raise ValidationFailed(message, fields={"topic": message})
        workshop.topic = topic
    if is_open is not None:
        if is_open and frozen_at(workshop.event_id) is not None:
            raise Conflict(_("La restitution est figée : le vote ne rouvre plus."))
        workshop.is_open = is_open
    db.session.flush()
    return workshop
