"""JSON API v1 (DESIGN §6): one module per resource, all on the ``api`` blueprint."""

from app.api import catalog, openapi, rencontre, roadmap, similar, wishes  # noqa: F401
