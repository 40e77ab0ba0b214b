"""Wishes filed and delivered per month."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, extract, func, select

from app.extensions import db
from app.models import Wish, WishStatus
from app.selectors.dashboard.scope import in_scope
from app.selectors.territory_map import delivered_wishes

MONTHS = 12


@dataclass
class MonthPoint:
    month: date
    filed: int = 0
    delivered: int = 0


def month_window(today: date, months: int) -> list[date]:
    year, month = today.year, today.month
    result = []
    for _ in range(months):
        result.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(result))


@dataclass
class MonthlySeries:
    points: list[MonthPoint]
    ends_on_last_activity: bool = False

    def __iter__(self) -> Iterator[MonthPoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _last_activity(scope: Select[int] | None) -> date | None:
    delivered = delivered_wishes().subquery()
    last_filed, last_delivered = db.session.execute(
        select(
            select(func.max(Wish.created_at))
            .where(Wish.status != WishStatus.DUPLICATE, in_scope(scope))
            .scalar_subquery(),
            select(func.max(delivered.c.delivered_on))
            .join(Wish, Wish.id == delivered.c.wish_id)
            .where(in_scope(scope))
            .scalar_subquery(),
        )
    ).one()
    dates = [d for d in (_as_date(last_filed), _as_date(last_delivered)) if d is not None]
    return max(dates) if dates else None


def _as_date(value: date | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s, both included."""
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return month_window(last, max(span, 1))


def monthly_series(
    scope: Select[int] | None,
    *,
    today: date | None = None,
    period: tuple[date, date] | None = None,
) -> MonthlySeries:
    """Wishes filed and delivered per month (three or four queries).

    ``period`` is the reader's choice of first and last month. Without it, the window is
    the twelve months ending this one; when nothing happened in them but something did
    before (an old data set), it ends on the month of the last activity instead, and
    says so.
    """
    shifted = False
    if period is not None:
        months = months_between(*period)
    else:
        today = today or datetime.now(UTC).date()
        months = month_window(today, MONTHS)
        last = _last_activity(scope)
        shifted = last is not None and last < months[0]
        if last is not None and shifted:
            months = month_window(last, MONTHS)
    points = {(m.year, m.month): MonthPoint(m) for m in months}
    start = datetime(months[0].year, months[0].month, 1, tzinfo=UTC)
    end = _next_month(months[-1])
    year, month = extract("year", Wish.created_at), extract("month", Wish.created_at)
    filed = db.session.execute(
        select(year, month, func.count())
        .where(
            Wish.created_at >= start,
            Wish.created_at < datetime(end.year, end.month, 1, tzinfo=UTC),
            Wish.status != WishStatus.DUPLICATE,
            in_scope(scope),
        )
        .group_by(year, month)
    )
    for y, m, n in filed:
        if (int(y), int(m)) in points:
            points[(int(y), int(m))].filed = int(n)
    delivered = delivered_wishes().subquery()
    d_year = extract("year", delivered.c.delivered_on)
    d_month = extract("month", delivered.c.delivered_on)
    rows = db.session.execute(
        select(d_year, d_month, func.count())
        .select_from(delivered)
        .join(Wish, Wish.id == delivered.c.wish_id)
        .where(
            delivered.c.delivered_on >= months[0],
            delivered.c.delivered_on < end,
            in_scope(scope),
        )
        .group_by(d_year, d_month)
    )
    for y, m, n in rows:
        if (int(y), int(m)) in points:
            points[(int(y), int(m))].delivered = int(n)
    return MonthlySeries([points[(m.year, m.month)] for m in months], shifted)
