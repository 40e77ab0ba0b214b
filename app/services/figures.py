"""Changing the dashboard's token (``figure_stamp``) with every write its figures read.

The network's dashboard figures (wishes by status and category, filed and delivered
per month, median times, roadmap progress) are cached under a token
(:mod:`app.selectors.dashboard`). Rather than asking each service to remember it, one
``before_flush`` hook looks at what the flush writes: a wish filed, deleted or changed
in status, category or filing date; a link between a wish and a roadmap item; a
roadmap item's status, shipping date or target; a history entry; an official comment;
a category. Any of these sets a new token in the same transaction. Votes are not among
them: they move no network figure that is cached (the gap list is read live).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction, scoped_session

from app.models import Category, Comment, FigureStamp, RoadmapItem, StatusChange, Wish, WishLink

# Attributes whose change moves a figure; None: any change of the object.
_WATCHED: dict[type, tuple[str, ...] | None] = {
    Wish: ("status", "category_id", "created_at"),
    WishLink: None,
    RoadmapItem: ("status", "shipped_on", "target"),
    StatusChange: None,
    Comment: ("is_official", "wish_id", "created_at"),
    Category: None,
}


def _moves_figures(obj: Any, session: Session) -> bool:
    attributes = _WATCHED.get(type(obj), ())
    if attributes == ():
        return False
    if obj in session.new or obj in session.deleted:
        return not isinstance(obj, Comment) or bool(obj.is_official)
    if attributes is None:
        return session.is_modified(obj, include_collections=False)
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def renew(session: Session | scoped_session[Any], name: str = FigureStamp.DASHBOARD) -> None:
    """Set a new token: figures cached under the old one are stale from this commit."""
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    token = uuid.uuid4().hex
    statement = make(FigureStamp).values(name=name, token=token)
    session.connection().execute(
        statement.on_conflict_do_update(index_elements=["name"], set_={"token": token})
    )


@event.listens_for(Session, "before_flush")
def _renew_when_figures_move(
    session: Session, _context: UOWTransaction, _instances: Sequence[object] | None
) -> None:
    if any(
        _moves_figures(obj, session) for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        renew(session)
