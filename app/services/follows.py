"""Following a wish or a roadmap item: the notifications a member receives."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.database import insert_ignoring_conflict
from app.extensions import db
from app.models import Follow, User
from app.services import permissions
from app.services.errors import PermissionDenied


def follow_ensure(
    *, user: User, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> None:
    """Follow unless the user already follows or chose to unfollow (the row stays)."""
    values: dict[str, int | None]
    if wish_id:
        values, conflict = {"wish_id": wish_id}, ("user_id", "wish_id")
    else:
        values, conflict = {"roadmap_item_id": roadmap_item_id}, ("user_id", "roadmap_item_id")
    insert_ignoring_conflict(
        Follow, {"user_id": user.id, "active": True, **values}, conflict_columns=conflict
    )


def follow_set(
    *, user: User, active: bool, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> None:
    """Follow or unfollow explicitly; an unfollow is remembered."""
    if not permissions.can_browse(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de suivre."))
    query = select(Follow).where(Follow.user_id == user.id)
    query = query.where(
        Follow.wish_id == wish_id if wish_id else Follow.roadmap_item_id == roadmap_item_id
    )
    follow = db.session.execute(query).scalar_one_or_none()
    if follow is None:
        follow = Follow(user_id=user.id, wish_id=wish_id, roadmap_item_id=roadmap_item_id)
        db.session.add(follow)
    follow.active = active
    db.session.flush()


def is_following(
    user: User, *, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> bool:
    query = select(Follow.active).where(Follow.user_id == user.id)
    query = query.where(
        Follow.wish_id == wish_id if wish_id else Follow.roadmap_item_id == roadmap_item_id
    )
    return bool(db.session.execute(query).scalar())
