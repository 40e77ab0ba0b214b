"""Whose wishes a dashboard counts: the scope of a user, as a condition on ``Wish``."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, or_, select, true

from app.models import ClubMembership, Role, Territory, User, Vote, Wish


def scope_for(user: User, *, network: bool = False) -> Select[int] | None:
    """Territory ids the user's dashboard covers; ``None`` for the whole network."""
    if network or user.role in Role.STAFF:
        return None
    if user.club_id is not None:
        return select(ClubMembership.territory_id).where(ClubMembership.club_id == user.club_id)
    return select(Territory.id).where(Territory.id == (user.territory_id or 0))


def in_scope(scope: Select[int] | None) -> ColumnElement[bool]:
    """Condition on ``Wish``: filed or supported by a territory of the scope."""
    if scope is None:
        return true()
    return or_(
        Wish.territory_id.in_(scope),
        exists().where(Vote.wish_id == Wish.id, Vote.territory_id.in_(scope)),
    )
