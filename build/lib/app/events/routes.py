"""Pages of the events feature."""

from app.events import bp  # noqa: F401
