from __future__ import annotations

from hmac import compare_digest

from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from app.extensions import db
from app.models import User


def configure(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """``<id>:<session token>`` as written by ``User.get_id``.

        A bare id (a session signed before tokens existed) is still read, as the
        cookie is signed with the secret key; every login since writes the token.
        """
        user_id, _sep, token = (session_id or "").partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active:
            return None
        if _sep and not compare_digest(token, user.session_token or ""):
            return None
        return user
