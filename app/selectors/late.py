"""Target periods (``2027``, ``2027-T2``) and when a roadmap item is late: its target period has ended and it is neither shipped nor
cancelled. Pages, API, filters and the review all ask here, so they cannot disagree."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, or_

from app.models import RoadmapItem, RoadmapStatus

_PERIOD_RE = re.compile(r"^(\d{4})(?:-T([1-4]))?$")
# Shipped and cancelled items are settled: they are never late.
SETTLED = (RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)


def normal_period(value: str | None) -> str | None:
    """``value`` as a target period (``2027`` or ``2027-T2``, case and spaces ignored),
    or None when blank or not a period of this century or the next."""
    text = (value or "").strip().upper().replace(" ", "")
    match = _PERIOD_RE.match(text)
    if match is None or not 2000 <= int(match.group(1)) <= 2100:
        return None
    return text


def period_bounds(target: str | None) -> tuple[date, date] | None:
    """First and last day of a target period (``2027-T2`` → 1 Apr, 30 Jun 2027)."""
    period = normal_period(target)
    if period is None:
        return None
    year = int(period[:4])
    if "-T" not in period:
        return date(year, 1, 1), date(year, 12, 31)
    quarter = int(period[-1])
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return date(year, 3 * quarter - 2, 1), end - timedelta(days=1)


def period_end(target: str | None) -> date | None:
    """Last day of a target period (``2027`` → 31 Dec 2027, ``2027-T2`` → 30 Jun 2027)."""
    bounds = period_bounds(target)
    return bounds[1] if bounds is not None else None


def period_ended(target: str | None, today: date | None = None) -> bool:
    end = period_end(target)
    return end is not None and end < (today or date.today())


def is_late(target: str | None, status: str, today: date | None = None) -> bool:
    return status not in SETTLED and period_ended(target, today)


def item_is_late(item: RoadmapItem, today: date | None = None) -> bool:
    return is_late(item.target, item.status, today)


def delivered_late(target: str | None, shipped_on: date | None) -> bool:
    """Shipped after the end of its target period."""
    end = period_end(target)
    return end is not None and shipped_on is not None and shipped_on > end


def late_condition(today: date | None = None) -> ColumnElement[bool]:
    """The same rule in SQL. Targets are ``YYYY`` or ``YYYY-Tn``, so the periods that have
    ended are the earlier years (string order: ``2026-T4`` < ``2027``) and this year's
    quarters already over."""
    today = today or date.today()
    ended_quarters = [
        f"{today.year}-T{q}"
        for q in range(1, 5)
        if (end := period_end(f"{today.year}-T{q}")) is not None and end < today
    ]
    ended = RoadmapItem.target < str(today.year)
    if ended_quarters:
        ended = or_(ended, RoadmapItem.target.in_(ended_quarters))
    return and_(RoadmapItem.target.is_not(None), RoadmapItem.status.not_in(SETTLED), ended)
