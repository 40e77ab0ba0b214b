"""Who may do what (DESIGN §2). Pages, API and CLI ask the same questions here."""

from __future__ import annotations

from app.models import Role, User, Wish, WishStatus


def is_staff(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role in Role.STAFF)


def can_browse(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role in Role.MEMBERS)


def can_file_wish(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.REFERENT, *Role.STAFF))


def can_vote(user: User | None) -> bool:
    return can_file_wish(user)


def can_comment(user: User | None) -> bool:
    return can_browse(user)


def can_edit_wish(user: User | None, wish: Wish) -> bool:
    if is_staff(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and user.role == Role.REFERENT
        and wish.author_id == user.id
        and wish.status == WishStatus.NEW
    )


def can_triage(user: User | None) -> bool:
    return is_staff(user)


def can_manage_roadmap(user: User | None) -> bool:
    return is_staff(user)


def is_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)
