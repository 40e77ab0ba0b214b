"""Pages of the vendor feature."""

from app.vendor import bp  # noqa: F401
