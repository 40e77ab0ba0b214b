"""Pages of the territories feature."""

from app.territories import bp  # noqa: F401
