"""Pages of the shipped feature."""

from app.shipped import bp  # noqa: F401
