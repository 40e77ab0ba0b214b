"""The Rencontre cycle's writes: dot votes, opening a workshop's vote, the programme of
the next meeting, freezing the restitution, the vendor's answers and their publication."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.extensions import db
from app.i18n import ngettext
from app.models import (
    AnswerDecision,
    DotVote,
    Event,
    EventRegistration,
    Follow,
    Notification,
    RestitutionEntry,
    Role,
    Territory,
    User,
    Vote,
    Wish,
    WishStatus,
    Workshop,
    WorkshopAgendaItem,
    utcnow,
)
from app.services import permissions
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.roadmap import validate_target

DOTS_MAX = 50
ANSWER_TEXT_MAX = 5000
TOPIC_MAX = 2000


def can_vote_dots(user: User | None) -> bool:
    return permissions.can_vote(user)


def can_prepare_event(user: User | None, event: Event | None = None) -> bool:
    """The admin; for an event with a host territory, the host's referents and those of
    its region's regional committee (CRT). Any referent may propose to host one."""
    if permissions.is_admin(user):
        return True
    if not (user and user.is_authenticated and user.role == Role.REFERENT):
        return False
    territory = user.territory
    if territory is None:
        return False
    if event is None:
        return True
    return may_host(user, event.host_territory_id)


def may_host(user: User, host_territory_id: int | None) -> bool:
    """A referent prepares a meeting hosted by their own territory or, for a regional
    committee (CRT), by a territory of their region."""
    if permissions.is_admin(user):
        return True
    territory = user.territory if user.role == Role.REFERENT else None
    if territory is None or host_territory_id is None:
        return False
    if host_territory_id == territory.id:
        return True
    host = db.session.get(Territory, host_territory_id)
    return territory.kind == "CRT" and host is not None and host.region == territory.region


# --- dot votes ------------------------------------------------------------------------


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
        if is_open and _frozen_at(workshop.event_id) is not None:
            raise Conflict(_("La restitution est figée : le vote ne rouvre plus."))
        workshop.is_open = is_open
    db.session.flush()
    return workshop


# --- preparing the next meeting -------------------------------------------------------


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


# --- restitution ----------------------------------------------------------------------


def _frozen_at(event_id: int) -> datetime | None:
    return db.session.execute(
        select(Event.restitution_frozen_at).where(Event.id == event_id)
    ).scalar_one_or_none()


def _event_for_update(event_id: int) -> Event:
    event = db.session.execute(
        select(Event).where(Event.id == event_id).with_for_update()
    ).scalar_one_or_none()
    if event is None:
        raise NotFound(_("Cette rencontre n'existe pas."))
    return event


def restitution_freeze(*, actor: User, event_id: int) -> Event:
    """Keep, once and for all, the ranked list as handed to the vendor: each workshop's
    wishes ranked by dots then dotting territories, with their figures at this moment.
    The workshops' votes close."""
    from app.selectors.rencontre import ranked_event_wishes

    if not permissions.is_staff(actor):
        raise PermissionDenied(_("Seuls l'éditeur et l'administrateur figent la restitution."))
    event = _event_for_update(event_id)
    if event.restitution_frozen_at is not None:
        raise Conflict(
            _("La restitution de cette rencontre est déjà figée."), code="already_frozen"
        )
    for position, row in enumerate(ranked_event_wishes(event), start=1):
        db.session.add(
            RestitutionEntry(
                event_id=event.id,
                wish_id=row.wish_id,
                workshop_id=row.workshop_id,
                position=position,
                rank=row.rank,
                dots=row.dots,
                territories_count=row.territories_count,
                status_at_freeze=row.status,
                answer_text="",
            )
        )
    event.restitution_frozen_at = utcnow()
    for workshop in db.session.execute(
        select(Workshop).where(Workshop.event_id == event.id)
    ).scalars():
        workshop.is_open = False
    db.session.flush()
    return event


