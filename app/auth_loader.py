from __future__ import annotations

from flask import Request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from app.extensions import db
from app.models import User


def configure(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_user_from_token(request: Request) -> User | None:
        """``Authorization: Bearer <token>``: the token's owner, if active and unrevoked."""
        from app.services.tokens import user_for_token

        scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return user_for_token(credentials.strip())
