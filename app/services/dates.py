"""The range of dates the app accepts from people and scripts.

A delivery, an event or a deadline falls between 2000 and ten years from today; a date
outside (``9999-12-31``, a year typed with a missing digit) is a typing mistake, which
would otherwise sort first or last for ever and break the "late" and review figures.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.models import utcnow

EARLIEST = date(2000, 1, 1)
HORIZON_YEARS = 10


def latest(today: date | None = None) -> date:
    today = today or utcnow().date()
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


def date_problem(value: date | None) -> str | None:
    """The field error for a date out of range, or None (no date is no problem here)."""
    if value is None:
        return None
    last = latest()
    if EARLIEST <= value <= last:
        return None
    return _(
        "Date hors limites : entre le %(first)s et le %(last)s.",
        first=format_date(EARLIEST, "short"),
        last=format_date(last, "short"),
    )


def check_dates(errors: dict[str, str], **fields: date | None) -> dict[str, str]:
    """Add a field error to ``errors`` for each date out of range; returns ``errors``."""
    for name, value in fields.items():
        problem = date_problem(value)
        if problem and name not in errors:
            errors[name] = problem
    return errors
