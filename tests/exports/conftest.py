"""The exports reuse the events' catalogue of territories, product and category."""

from tests.events.conftest import catalog  # noqa: F401
