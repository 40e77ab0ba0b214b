"""Pages of the roadmap feature."""

from app.roadmap import bp  # noqa: F401
