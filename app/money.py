"""Amounts in whole euros, written the reader's way: ``12 500 €`` in French (narrow
no-break space between thousands, no-break space before the sign), ``€12,500`` in
English."""

from __future__ import annotations

from flask_babel import get_locale

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def money(amount: int | None, locale: str | None = None) -> str:
    if amount is None:
        return "—"
    language = str(locale or get_locale() or "fr")
    grouped = f"{int(amount):,}"
    if language.startswith("en"):
        return f"€{grouped}"
    return grouped.replace(",", NARROW_NBSP) + f"{NBSP}€"
