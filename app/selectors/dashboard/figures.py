"""The figures of a scope, the network's cached under the token of their writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, select

from app.extensions import db
from app.models import FigureStamp
from app.selectors.dashboard.monthly import MonthlySeries, monthly_series
from app.selectors.dashboard.roadmap import PeriodProgress, roadmap_progress
from app.selectors.dashboard.timing import Timing, timing
from app.selectors.dashboard.wishes import wishes_by_category, wishes_by_status


@dataclass
class DashboardFigures:
    by_status: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    monthly: MonthlySeries
    timing: Timing
    progress: list[PeriodProgress]


_CACHE: dict[tuple[str, str | None, date, tuple[date, date] | None], DashboardFigures] = {}
_CACHE_SIZE = 32


def _computed(
    scope: Select[int] | None, today: date | None, period: tuple[date, date] | None
) -> DashboardFigures:
    return DashboardFigures(
        by_status=wishes_by_status(scope),
        by_category=wishes_by_category(scope),
        monthly=monthly_series(scope, today=today, period=period),
        timing=timing(scope),
        progress=roadmap_progress(scope),
    )


def dashboard_figures(
    scope: Select[int] | None, *, today: date | None = None, period: tuple[date, date] | None = None
) -> DashboardFigures:
    """The figures of a scope; the whole network's in one query while they hold.

    The network's are kept under the token that ``app.services.figures`` changes in the
    same transaction as any write they read, so the page's cost does not follow the
    number of wishes between such writes. A territory's or club's scope also moves with
    votes, so it is computed each time, as is the network's on a database no write has
    reached yet (no token)."""
    if scope is not None:
        return _computed(scope, today, period)
    today = today or datetime.now(UTC).date()
    token = db.session.execute(
        select(FigureStamp.token).where(FigureStamp.name == FigureStamp.DASHBOARD)
    ).scalar_one_or_none()
    key = (str(db.engine.url), token, today, period)
    if token is not None and key in _CACHE:
        return _CACHE[key]
    figures = _computed(None, today, period)
    if token is not None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = figures
    return figures
