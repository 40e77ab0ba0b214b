"""In-app notifications and the e-mail outbox.

``notify_followers`` writes, in the caller's transaction, one in-app notification per
follower and, for followers who chose "immediate", one outbox e-mail in their language.
"Daily" followers get one digest a day (``digest_build``, run by ``notifications send``);
"never" followers get no e-mail. Texts come from ``app.services.notification_text``;
its docstring lists the payload keys each kind reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import selectinload

from app.database import affected_rows
from app.extensions import db
from app.models import Follow, Notification, OutboxEmail, RoadmapItem, User, Wish, utcnow
from app.selectors.notifications import GroupKind, in_group, unread_count_of
from app.services.errors import NotFound

DIGEST_INTERVAL = timedelta(days=1)
DIGEST_MAX_ITEMS = 50

NOTIFICATION_KINDS = (
    "wish_status",  # a followed wish changed triage status
    "wish_linked",  # a followed wish was linked to a roadmap item
    "wish_unlinked",  # a followed wish was unlinked from a roadmap item
    "item_status",  # a roadmap item linked to a followed wish / followed item changed status
    "official_answer",  # the vendor marked an official answer on a followed wish
    "wish_merged",  # a followed wish was merged into another
    "restitution_answer",  # the vendor published its answer to a restituted wish
    "funding_reached",  # the pledges for a roadmap item reached its funding goal
)


def unread_count(user_id: int) -> int:
    return db.session.execute(select(unread_count_of(user_id))).scalar_one()


def followers_of(*, wish_ids: Iterable[int] = (), roadmap_item_id: int | None = None) -> list[User]:
    """Active users who actively follow any of the wishes or the roadmap item."""
    wish_ids = list(wish_ids)
    conditions: list[ColumnElement[bool]] = []
    if wish_ids:
        conditions.append(Follow.wish_id.in_(wish_ids))
    if roadmap_item_id is not None:
        conditions.append(Follow.roadmap_item_id == roadmap_item_id)
    if not conditions:
        return []
    follower_ids = select(Follow.user_id).where(Follow.active.is_(True), or_(*conditions))
    return list(
        db.session.execute(
            select(User).where(User.id.in_(follower_ids), User.active.is_(True)).order_by(User.id)
        ).scalars()
    )


def notify_followers(
    *,
    kind: str,
    actor: User | None,
    wish_ids: Iterable[int] = (),
    roadmap_item_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> list[Notification]:
    """Tell followers of the wishes (or of the roadmap item) about a change.

    One notification per follower, the actor excluded. ``payload`` holds what the text
    needs (titles, statuses) so it can be rendered later in the reader's language.
    """
    wish_ids = list(dict.fromkeys(wish_ids))
    return notify_users(
        kind=kind,
        actor=actor,
        users=followers_of(wish_ids=wish_ids, roadmap_item_id=roadmap_item_id),
        wish_id=wish_ids[0] if len(wish_ids) == 1 else None,
        roadmap_item_id=roadmap_item_id,
        payload=payload,
    )


def notify_users(
    *,
    kind: str,
    actor: User | None,
    users: Iterable[User],
    wish_id: int | None = None,
    roadmap_item_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> list[Notification]:
    """One notification (and e-mail for "immediate" readers) per user, the actor and
    repeated users excluded."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    from app.services.notification_text import notification_email

    # Usually already in the session's identity map: no query.
    wish = db.session.get(Wish, wish_id) if wish_id is not None else None
    item = db.session.get(RoadmapItem, roadmap_item_id) if roadmap_item_id is not None else None
    created = []
    seen: set[int] = set()
    for user in users:
        if (actor is not None and user.id == actor.id) or user.id in seen:
            continue
        seen.add(user.id)
        notification = Notification(
            user_id=user.id,
            kind=kind,
            wish_id=wish_id,
            roadmap_item_id=roadmap_item_id,
            payload=dict(payload or {}),
            created_at=utcnow(),
        )
        notification.wish = wish
        notification.roadmap_item = item
        if user.notification_preference == "immediate":
            subject, body = notification_email(user, notification)
            enqueue_email(to_address=user.email, subject=subject, body_text=body, user_id=user.id)
            notification.emailed = True
        db.session.add(notification)
        created.append(notification)
    db.session.flush()
    return created


