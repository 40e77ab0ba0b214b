"""JSON API v1 (DESIGN §6): one module per resource, all on the ``api`` blueprint."""

from app.api import (  # noqa: F401
    bp,  # noqa: F401
    catalog,
    wishes,
)
