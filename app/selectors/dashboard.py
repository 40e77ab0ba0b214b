"""Figures of the dashboard and the roadmap presentation: aggregate queries only.

Definitions (also shown on the page):
- **scope**: the vendor and admins see the whole network; a club member sees the wishes
  filed or supported by a territory of their club (``User.club_id``), a referent those of
  their territory, and the roadmap items linked to those wishes. Anyone may ask for the
  whole network instead.
- **delivered**: a wish whose every linked roadmap item is shipped; its delivery date is
  the latest ``shipped_on`` of those items.
- **time to delivery**: from the wish's filing to its delivery, so never negative; a wish
  filed after that delivery asked for something already there and counts apart as
  "already available".
- **first answer**: the earliest of the wish's first triage status change, its first link
  to a roadmap item, and the first official answer of the vendor (an official comment).
- **gap list**: the most supported wishes (territories, then supporters) linked to no
  roadmap item and neither declined nor duplicate.
- **roadmap progress** per target period: shipped items / items (cancelled ones left
  out), and wishes answered: linked wishes that a shipped item of the period delivers.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    exists,
    extract,
    func,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import joinedload

from app.collation import name_key
from app.extensions import db
from app.models import (
    Category,
    ClubMembership,
    Comment,
    FigureStamp,
    RoadmapItem,
    RoadmapStatus,
    Role,
    StatusChange,
    Territory,
    User,
    Vote,
    Wish,
    WishLink,
    WishStatus,
)
from app.selectors.territory_map import delivered_wishes

ANSWER_KINDS = ("status", "link", "official_answer")
GAP_LIMIT = 10
MONTHS = 12


def scope_for(user: User, *, network: bool = False) -> Select[int] | None:
    """Territory ids the user's dashboard covers; ``None`` for the whole network."""
    if network or user.role in Role.STAFF:
        return None
    if user.club_id is not None:
        return select(ClubMembership.territory_id).where(ClubMembership.club_id == user.club_id)
    return select(Territory.id).where(Territory.id == (user.territory_id or 0))


def in_scope(scope: Select[int] | None) -> ColumnElement[bool]:
    """Condition on ``Wish``: filed or supported by a territory of the scope."""
    if scope is None:
        return true()
    return or_(
        Wish.territory_id.in_(scope),
        exists().where(Vote.wish_id == Wish.id, Vote.territory_id.in_(scope)),
    )


# --- wishes by status and by category ------------------------------------------------


def wishes_by_status(scope: Select[int] | None) -> list[tuple[str, int]]:
    rows = dict(
        db.session.execute(
            select(Wish.status, func.count()).where(in_scope(scope)).group_by(Wish.status)
        ).all()
    )
    return [(status, int(rows.get(status, 0))) for status in WishStatus.ALL]


def wishes_by_category(scope: Select[int] | None) -> list[tuple[str, int]]:
    """Active categories with their wishes (duplicates left out), most asked first."""
    count = func.count(Wish.id)
    rows = db.session.execute(
        select(Category.name, count)
        .outerjoin(
            Wish,
            and_(
                Wish.category_id == Category.id,
                Wish.status != WishStatus.DUPLICATE,
                in_scope(scope),
            ),
        )
        .where(Category.active.is_(True))
        .group_by(Category.id, Category.name, Category.position)
        .order_by(count.desc(), Category.position, Category.name)
    ).all()
    return [(name, int(n)) for name, n in rows]


# --- filed vs delivered per month ----------------------------------------------------


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


# --- median times --------------------------------------------------------------------


@dataclass
class Timing:
    median_days_to_delivery: float | None
    delivered: int
    median_days_to_answer: float | None
    answered: int
    already_available: int = 0


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def timing(scope: Select[int] | None) -> Timing:
    """Median days from filing to delivery and to first answer (two queries)."""
    delivered = delivered_wishes().subquery()
    delivery_rows = db.session.execute(
        select(Wish.created_at, delivered.c.delivered_on)
        .join(delivered, delivered.c.wish_id == Wish.id)
        .where(in_scope(scope), delivered.c.delivered_on.is_not(None))
    ).all()
    waits = [(shipped_on - _aware(created).date()).days for created, shipped_on in delivery_rows]
    to_delivery = [float(days) for days in waits if days >= 0]
    answers = union_all(
        select(StatusChange.wish_id.label("wish_id"), StatusChange.created_at.label("at")).where(
            StatusChange.wish_id.is_not(None), StatusChange.kind.in_(ANSWER_KINDS)
        ),
        select(Comment.wish_id.label("wish_id"), Comment.created_at.label("at")).where(
            Comment.is_official.is_(True)
        ),
    ).subquery()
    first = (
        select(answers.c.wish_id, func.min(answers.c.at).label("answered_at"))
        .group_by(answers.c.wish_id)
        .subquery()
    )
    answer_rows = db.session.execute(
        select(Wish.created_at, first.c.answered_at)
        .join(first, first.c.wish_id == Wish.id)
        .where(in_scope(scope))
    ).all()
    to_answer = [
        max(0.0, (_aware(answered) - _aware(created)).total_seconds() / 86400)
        for created, answered in answer_rows
    ]
    return Timing(
        median_days_to_delivery=_median(to_delivery),
        delivered=len(to_delivery),
        median_days_to_answer=_median(to_answer),
        answered=len(to_answer),
        already_available=len(waits) - len(to_delivery),
    )


def _aware(value: datetime | str) -> datetime:
    # min() over a UNION loses the column type on SQLite: it comes back as text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- the gap list --------------------------------------------------------------------


