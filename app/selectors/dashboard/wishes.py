"""Wishes by status and by category, and the gap list."""

from __future__ import annotations

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Category, Wish, WishLink, WishStatus
from app.selectors.dashboard.scope import in_scope

GAP_LIMIT = 10


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
