"""Where a form may send the browser back to: a path on this site, nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_path(target: str | None) -> str | None:
    """``target`` when it is a local path, else None.

    Browsers read ``/\\evil.example`` like ``//evil.example`` (another site), and drop
    tabs and newlines inside URLs, so backslashes and control characters are refused."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