def answer_set(
    *,
    actor: User,
    event_id: int,
    wish_id: int,
    decision: str,
    target: str | None = None,
    text: str = "",
) -> RestitutionEntry:
    """Draft the vendor's answer to one entry; it stays unseen until published."""
    if not permissions.is_staff(actor):
        raise PermissionDenied(_("Seul l'éditeur répond à la restitution."))
    errors: dict[str, str] = {}
    if decision not in AnswerDecision.ALL:
        errors["decision"] = _(
            "Valeur inconnue ; valeurs possibles : %(v)s.", v=", ".join(AnswerDecision.ALL)
        )
    clean_target = None
    try:
        clean_target = validate_target(target)
    except ValidationFailed as error:
        errors["target"] = error.message
    if decision == AnswerDecision.RETAINED and clean_target is None and "target" not in errors:
        errors["target"] = _("Un souhait retenu a une échéance (2027 ou 2027-T2).")
    text = (text or "").strip()
    if len(text) > ANSWER_TEXT_MAX:
        errors["text"] = _("Texte trop long (%(max)d caractères au plus).", max=ANSWER_TEXT_MAX)
    if errors:
        raise ValidationFailed(_("La réponse n'a pas été enregistrée."), fields=errors)
    entry = db.session.execute(
        select(RestitutionEntry)
        .where(RestitutionEntry.event_id == event_id, RestitutionEntry.wish_id == wish_id)
        .with_for_update()
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound(_("Ce souhait n'est pas dans la restitution figée de cette rencontre."))
    entry.decision = AnswerDecision(decision)
    entry.target = clean_target if decision == AnswerDecision.RETAINED else None
    entry.answer_text = text
    entry.answered_at = utcnow()
    entry.answered_by_id = actor.id
    # A changed answer is a draft again until the next publication.
    entry.published_at = None
    db.session.flush()
    return entry


def _recipients(wish_ids: list[int]) -> dict[int, set[int]]:
    """For each wish, the active users to tell: its followers and the referents of the
    territories that filed or support it (two queries)."""
    result: dict[int, set[int]] = {wish_id: set() for wish_id in wish_ids}
    followers = db.session.execute(
        select(Follow.wish_id, Follow.user_id)
        .join(User, User.id == Follow.user_id)
        .where(Follow.wish_id.in_(wish_ids), Follow.active.is_(True), User.active.is_(True))
    )
    for wish_id, user_id in followers:
        if wish_id is not None:
            result[wish_id].add(user_id)
    concerned = (
        select(Wish.id.label("wish_id"), Wish.territory_id.label("territory_id"))
        .where(Wish.id.in_(wish_ids))
        .union(select(Vote.wish_id, Vote.territory_id).where(Vote.wish_id.in_(wish_ids)))
        .subquery()
    )
    referents = db.session.execute(
        select(concerned.c.wish_id, User.id).join(
            User,
            (User.territory_id == concerned.c.territory_id)
            & (User.role == Role.REFERENT)
            & User.active.is_(True),
        )
    )
    for wish_id, user_id in referents:
        result[wish_id].add(user_id)
    return result


def restitution_publish(*, actor: User, event_id: int) -> int:
    """Publish every answered entry not yet published and tell those concerned; returns
    how many answers were published."""
    from app.services.notification_text import notification_email
    from app.services.notifications import enqueue_email

    if not permissions.is_staff(actor):
        raise PermissionDenied(_("Seul l'éditeur publie ses réponses."))
    event = _event_for_update(event_id)
    if event.restitution_frozen_at is None:
        raise Conflict(_("Figez d'abord la restitution."), code="not_frozen")
    entries = list(
        db.session.execute(
            select(RestitutionEntry)
            .where(
                RestitutionEntry.event_id == event.id,
                RestitutionEntry.decision.is_not(None),
                RestitutionEntry.published_at.is_(None),
            )
            .order_by(RestitutionEntry.position)
        ).scalars()
    )
    if not entries:
        raise Conflict(_("Aucune réponse à publier."), code="nothing_to_publish")
    now = utcnow()
    event.restitution_published_at = now
    wishes = {
        w.id: w
        for w in db.session.execute(
            select(Wish).where(Wish.id.in_([e.wish_id for e in entries]))
        ).scalars()
    }
    recipients = _recipients(list(wishes))
    users = {
        u.id: u
        for u in db.session.execute(
            select(User).where(User.id.in_({i for ids in recipients.values() for i in ids}))
        ).scalars()
    }
    for entry in entries:
        entry.published_at = now
        wish = wishes[entry.wish_id]
        for user_id in sorted(recipients.get(wish.id, ())):
            if user_id == actor.id:
                continue
            user = users[user_id]
            notification = Notification(
                user_id=user_id,
                kind="restitution_answer",
                wish_id=wish.id,
                payload={
                    "wish_id": wish.id,
                    "wish_title": wish.title,
                    "event_name": event.name,
                    "event_slug": event.slug,
                    "decision": entry.decision,
                    "target": entry.target,
                    "note": entry.answer_text,
                },
                created_at=now,
            )
            notification.wish = wish
            if user.notification_preference == "immediate":
                subject, body = notification_email(user, notification)
                enqueue_email(
                    to_address=user.email, subject=subject, body_text=body, user_id=user.id
                )
                notification.emailed = True
            db.session.add(notification)
    db.session.flush()
    return len(entries)
