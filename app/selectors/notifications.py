"""Reads for the notifications page: the user's notifications grouped by subject.

A notification about a roadmap item belongs to that item's group (an item's status
change also names the wish linked to it, but it is news about the item); otherwise to
its wish's group; one about neither stands alone. A page of groups costs two queries,
whatever the number of groups or of notifications in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from app.extensions import db
from app.models import Notification
from app.selectors.pagination import Page

GroupKind = Literal["item", "wish", "single"]

# The newest events listed under a group; the wish or item page tells the rest.
EVENTS_SHOWN = 10

_KIND = case(
    (Notification.roadmap_item_id.is_not(None), literal_column("'item'")),
    (Notification.wish_id.is_not(None), literal_column("'wish'")),
    else_=literal_column("'single'"),
)
_REF = func.coalesce(Notification.roadmap_item_id, Notification.wish_id, Notification.id)


def unread_count_of(
    user_id: ColumnElement[int] | InstrumentedAttribute[int] | int,
) -> ColumnElement[int]:
    """The number of unread notifications of the user ``user_id`` (an id or a column),
    as a scalar subquery."""
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


@dataclass(frozen=True)
class NotificationGroup:
    kind: GroupKind
    ref: int  # the roadmap item's id, the wish's id, or the lone notification's id
    total: int
    unread: int
    events: list[Notification]  # newest first, at most EVENTS_SHOWN

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.ref}"

    @property
    def latest(self) -> Notification:
        return self.events[0]


def in_group(kind: GroupKind, ref: int) -> ColumnElement[bool]:
    """The notifications of one group (to be narrowed to one user)."""
    if kind == "item":
        return Notification.roadmap_item_id == ref
    if kind == "wish":
        return and_(Notification.roadmap_item_id.is_(None), Notification.wish_id == ref)
    return and_(
        Notification.roadmap_item_id.is_(None),
        Notification.wish_id.is_(None),
        Notification.id == ref,
    )


def notification_groups(user_id: int, *, page: int, per_page: int) -> Page:
    """One page of the user's groups, the most recently active first."""
    latest = func.max(Notification.created_at)
    rows = db.session.execute(
        select(
            _KIND.label("kind"),
            _REF.label("ref"),
            func.count().label("total"),
            (func.count() - func.count(Notification.read_at)).label("unread"),
            # Evaluated after the grouping: the number of groups, without a second query.
            func.count().over().label("groups"),
        )
        .where(Notification.user_id == user_id)
        .group_by(_KIND, _REF)
        .order_by(latest.desc(), func.max(Notification.id).desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if rows:
        total = rows[0].groups
    else:  # past the last page: the window has no row to count on
        keys = select(_KIND, _REF).where(Notification.user_id == user_id).distinct().subquery()
        total = db.session.execute(select(func.count()).select_from(keys)).scalar_one()
    groups = _with_events(user_id, [(row.kind, row.ref, row.total, row.unread) for row in rows])
    return Page(items=groups, page=page, per_page=per_page, total=total)


def notification_group(user_id: int, kind: GroupKind, ref: int) -> NotificationGroup | None:
    """One group of the user's, or None when they have no notification in it."""
    row = db.session.execute(
        select(
            func.count().label("total"),
            (func.count() - func.count(Notification.read_at)).label("unread"),
        ).where(Notification.user_id == user_id, in_group(kind, ref))
    ).one()
    if not row.total:
        return None
    [group] = _with_events(user_id, [(kind, ref, row.total, row.unread)])
    return group


def _with_events(user_id: int, counted: list[tuple[str, int, int, int]]) -> list[NotificationGroup]:
    """The groups with their newest events, loaded in one query."""
    if not counted:
        return []
    refs: dict[str, list[int]] = {"item": [], "wish": [], "single": []}
    for kind, ref, _total, _unread in counted:
        refs[kind].append(ref)
    conditions = [
        Notification.roadmap_item_id.in_(refs["item"]),
        and_(Notification.roadmap_item_id.is_(None), Notification.wish_id.in_(refs["wish"])),
        and_(
            Notification.roadmap_item_id.is_(None),
            Notification.wish_id.is_(None),
            Notification.id.in_(refs["single"]),
        ),
    ]
    rank = (
        func.row_number()
        .over(
            partition_by=(_KIND, _REF),
            order_by=(Notification.created_at.desc(), Notification.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Notification.id, _KIND.label("kind"), _REF.label("ref"), rank)
        .where(Notification.user_id == user_id, or_(*conditions))
        .subquery()
    )
    shown = db.session.execute(
        select(Notification, ranked.c.kind, ranked.c.ref)
        .join(ranked, ranked.c.id == Notification.id)
        .where(ranked.c.rank <= EVENTS_SHOWN)
        .options(joinedload(Notification.wish), joinedload(Notification.roadmap_item))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    ).all()
    events: dict[tuple[str, int], list[Notification]] = {}
    for notification, kind, ref in shown:
        events.setdefault((kind, ref), []).append(notification)
    return [
        NotificationGroup(
            kind=kind,  # type: ignore[arg-type]
            ref=ref,
            total=total,
            unread=unread,
            events=events[(kind, ref)],
        )
        for kind, ref, total, unread in counted
    ]
