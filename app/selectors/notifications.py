"""Reads for the notifications page."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.models import Notification


def user_notifications(user_id: int) -> Select[Notification]:
    """The user's notifications, newest first, with what their text may need."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .options(selectinload(Notification.wish), selectinload(Notification.roadmap_item))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def user_notifications_count(user_id: int) -> Select[int]:
    return select(func.count(Notification.id)).where(Notification.user_id == user_id)
