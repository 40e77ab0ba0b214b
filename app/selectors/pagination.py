from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select

from app.extensions import db


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int
    extra: dict[str, Any] = field(default_factory=dict)
    # More items than ``total`` exist: a search counts and ranks its first matches only
    # (``app.search.query.CANDIDATES``); the pages cover those.
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(
    query: Select[Any], *, page: int, per_page: int, count_query: Select[int] | None = None
) -> Page:
    """Two queries: the total and the rows of the page."""
    if count_query is None:
        count_query = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.execute(count_query).scalar_one()
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.unique().scalars())
    return Page(items=items, page=page, per_page=per_page, total=total)
