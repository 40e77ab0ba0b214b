"""Pages of the dashboard feature."""

from app.dashboard import bp  # noqa: F401
