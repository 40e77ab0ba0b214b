"""View guards: server-side role checks for pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required

from app.models import Role


def roles_required(*roles: str) -> Callable:
    """Log in first (redirect), then 403 unless the user has one of the roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def public_roadmap(view: Callable) -> Callable:
    """Open to anyone while ``PUBLIC_ROADMAP`` is on; otherwise log in first (redirect),
    then 403 unless the user is a member of the network."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config.get("PUBLIC_ROADMAP"):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in Role.MEMBERS:
                abort(403)
        return view(*args, **kwargs)

    return wrapped
