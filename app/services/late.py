"""When a roadmap item is late: its target period has ended and it is neither shipped nor
cancelled. Pages, API, filters and the review all ask here, so they cannot disagree."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, or_

from app.models import RoadmapItem, RoadmapStatus

_PERIOD_RE = re.compile(r"^(\d{4})(?:-T([1-4]))?$")
# Shipped and cancelled items are settled: they are never late.
SETTLED = (RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)


def period_end(target: str | None) -> date | None:
    """Last day of a target period (``2027`` → 31 Dec 2027, ``2027-T2`` → 30 Jun 2027)."""
    match = _PERIOD_RE.match((target or "").strip().upper())
    if match is None:
        return None
    year = int(match.group(1))
    if match.group(2) is None:
        return date(year, 12, 31)
    quarter = int(match.group(2))
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


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
