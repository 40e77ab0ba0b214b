"""Wishes: the validating API client too, for the tests that hold the API and the pages
to the same rules."""

from tests.api.conftest import api, spec  # noqa: F401  (the validating API client)