def gap_list(scope: Select[int] | None, *, limit: int = GAP_LIMIT) -> list[Wish]:
    return list(
        db.session.execute(
            select(Wish)
            .where(
                in_scope(scope),
                Wish.status.not_in(WishStatus.CLOSED_TO_SUPPORT),
                ~exists().where(WishLink.wish_id == Wish.id),
            )
            .options(
                joinedload(Wish.territory), joinedload(Wish.product), joinedload(Wish.category)
            )
            .order_by(
                Wish.territories_count.desc(),
                Wish.votes_count.desc(),
                Wish.created_at.desc(),
                Wish.id.desc(),
            )
            .limit(limit)
        ).scalars()
    )


# --- roadmap progress per target period ----------------------------------------------


@dataclass
class PeriodProgress:
    target: str | None
    items: int = 0
    shipped: int = 0
    wishes: int = 0
    wishes_answered: int = 0

    @property
    def items_share(self) -> float | None:
        return self.shipped / self.items if self.items else None

    @property
    def wishes_share(self) -> float | None:
        return self.wishes_answered / self.wishes if self.wishes else None


def _period_key(target: str | None) -> tuple[bool, str]:
    return (target is None, target or "")


def _items_in_scope(scope: Select[int] | None) -> ColumnElement[bool]:
    if scope is None:
        return true()
    scoped_wishes = select(Wish.id).where(in_scope(scope))
    return exists().where(
        WishLink.roadmap_item_id == RoadmapItem.id, WishLink.wish_id.in_(scoped_wishes)
    )


def roadmap_progress(scope: Select[int] | None) -> list[PeriodProgress]:
    """Per target period, two queries whatever the number of items and wishes."""
    shipped = func.sum(case((RoadmapItem.status == RoadmapStatus.SHIPPED, 1), else_=0))
    periods: dict[str | None, PeriodProgress] = {}
    for target, items, n_shipped in db.session.execute(
        select(RoadmapItem.target, func.count(), shipped)
        .where(RoadmapItem.status != RoadmapStatus.CANCELLED, _items_in_scope(scope))
        .group_by(RoadmapItem.target)
    ):
        periods[target] = PeriodProgress(target, int(items), int(n_shipped or 0))
    answered = func.count(
        distinct(case((RoadmapItem.status == RoadmapStatus.SHIPPED, WishLink.wish_id)))
    )
    wish_condition = (
        true() if scope is None else WishLink.wish_id.in_(select(Wish.id).where(in_scope(scope)))
    )
    for target, wishes, n_answered in db.session.execute(
        select(RoadmapItem.target, func.count(distinct(WishLink.wish_id)), answered)
        .join(WishLink, WishLink.roadmap_item_id == RoadmapItem.id)
        .where(RoadmapItem.status != RoadmapStatus.CANCELLED, wish_condition)
        .group_by(RoadmapItem.target)
    ):
        period = periods.setdefault(target, PeriodProgress(target))
        period.wishes, period.wishes_answered = int(wishes), int(n_answered or 0)
    return sorted(periods.values(), key=lambda p: _period_key(p.target))


# --- the printable presentation ------------------------------------------------------


@dataclass
class PresentedItem:
    item: RoadmapItem
    territories: list[str] = field(default_factory=list)
    wishes: int = 0


@dataclass
class PresentedPeriod:
    target: str | None
    items: list[PresentedItem] = field(default_factory=list)

    @property
    def shipped(self) -> int:
        return sum(1 for i in self.items if i.item.status == RoadmapStatus.SHIPPED)


_PRESENTATION_ORDER = (
    RoadmapStatus.SHIPPED,
    RoadmapStatus.IN_TESTING,
    RoadmapStatus.IN_PROGRESS,
    RoadmapStatus.PLANNED,
    RoadmapStatus.CONSIDERING,
    RoadmapStatus.POSTPONED,
    RoadmapStatus.CANCELLED,
)
_STATUS_ORDER = {status: rank for rank, status in enumerate(_PRESENTATION_ORDER)}


def presentation() -> list[PresentedPeriod]:
    """Every roadmap item by target period, with the territories behind it (3 queries)."""
    items = list(
        db.session.execute(
            select(RoadmapItem).options(joinedload(RoadmapItem.product)).order_by(RoadmapItem.id)
        ).scalars()
    )
    wishes_per_item = dict(
        db.session.execute(
            select(WishLink.roadmap_item_id, func.count()).group_by(WishLink.roadmap_item_id)
        ).all()
    )
    behind = union_all(
        select(WishLink.roadmap_item_id.label("item_id"), Wish.territory_id.label("tid")).join(
            Wish, Wish.id == WishLink.wish_id
        ),
        select(WishLink.roadmap_item_id, Vote.territory_id).join(
            Vote, Vote.wish_id == WishLink.wish_id
        ),
    ).subquery()
    names: dict[int, list[str]] = {}
    for item_id, name in db.session.execute(
        select(behind.c.item_id, Territory.name)
        .join(Territory, Territory.id == behind.c.tid)
        .group_by(behind.c.item_id, Territory.name)
    ):
        names.setdefault(item_id, []).append(name)
    for listed in names.values():
        listed.sort(key=name_key)
    periods: dict[str | None, PresentedPeriod] = {}
    for item in items:
        periods.setdefault(item.target, PresentedPeriod(item.target)).items.append(
            PresentedItem(item, names.get(item.id, []), int(wishes_per_item.get(item.id, 0)))
        )
    for period in periods.values():
        period.items.sort(
            key=lambda p: (_STATUS_ORDER.get(p.item.status, 99), -p.wishes, p.item.title)
        )
    return sorted(periods.values(), key=lambda p: _period_key(p.target))


# --- the figures of a scope, the network's cached under the token of their writes ---


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
