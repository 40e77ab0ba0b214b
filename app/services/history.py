"""The history of wishes and roadmap items: appended to, never edited."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from app.extensions import db
from app.models import StatusChange, User


def history_record(
    *,
    actor: User | None,
    kind: str,
    wish_id: int | None = None,
    roadmap_item_id: int | None = None,
    from_value: str | None = None,
    to_value: str | None = None,
    note: str = "",
) -> StatusChange:
    entry = StatusChange(
        actor_id=actor.id if actor is not None else None,
        kind=kind,
        wish_id=wish_id,
        roadmap_item_id=roadmap_item_id,
        from_value=from_value,
        to_value=to_value,
        note=(note or "").strip(),
    )
    db.session.add(entry)
    return entry


class HistoryIsAppendOnly(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_history_rewrite(
    session: Session, _context: UOWTransaction, _instances: Sequence[object] | None
) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, StatusChange) and (
            obj in session.deleted or session.is_modified(obj, include_collections=False)
        ):
            raise HistoryIsAppendOnly("History entries cannot be changed or deleted")
