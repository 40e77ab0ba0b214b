"""Text search over wishes (title and body)."""

from __future__ import annotations

from sqlalchemy import and_, func, or_

from app.models import Wish


def search_terms(q: str) -> list[str]:
    return [term for term in q.lower().split() if term][:10]


def wish_text_condition(q: str):
    conditions = []
    for term in search_terms(q):
        conditions.append(
            or_(func.lower(Wish.title).contains(term), func.lower(Wish.body).contains(term))
        )
    return and_(*conditions) if conditions else and_(True)
