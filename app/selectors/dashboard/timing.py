"""Median times: from filing to delivery, and to the first answer."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, func, select, union_all

from app.extensions import db
from app.models import Comment, StatusChange, Wish
from app.selectors.dashboard.scope import in_scope
from app.selectors.territory_map import delivered_wishes

ANSWER_KINDS = ("status", "link", "official_answer")


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
