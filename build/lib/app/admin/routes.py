"""Pages of the admin feature."""

from app.admin import bp  # noqa: F401
