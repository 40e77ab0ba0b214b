"""History lines (status changes, links, answers) of a wish or a roadmap item."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import StatusChange


def history_lines(subject: ColumnElement[bool]) -> list[StatusChange]:
    """The lines matching ``subject`` (whose they are), oldest first, each with its actor."""
    return list(
        db.session.execute(
            select(StatusChange)
            .where(subject)
            .options(joinedload(StatusChange.actor))
            .order_by(StatusChange.created_at, StatusChange.id)
        ).scalars()
    )
