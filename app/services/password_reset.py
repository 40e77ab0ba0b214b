"""Password reset by an e-mailed link: signed, expiring, single-use.

The token carries the user id and a fingerprint of the current password hash, signed
with the secret key (itsdangerous). Setting a new password changes the hash, so a link
works once; it also expires after ``PASSWORD_RESET_MAX_AGE`` seconds (one hour).
"""

from __future__ import annotations

import hashlib

from flask import current_app, render_template
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.extensions import db
from app.i18n import force_locale
from app.models import User
from app.public_url import external_url_for
from app.services import accounts
from app.services.errors import ValidationFailed
from app.services.notifications import enqueue_email

SALT = "souhaits.password-reset"
DEFAULT_MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:20]


def _max_age() -> int:
    return int(current_app.config.get("PASSWORD_RESET_MAX_AGE", DEFAULT_MAX_AGE))


def reset_token_for(user: User) -> str:
    return _serializer().dumps({"u": user.id, "h": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The active user the link was made for, or None if it is forged, expired or used."""
    try:
        data = _serializer().loads(token or "", max_age=_max_age())
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.active or data.get("h") != _fingerprint(user):
        return None
    return user


def _message(user: User | None, link: str) -> tuple[str, str]:
    locale = (user.locale if user is not None else None) or "fr"
    with force_locale(locale):
        subject = _("Réinitialisation de votre mot de passe")
        body = render_template(
            "email/password_reset.txt",
            user=user,
            link=link,
            minutes=_max_age() // 60,
        )
    return subject, body


def password_reset_request(*, email: str) -> None:
    """E-mail a reset link to an active account with this address, if there is one.

    Does the same work when there is none (token, message, one outbox row, inert and
    without an address), so that neither the response, nor its timing, nor the writes
    tell whether the address has an account.
    """
    user = accounts.find_user_by_email(email)
    if user is not None and not user.active:
        user = None
    token = reset_token_for(user) if user is not None else _serializer().dumps({"u": 0, "h": ""})
    link = external_url_for("auth.reset_password", token=token)
    subject, body = _message(user, link)
    enqueue_email(
        to_address=user.email if user is not None else "",
        subject=subject,
        body_text=body,
        user_id=user.id if user is not None else None,
        inert=user is None,
    )


def password_reset_complete(*, token: str, password: str) -> User:
    """Set the new password; the link is then spent (the hash it was bound to is gone)."""
    user = user_for_token(token)
    if user is None:
        message = _("Ce lien n'est plus valable. Demandez-en un nouveau.")
        raise ValidationFailed(message, fields={"token": message})
    accounts.set_password(user, password)
    return user
