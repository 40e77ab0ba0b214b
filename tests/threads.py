"""Running test threads together, for the tests of concurrent writes."""

from __future__ import annotations

import threading


def run_together(threads: list[threading.Thread], *, timeout: float) -> None:
    """Start every thread, then wait for each, at most ``timeout`` seconds apiece: all of
    them are started before any is waited for, so their work overlaps."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
