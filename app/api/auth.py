"""Who is calling: browser session or ``Authorization: Bearer <token>`` (see auth_loader)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from app.api.errors import ApiError
from app.models import Role

P = ParamSpec("P")
R = TypeVar("R")


def require_login() -> None:
    if not current_user.is_authenticated:
        raise ApiError(
            401,
            "unauthorized",
            _("Identifiez-vous : session ou en-tête « Authorization: Bearer <jeton> »."),
        )


def roles(*allowed: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """401 without valid credentials, 403 when the user's role is not allowed."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            require_login()
            if current_user.role not in allowed:
                raise ApiError(
                    403, "forbidden", _("Vous n'avez pas les droits nécessaires pour cette action.")
                )
            return view(*args, **kwargs)

        return wrapped

    return decorator


members = roles(*Role.MEMBERS)


def public_roadmap(view: Callable[P, R]) -> Callable[P, R]:
    """Open to anyone while PUBLIC_ROADMAP is on, as the roadmap pages are."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_app.config.get("PUBLIC_ROADMAP"):
            require_login()
        return view(*args, **kwargs)

    return wrapped
