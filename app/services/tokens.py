"""Personal API tokens: created once in plain text, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.database import affected_rows
from app.extensions import db
from app.models import ApiToken, User
from app.services.errors import NotFound, PermissionDenied, ValidationFailed

TOKEN_PREFIX = "sht_"
PREFIX_LENGTH = 12
NAME_MAX = 80
# last_used_at is written at most this often, so reading the API is not a write per call.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the plain text is returned once and never stored."""
    if user is None or not user.active:
        raise PermissionDenied(_("Ce compte est désactivé."))
    clean = " ".join((name or "").split())
    if not clean or len(clean) > NAME_MAX:
        message = _("Donnez un nom au jeton (%(max)d caractères au plus).", max=NAME_MAX)
        raise ValidationFailed(message, fields={"name": message})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=clean,
        token_hash=token_digest(plaintext),
        prefix=plaintext[:PREFIX_LENGTH],
    )
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (idempotent); another's token is NotFound."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("Ce jeton n'existe pas."))
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        db.session.flush()
    return token


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of the user still in use; returns how many."""
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    db.session.flush()
    return affected_rows(result)


def tokens_for_user(user_id: int) -> list[ApiToken]:
    return list(
        db.session.execute(
            select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
        ).scalars()
    )


def user_for_token(plaintext: str) -> User | None:
    """The active user owning this unrevoked token, or None. Records the use."""
    if not plaintext or not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
        return None
    token = db.session.execute(
        select(ApiToken)
        .where(ApiToken.token_hash == token_digest(plaintext), ApiToken.revoked_at.is_(None))
        .options(joinedload(ApiToken.user))
    ).scalar_one_or_none()
    if token is None or not token.user.active:
        return None
    now = datetime.now(UTC)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # Its own short transaction: the request may roll its work back, not this.
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.id == token.id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return token.user
