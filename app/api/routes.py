"""JSON API v1 (DESIGN §6)."""

from app.api import bp  # noqa: F401
from app.api import similar  # noqa: F401
