"""The restitution: freezing the ranked list, the vendor's answers and their publication."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AnswerDecision,
    Event,
    Follow,
    Notification,
    RestitutionEntry,
    Role,
    User,
    Vote,
    Wish,
    Workshop,
    utcnow,
)
from app.services import permissions
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.roadmap import validate_target

ANSWER_TEXT_MAX = 5000


def frozen_at(event_id: int) -> datetime | None:
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
