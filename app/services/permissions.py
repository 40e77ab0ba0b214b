"""Who may do what (DESIGN §2). Pages, API and CLI ask the same questions here."""

from __future__ import annotations

from typing import TypeGuard

from app.models import Club, Role, Territory, User, Wish, WishStatus


def is_staff(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def can_browse(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_member)


def can_file_wish(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.can_support)


def can_vote(user: User | None) -> bool:
    return can_file_wish(user)


def can_comment(user: User | None) -> bool:
    return can_browse(user)


def _is_referent(user: User | None) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.role == Role.REFERENT)


def can_edit_wish(user: User | None, wish: Wish) -> bool:
    if is_staff(user):
        return True
    return _is_referent(user) and wish.author_id == user.id and wish.status == WishStatus.NEW


def can_triage(user: User | None) -> bool:
    return is_staff(user)


def can_manage_roadmap(user: User | None) -> bool:
    return is_staff(user)


def is_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)


def can_read_territory_report(user: User | None, territory: Territory) -> bool:
    """A territory's board report: its referents, the vendor and admins."""
    if is_staff(user):
        return True
    return _is_referent(user) and user.territory_id == territory.id


def can_read_club_report(user: User | None, club: Club) -> bool:
    """A club's board report: its members, the referents of its territories, the vendor
    and admins (``club.territories`` loaded)."""
    if is_staff(user):
        return True
    if not (user and user.is_authenticated):
        return False
    if user.role == Role.CLUB_MEMBER:
        return user.club_id == club.id
    if user.role == Role.REFERENT:
        return user.territory_id in {t.id for t in club.territories}
    return False
