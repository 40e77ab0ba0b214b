from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, event, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.enums import NotificationPreference, Role, Vocabulary, check_known
from app.models.territory import Club, Territory

NOTIFICATION_PREFERENCES = tuple(NotificationPreference)


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[Role] = mapped_column(Vocabulary(Role, 20), default=Role.REFERENT, index=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"), index=True)
    club_id: Mapped[int | None] = mapped_column(ForeignKey("club.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    notification_preference: Mapped[NotificationPreference] = mapped_column(
        Vocabulary(NotificationPreference, 12), default=NotificationPreference.IMMEDIATE
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the session identifier (``get_id``): changing it ends every open session and
    # "remember me" cookie. It changes with the password and when the account is deactivated.
    session_token: Mapped[str] = mapped_column(
        String(32), default=new_session_token, server_default=""
    )

    territory: Mapped[Territory | None] = relationship()
    club: Mapped[Club | None] = relationship()

    __table_args__ = (
        check_known("role", Role),
        check_known("notification_preference", NotificationPreference),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token or ''}"

    def end_sessions(self) -> None:
        """Log this account out everywhere (its open sessions and remember cookies)."""
        self.session_token = new_session_token()

    @property
    def is_staff(self) -> bool:
        return self.role in Role.STAFF

    @property
    def is_member(self) -> bool:
        return self.role in Role.MEMBERS

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_support(self) -> bool:
        """Whether the role files and supports wishes (referents, vendor, admin)."""
        return self.role in Role.SUPPORTERS

    @property
    def initials(self) -> str:
        """Up to two letters for an avatar: "Claire Dubois" → "CD", "Anne-Marie" → "AM"."""
        words = [w for w in self.display_name.replace("-", " ").split() if w[:1].isalnum()]
        return "".join(w[0] for w in (words[:1] + words[1:][-1:])).upper() or "?"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


@event.listens_for(User.password_hash, "set")
@event.listens_for(User.active, "set")
def _end_sessions_on_change(target: User, value, oldvalue, _initiator) -> None:
    """A new password or a deactivation ends the sessions opened before it."""
    if value != oldvalue:
        target.session_token = new_session_token()


# Case-insensitive uniqueness of e-mail addresses on every database.
Index("uq_user_account_email_lower", func.lower(User.email), unique=True)


class ApiToken(Base):
    """A personal API token; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
