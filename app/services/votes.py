"""Support for wishes: a territory's vote, its withdrawal, votes on behalf, counters."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import (
    BindParameter,
    Insert,
    Table,
    Update,
    bindparam,
    case,
    delete,
    distinct,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from app.database import insert_ignoring_conflict
from app.extensions import db
from app.models import Territory, User, Vote, Wish, WishStatus, WishSupport
from app.services import activity, permissions
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.follows import follow_ensure
from app.services.locks import get_wish_for_update, locked_wish_column


def behalf_vote(wish_id: int, territory_id: int, recorder: User | None) -> Vote:
    return Vote(
        wish_id=wish_id,
        user_id=None,
        territory_id=territory_id,
        on_behalf=True,
        behalf_territory_id=territory_id,
        recorded_by_id=recorder.id if recorder is not None else None,
    )


def _support_counters(wish_id: Any) -> dict[str, Any]:
    """The support counters of the wish ``wish_id`` (an id or ``Wish.id``) from its votes."""
    # Correlated two levels down when ``wish_id`` is ``Wish.id``: said explicitly.
    votes = select(Vote.territory_id).where(Vote.wish_id == wish_id).correlate_except(Vote)
    return {
        "votes_count": select(func.count(Vote.id)).where(Vote.wish_id == wish_id).scalar_subquery(),
        "territories_count": select(func.count(distinct(Vote.territory_id)))
        .where(Vote.wish_id == wish_id)
        .scalar_subquery(),
        "providers_count": select(func.coalesce(func.sum(Territory.providers_count), 0))
        .where(Territory.id.in_(votes))
        .scalar_subquery(),
    }


def recount_support(wish_id: int) -> None:
    """Set the support counters of a wish from its vote rows (same transaction)."""
    db.session.execute(
        update(Wish)
        .where(Wish.id == wish_id)
        .values(**_support_counters(wish_id))
        .execution_options(synchronize_session=False)
    )
    wish = db.session.get(Wish, wish_id)
    if wish is not None:
        db.session.refresh(wish, ["votes_count", "territories_count", "providers_count"])
    db.session.execute(delete(WishSupport).where(WishSupport.wish_id == wish_id))
    _insert_support_counts(Vote.wish_id == wish_id)


def recount_supports(wish_ids: list[int]) -> None:
    """``recount_support`` for many wishes in three statements, whatever their number
    (the wishes' loaded counters are expired, read again when next used)."""
    if not wish_ids:
        return
    db.session.execute(
        update(Wish)
        .where(Wish.id.in_(wish_ids))
        .values(**_support_counters(Wish.id))
        .execution_options(synchronize_session=False)
    )
    for wish_id in wish_ids:
        wish = db.session.identity_map.get(db.session.identity_key(Wish, wish_id))
        if wish is not None:
            db.session.expire(wish, ["votes_count", "territories_count", "providers_count"])
    db.session.execute(delete(WishSupport).where(WishSupport.wish_id.in_(wish_ids)))
    _insert_support_counts(Vote.wish_id.in_(wish_ids))


def _insert_support_counts(*where: Any) -> None:
    """Fill ``wish_support`` from the votes matching ``where``, one row per wish and
    supporting territory."""
    db.session.execute(
        insert(WishSupport).from_select(
            ["wish_id", "territory_id", "votes", "on_behalf"],
            select(
                Vote.wish_id,
                Vote.territory_id,
                func.count(Vote.user_id),
                func.sum(case((Vote.user_id.is_(None), 1), else_=0)) > 0,
            )
            .where(*where)
            .group_by(Vote.wish_id, Vote.territory_id),
        )
    )


def rebuild_support_counts() -> None:
    """Recount every wish's supporting territories from the votes (after a bulk load)."""
    db.session.execute(delete(WishSupport))
    _insert_support_counts()


def _ensure_open_to_support(wish: Wish) -> None:
    _ensure_open_to_support_status(wish.status)


def _ensure_open_to_support_status(status: str) -> None:
    if status in WishStatus.CLOSED_TO_SUPPORT:
        raise Conflict(
            _("Ce souhait est clos (non retenu ou doublon) : il ne reçoit plus de soutien."),
            code="wish_closed",
        )


def vote_add(*, user: User, wish_id: int) -> bool:
    """Support a wish for the user's territory. Idempotent; returns True if added.

    The hot path of the app: the wish's status is read under lock, the vote goes in with
    ``ON CONFLICT DO NOTHING`` (one statement for the check and the insert) and the
    counters move by one in a single ``UPDATE`` (see :func:`_shift_support`)."""
    if not permissions.can_vote(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de soutenir un souhait."))
    if user.territory_id is None:
        raise PermissionDenied(_("Votre compte n'est rattaché à aucun territoire."))
    status = _locked_wish_status(wish_id)
    if status in WishStatus.CLOSED_TO_SUPPORT:
        already = db.session.execute(
            select(Vote.id).where(Vote.wish_id == wish_id, Vote.user_id == user.id)
        ).first()
        if already is not None:
            return False
        _ensure_open_to_support_status(status)
    added = insert_ignoring_conflict(
        Vote,
        {"wish_id": wish_id, "user_id": user.id, "territory_id": user.territory_id},
        conflict_columns=("user_id", "wish_id"),
    )
    if not added:
        return False
    _shift_support(wish_id, user.territory_id, +1)
    follow_ensure(user=user, wish_id=wish_id)
    return True


def vote_remove(*, user: User, wish_id: int) -> bool:
    """Withdraw the user's support. Idempotent; returns True if a vote was removed."""
    if not permissions.can_vote(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de soutenir un souhait."))
    _locked_wish_status(wish_id)
    territory_id = db.session.execute(
        delete(Vote)
        .where(Vote.wish_id == wish_id, Vote.user_id == user.id)
        .returning(Vote.territory_id)
    ).scalar_one_or_none()
    if territory_id is None:
        return False
    _shift_support(wish_id, territory_id, -1)
    return True


def _locked_wish_status(wish_id: int) -> str:
    """The wish's status under lock: support changes on one wish apply one at a time."""
    return locked_wish_column(wish_id, Wish.status)


def _shift_support(wish_id: int, territory_id: int, delta: int) -> None:
    """Move the counters by one vote of ``territory_id`` (after its insert or delete).

    The territory count and the providers it brings change only when this vote is the
    territory's first (``delta`` +1, one vote now) or last (-1, none left) on the wish.
    Equal to what :func:`recount_support` computes, in one statement read from
    ``ix_vote_wish_territory`` whatever the wish's support."""
    db.session.execute(
        _shift_support_statement(),
        {
            "wish": wish_id,
            "territory": territory_id,
            "delta": delta,
            "votes_after_first_or_last": 1 if delta > 0 else 0,
        },
    )
    db.session.execute(
        _shift_territory_statement(db.session.get_bind().dialect.name),
        {"wish": wish_id, "territory": territory_id, "delta": delta},
    )
    _expire_counters(wish_id)
    activity.support_shifted(wish_id, territory_id, delta)


@cache
def _shift_territory_statement(dialect: str) -> Insert:
    """The territory's personal votes on the wish move by ``delta``: ``INSERT … ON
    CONFLICT DO UPDATE``, one statement whether the territory already supported it."""
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(cast(Table, WishSupport.__table__)).values(
        wish_id=bindparam("wish"),
        territory_id=bindparam("territory"),
        votes=bindparam("delta"),
        on_behalf=False,
    )
    return statement.on_conflict_do_update(
        index_elements=["wish_id", "territory_id"],
        set_={"votes": WishSupport.votes + statement.excluded.votes},
    )


@cache
def _shift_support_statement() -> Update:
    """Built once: the statement and its cache key are reused by every vote."""
    wish_id: BindParameter[int] = bindparam("wish")
    territory_id: BindParameter[int] = bindparam("territory")
    delta: BindParameter[int] = bindparam("delta")
    same_territory = (
        select(Vote.id)
        .where(Vote.wish_id == wish_id, Vote.territory_id == territory_id)
        .limit(2)
        .subquery()
    )
    territory_votes = select(func.count()).select_from(same_territory).scalar_subquery()
    territory_moves = territory_votes == bindparam("votes_after_first_or_last")
    providers = (
        select(Territory.providers_count).where(Territory.id == territory_id).scalar_subquery()
    )
    return (
        update(Wish)
        .where(Wish.id == wish_id)
        .values(
            votes_count=Wish.votes_count + delta,
            territories_count=Wish.territories_count + case((territory_moves, delta), else_=0),
            providers_count=Wish.providers_count
            + case((territory_moves, delta * func.coalesce(providers, 0)), else_=0),
        )
        .execution_options(synchronize_session=False)
    )


def _expire_counters(wish_id: int) -> None:
    """A wish already loaded in the session reads its new counters on next access."""
    wish = db.session.identity_map.get(db.session.identity_key(Wish, wish_id))
    if wish is not None:
        db.session.expire(wish, ["votes_count", "territories_count", "providers_count"])


def vote_add_on_behalf(*, recorder: User, wish_id: int, territory_id: int) -> bool:
    """Record a territory's support (workshop, vendor). Idempotent per territory."""
    if not permissions.is_staff(recorder):
        raise PermissionDenied(_("Seul l'éditeur enregistre un soutien au nom d'un territoire."))
    territory = db.session.get(Territory, territory_id)
    if territory is None:
        raise ValidationFailed(
            _("Territoire inconnu."), fields={"territory": _("Territoire inconnu.")}
        )
    wish = get_wish_for_update(wish_id)
    existing = db.session.execute(
        select(Vote.id).where(Vote.wish_id == wish.id, Vote.behalf_territory_id == territory_id)
    ).first()
    if existing is not None:
        return False
    _ensure_open_to_support(wish)
    with activity.kept_in_step([wish.id]):
        db.session.add(behalf_vote(wish.id, territory_id, recorder))
        db.session.flush()
        recount_support(wish.id)
    return True