def notify_wish_followers(
    *, kind: str, actor: User | None, wish: Wish, payload: dict[str, Any]
) -> list[Notification]:
    """:func:`notify_followers` about one wish, its id and title first in the payload."""
    return notify_followers(
        kind=kind,
        actor=actor,
        wish_ids=[wish.id],
        payload={"wish_id": wish.id, "wish_title": wish.title, **payload},
    )


def notification_for_user(*, user: User, notification_id: int) -> Notification:
    """The user's own notification; someone else's is reported as not found."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound(_("Notification introuvable."))
    return notification


def mark_read(*, user: User, notification_id: int, now: datetime | None = None) -> bool:
    """Mark one of the user's notifications as read. Idempotent; True if it was unread."""
    notification = notification_for_user(user=user, notification_id=notification_id)
    if notification.read_at is not None:
        return False
    notification.read_at = now or utcnow()
    db.session.flush()
    return True


def mark_all_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return affected_rows(result)


def mark_group_read(*, user: User, kind: GroupKind, ref: int, now: datetime | None = None) -> int:
    """Mark the user's unread notifications about one wish or roadmap item (see
    :mod:`app.selectors.notifications` for the groups) as read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            in_group(kind, ref),
        )
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return affected_rows(result)


def users_due_for_digest(*, now: datetime | None = None) -> list[int]:
    """Ids of active "daily" users with unemailed notifications and no digest for a day."""
    now = now or utcnow()
    pending = select(Notification.user_id).where(Notification.emailed.is_(False))
    return list(
        db.session.execute(
            select(User.id)
            .where(
                User.active.is_(True),
                User.notification_preference == "daily",
                or_(User.last_digest_at.is_(None), User.last_digest_at <= now - DIGEST_INTERVAL),
                User.id.in_(pending),
            )
            .order_by(User.id)
        ).scalars()
    )


def digest_build(*, user_id: int, now: datetime | None = None) -> OutboxEmail | None:
    """Write the user's daily digest to the outbox and mark its notifications e-mailed.

    The user row is claimed first with a conditional UPDATE of ``last_digest_at``, so two
    concurrent runs never build the same digest: the second one finds it already done
    (PostgreSQL re-checks the condition after the first commits; SQLite serialises
    writers). Returns None when there is nothing to send or another run got there first.
    """
    now = now or utcnow()
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user_id,
            User.notification_preference == "daily",
            or_(User.last_digest_at.is_(None), User.last_digest_at <= now - DIGEST_INTERVAL),
        )
        .values(last_digest_at=now)
        .execution_options(synchronize_session=False)
    )
    if not affected_rows(claimed):
        return None
    user = db.session.get_one(User, user_id)
    db.session.refresh(user)
    notifications = list(
        db.session.execute(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.emailed.is_(False))
            .options(selectinload(Notification.wish), selectinload(Notification.roadmap_item))
            .order_by(Notification.created_at, Notification.id)
        ).scalars()
    )
    if not notifications or not user.active:
        return None
    from app.services.notification_text import digest_email

    # The most recent ones, if a long backlog piled up; all are marked e-mailed.
    subject, body = digest_email(user, notifications[-DIGEST_MAX_ITEMS:])
    email = enqueue_email(to_address=user.email, subject=subject, body_text=body, user_id=user.id)
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_([n.id for n in notifications]))
        .values(emailed=True)
        .execution_options(synchronize_session=False)
    )
    for notification in notifications:
        notification.emailed = True
    return email


def enqueue_email(
    *,
    to_address: str,
    subject: str,
    body_text: str,
    user_id: int | None = None,
    inert: bool = False,
) -> OutboxEmail:
    """Write an e-mail to the outbox, in the caller's transaction; ``notifications send``
    delivers it. An ``inert`` row is written the same way but never sent: it lets a
    caller do the same work whether or not there is anyone to write to."""
    email = OutboxEmail(
        user_id=user_id,
        to_address=to_address,
        subject=subject[:255],
        body_text=body_text,
        status="inert" if inert else "pending",
    )
    db.session.add(email)
    db.session.flush()
    return email
