"""Rules on free text shared by every service that stores some."""

from __future__ import annotations


def unstorable(text: str | None) -> bool:
    """Text no database column takes: a NUL character, or an unpaired surrogate."""
    if not text:
        return False
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
