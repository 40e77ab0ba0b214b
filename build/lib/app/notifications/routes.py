"""Pages of the notifications feature."""

from app.notifications import bp  # noqa: F401
