"""Accounts: creation, authentication, passwords, roles."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import (
    NOTIFICATION_PREFERENCES,
    Club,
    NotificationPreference,
    Role,
    Territory,
    User,
)
from app.services import tokens
from app.services.errors import PermissionDenied, ValidationFailed

PASSWORD_MIN = 10
# Hashes computed once per method so that unknown e-mails cost as much time as known ones.
_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    return _DUMMY_HASHES[method]


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(
        password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    )


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same cost either way)."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if not user.active:
        return None
    user.last_login_at = datetime.now(UTC)
    return user


def validate_password(password: str | None) -> str | None:
    if not password or len(password) < PASSWORD_MIN:
        return _("Le mot de passe doit faire au moins %(min)d caractères.", min=PASSWORD_MIN)
    return None


def _check_attachments(
    role: str, territory_id: int | None, club_id: int | None, errors: dict[str, str]
) -> None:
    """Role, territory and club rules shared by creation and edition."""
    if role not in Role.ALL:
        errors["role"] = _("Rôle inconnu : %(role)s.", role=role)
    if territory_id is not None:
        territory = db.session.get(Territory, territory_id)
        if territory is None:
            errors["territory"] = _("Territoire inconnu.")
    if club_id is not None and db.session.get(Club, club_id) is None:
        errors["club"] = _("Club inconnu.")
    if role == Role.REFERENT and territory_id is None:
        errors["territory"] = _("Un référent est rattaché à un territoire.")


def _clean_name(display_name: str | None, email: str | None) -> str:
    name = " ".join((display_name or "").split())
    if not name:
        name = email.split("@")[0] if email and "@" in email else ""
    return name


def user_create(
    *,
    email: str,
    display_name: str,
    role: str,
    password: str | None,
    territory_id: int | None = None,
    club_id: int | None = None,
    locale: str | None = None,
) -> User:
    """Create an account; without a password, nobody can log in until one is set."""
    errors: dict[str, str] = {}
    try:
        email = validate_email(email or "", check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors["email"] = _("Adresse e-mail invalide.")
    else:
        if find_user_by_email(email) is not None:
            errors["email"] = _("Un compte existe déjà avec cette adresse.")
    if password is not None:
        problem = validate_password(password)
        if problem:
            errors["password"] = problem
    _check_attachments(role, territory_id, club_id, errors)
    name = _clean_name(display_name, email)
    if not name or len(name) > 120:
        errors["display_name"] = _("Indiquez un nom (120 caractères au plus).")
    if errors:
        raise ValidationFailed(_("Le compte n'a pas été créé."), fields=errors)
    user = User(
        email=email,
        display_name=name,
        role=role,
        territory_id=territory_id,
        club_id=club_id,
        password_hash=hash_password(password) if password else "",
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def user_update(
    *,
    actor: User,
    user: User,
    display_name: str,
    role: str,
    territory_id: int | None,
    club_id: int | None,
) -> User:
    """Change an account's name, role, territory and club (admin)."""
    _ensure_admin(actor)
    errors: dict[str, str] = {}
    _check_attachments(role, territory_id, club_id, errors)
    name = _clean_name(display_name, user.email)
    if not name or len(name) > 120:
        errors["display_name"] = _("Indiquez un nom (120 caractères au plus).")
    if actor.id == user.id and role != Role.ADMIN:
        errors["role"] = _("Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
    if errors:
        raise ValidationFailed(_("Le compte n'a pas été modifié."), fields=errors)
    user.display_name = name
    user.role = Role(role)
    user.territory_id = territory_id
    user.club_id = club_id
    db.session.flush()
    return user


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate or reactivate an account. Accounts are never deleted: wishes refer to them."""
    _ensure_admin(actor)
    if not active and actor.id == user.id:
        raise ValidationFailed(_("Vous ne pouvez pas désactiver votre propre compte."))
    user.active = active
    db.session.flush()
    return user


def password_reset(*, actor: User, user: User, password: str | None = None) -> str:
    """Set a new password chosen by the admin, or a generated temporary one.

    Returns the password set, so that a generated one can be shown once.
    """
    _ensure_admin(actor)
    if password is None or password == "":
        password = generate_temporary_password()
    set_password(user, password)
    return password


def generate_temporary_password() -> str:
    return secrets.token_urlsafe(12)


def _ensure_admin(actor: User) -> None:
    if actor is None or actor.role != Role.ADMIN:
        raise PermissionDenied(_("Seul un administrateur gère les comptes."))


def set_password(user: User, password: str) -> None:
    problem = validate_password(password)
    if problem:
        raise ValidationFailed(problem, fields={"password": problem})
    user.password_hash = hash_password(password)
    # A password that had to change may have been used to create tokens.
    tokens.tokens_revoke_all(user=user)
    db.session.flush()


def sessions_end(user: User) -> None:
    """End every session of the account (and its remember cookies), server-side."""
    user.end_sessions()
    db.session.flush()


def set_preferences(user: User, *, locale: str | None, notification_preference: str) -> None:
    if locale not in (None, "fr", "en"):
        raise ValidationFailed(_("Langue inconnue."), fields={"locale": _("Langue inconnue.")})
    if notification_preference not in NOTIFICATION_PREFERENCES:
        raise ValidationFailed(
            _("Préférence inconnue."), fields={"notification_preference": _("Préférence inconnue.")}
        )
    user.locale = locale
    user.notification_preference = NotificationPreference(notification_preference)
    db.session.flush()
