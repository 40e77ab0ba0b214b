"""In-app notifications and the e-mail outbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Follow, Notification, OutboxEmail, User

NOTIFICATION_KINDS = (
    "wish_status",  # a followed wish changed triage status
    "wish_linked",  # a followed wish was linked to a roadmap item
    "wish_unlinked",  # a followed wish was unlinked from a roadmap item
    "item_status",  # a roadmap item linked to a followed wish / followed item changed status
    "official_answer",  # the vendor marked an official answer on a followed wish
    "wish_merged",  # a followed wish was merged into another
)


def unread_count(user_id: int) -> int:
    return db.session.execute(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ).scalar_one()


def followers_of(*, wish_ids: Iterable[int] = (), roadmap_item_id: int | None = None) -> list[User]:
    """Active users who actively follow any of the wishes or the roadmap item."""
    wish_ids = list(wish_ids)
    conditions = []
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
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    wish_ids = list(wish_ids)
    created = []
    for user in followers_of(wish_ids=wish_ids, roadmap_item_id=roadmap_item_id):
        if actor is not None and user.id == actor.id:
            continue
        notification = Notification(
            user_id=user.id,
            kind=kind,
            wish_id=wish_ids[0] if len(wish_ids) == 1 else None,
            roadmap_item_id=roadmap_item_id,
            payload=dict(payload or {}),
        )
        db.session.add(notification)
        created.append(notification)
    db.session.flush()
    return created


def enqueue_email(
    *, to_address: str, subject: str, body_text: str, user_id: int | None = None
) -> OutboxEmail:
    """Write an e-mail to the outbox, in the caller's transaction; ``notifications send``
    delivers it."""
    email = OutboxEmail(
        user_id=user_id, to_address=to_address, subject=subject[:255], body_text=body_text
    )
    db.session.add(email)
    db.session.flush()
    return email
