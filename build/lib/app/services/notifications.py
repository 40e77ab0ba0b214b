"""In-app notifications and the e-mail outbox."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Notification


def unread_count(user_id: int) -> int:
    return db.session.execute(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ).scalar_one()
