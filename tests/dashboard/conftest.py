"""The small, hand-countable network shared by the dashboard and map tests."""

from tests.small_network import world  # noqa: F401
