from __future__ import annotations

from hmac import compare_digest

from flask import Flask, Request, g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import User
from app.selectors.notifications import unread_count_of


def uses_header_credentials(req: Request) -> bool:
    """Whether the request is authenticated by its ``Authorization`` header alone.

    Any such header on the API, and a Bearer header anywhere. Another scheme on a page
    (a proxy's Basic authentication in front of a staging site) is not the app's.
    """
    header = req.headers.get("Authorization")
    if header is None:
        return False
    return req.path.startswith("/api/") or header.split(" ", 1)[0].lower() == "bearer"


def refuse_bad_header_credentials():
    """401 for a request whose ``Authorization`` header names no active, unrevoked
    token: it is not served as anonymous, nor as whoever its session cookie names."""
    if not uses_header_credentials(request) or current_user.is_authenticated:
        return None
    from app.api.errors import error_response

    return error_response(
        401,
        "unauthorized",
        _("Jeton d'API invalide, révoqué ou expiré (en-tête « Authorization »)."),
    )


def _reads_unread_count() -> bool:
    """Whether the user's unread notifications are counted as the user is read (the
    header's bell, one round trip fewer): on a page read with GET, which changes none of
    them; a POST may mark some read before its page shows the count, read then."""
    return (
        has_request_context() and request.method == "GET" and not request.path.startswith("/api/")
    )


def register(app: Flask) -> None:
    app.before_request(refuse_bad_header_credentials)


def configure(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """``<id>:<session token>`` as written by ``User.get_id``; a changed password or
        a deactivation changes the token and so ends every session of the account."""
        if has_request_context() and uses_header_credentials(request):
            return None  # the header alone decides, never the cookie
        user_id, _sep, token = (session_id or "").partition(":")
        if not user_id.isdigit():
            return None
        # The club comes along: the header links a club member to it on every page.
        unread: int | None = None
        if _reads_unread_count():
            found = db.session.execute(
                select(User, unread_count_of(User.id))
                .options(joinedload(User.club))
                .where(User.id == int(user_id))
            ).first()
            user, unread = found if found is not None else (None, None)
        else:
            user = db.session.get(User, int(user_id), options=[joinedload(User.club)])
        if user is None or not user.active:
            return None
        if not _sep or not compare_digest(token, user.session_token or ""):
            return None
        if unread is not None:
            g.souhaits_unread_count = unread
        return user

    @login_manager.request_loader
    def load_user_from_token(request: Request) -> User | None:
        """``Authorization: Bearer <token>``: the token's owner, if active and unrevoked."""
        from app.services.tokens import user_for_token

        scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return user_for_token(credentials.strip())
