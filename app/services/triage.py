"""Vendor triage: wish status changes, merging duplicates, official answers.

Allowed wish status transitions (``duplicate`` is reached only by merging, and a
merged wish stays merged):

    new           → under_review, accepted, declined
    under_review  → new, accepted, declined
    accepted      → under_review, declined
    declined      → under_review, accepted
    duplicate     → (none)

``declined`` needs a reason (the note), shown to the territories in the history.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, delete, select, update

from app.extensions import db
from app.labels import WISH_STATUS_LABELS
from app.models import Comment, Follow, RoadmapItem, User, Vote, Wish, WishStatus
from app.services import activity, permissions
from app.services import roadmap as roadmap_services
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.history import history_record
from app.services.lifecycle import (
    check_status_change,
    check_status_known,
    clean_note,
    status_change_record,
)
from app.services.locks import get_wish_for_update
from app.services.notifications import notify_wish_followers
from app.services.votes import recount_support

WISH_TRANSITIONS: dict[str, tuple[str, ...]] = {
    WishStatus.NEW: (WishStatus.UNDER_REVIEW, WishStatus.ACCEPTED, WishStatus.DECLINED),
    WishStatus.UNDER_REVIEW: (WishStatus.NEW, WishStatus.ACCEPTED, WishStatus.DECLINED),
    WishStatus.ACCEPTED: (WishStatus.UNDER_REVIEW, WishStatus.DECLINED),
    WishStatus.DECLINED: (WishStatus.UNDER_REVIEW, WishStatus.ACCEPTED),
    WishStatus.DUPLICATE: (),
}


def _require_staff(actor: User | None) -> None:
    if not permissions.can_triage(actor):
        raise PermissionDenied(_("Seul l'éditeur peut trier les souhaits."))


def allowed_wish_statuses(current: str) -> tuple[str, ...]:
    return WISH_TRANSITIONS.get(current, ())


def _check_status_settable(status: str) -> None:
    if status == WishStatus.DUPLICATE:
        raise ValidationFailed(
            _("Pour marquer un doublon, fusionnez-le dans l'autre souhait."),
            fields={"status": _("Un doublon se traite par une fusion.")},
        )
    check_status_known(status, WishStatus.ALL)


def _check_wish_status(wish: Wish, status: str, note: str) -> None:
    """Refuse a status the wish cannot take now (ValidationFailed says why)."""
    check_status_change(
        wish.status,
        status,
        allowed=allowed_wish_statuses(wish.status),
        labels=WISH_STATUS_LABELS,
        already=_("Ce souhait a déjà le statut « %(status)s »."),
        impossible=_("Un souhait ne passe pas de « %(old)s » à « %(new)s »."),
    )
    if status == WishStatus.DECLINED and not note:
        raise ValidationFailed(
            _("Indiquez pourquoi ce souhait n'est pas retenu."),
            fields={"note": _("La raison est obligatoire pour un souhait non retenu.")},
        )


def wish_set_status(*, actor: User, wish_id: int, status: str, note: str = "") -> Wish:
    """Change a wish's triage status; records history and notifies its followers."""
    _require_staff(actor)
    note = clean_note(note)
    _check_status_settable(status)
    wish = get_wish_for_update(wish_id)
    previous = wish.status
    _check_wish_status(wish, status, note)
    with activity.kept_in_step([wish.id]):
        wish.status = WishStatus(status)
    status_change_record(actor=actor, subject=wish, previous=previous, status=status, note=note)
    return wish


def _lock_for_merge(wish_id: int, into_id: int) -> tuple[Wish, Wish]:
    """Lock X, Y and the wishes already merged into X (they get re-pointed), all in id
    order, so that two merges, or a merge and a vote, never wait on each other in a
    circle (a deadlock found by tests/security/test_concurrency.py)."""
    merged_into_x = select(Wish.id).where(Wish.merged_into_id == wish_id)
    extra: set[int] = set()
    while True:
        extra |= set(db.session.execute(merged_into_x).scalars()) - {wish_id, into_id}
        locked = {i: get_wish_for_update(i) for i in sorted({wish_id, into_id} | extra)}
        # Once X is locked nothing new can be merged into it; re-check what was read
        # before that (a rare race: lock the newcomers too).
        if set(db.session.execute(merged_into_x).scalars()) - {wish_id, into_id} <= extra:
            return locked[wish_id], locked[into_id]


def wish_merge(*, actor: User, wish_id: int, into_id: int, note: str = "") -> Wish:
    """Merge wish ``wish_id`` (X) into ``into_id`` (Y); returns X, now a duplicate.

    X's supporters become Y's (a user, or a territory supported on its behalf, counts
    once), X's active followers follow Y unless they unfollowed Y, wishes already merged
    into X now point to Y (no chains, no cycles). History on both wishes.
    """
    _require_staff(actor)
    note = clean_note(note)
    if into_id is None:
        raise ValidationFailed(
            _("Indiquez le souhait dans lequel fusionner."),
            fields={"into": _("Indiquez un numéro de souhait.")},
        )
    if wish_id == into_id:
        raise ValidationFailed(
            _("Un souhait ne peut pas être fusionné dans lui-même."),
            fields={"into": _("Choisissez un autre souhait.")},
        )
    wish, target = _lock_for_merge(wish_id, into_id)
    if wish.status == WishStatus.DUPLICATE or wish.merged_into_id is not None:
        raise Conflict(_("Ce souhait est déjà fusionné dans un autre."), code="already_merged")
    if target.status == WishStatus.DUPLICATE or target.merged_into_id is not None:
        raise Conflict(
            _(
                "Le souhait n°%(id)d est lui-même un doublon : fusionnez dans le souhait "
                "qu'il rejoint.",
                id=target.id,
            ),
            code="target_merged",
        )
    # Walk Y's chain defensively: a cycle must stay impossible whatever the data.
    seen = {target.id}
    cursor = target
    while cursor.merged_into_id is not None:
        if cursor.merged_into_id in seen or cursor.merged_into_id == wish.id:
            raise Conflict(_("Cette fusion créerait une boucle."), code="merge_cycle")
        seen.add(cursor.merged_into_id)
        cursor = db.session.get_one(Wish, cursor.merged_into_id)

    previous = wish.status
    with activity.kept_in_step([wish.id, target.id]):
        _move_votes(from_id=wish.id, to_id=target.id)
        _carry_followers(from_id=wish.id, to_id=target.id)
        db.session.execute(
            update(Wish)
            .where(Wish.merged_into_id == wish.id)
            .values(merged_into_id=target.id)
            .execution_options(synchronize_session="fetch")
        )
        wish.status = WishStatus.DUPLICATE
        wish.merged_into_id = target.id
        db.session.flush()
        recount_support(wish.id)
        recount_support(target.id)
    history_record(
        actor=actor,
        kind="merge",
        wish_id=wish.id,
        from_value=previous,
        to_value=str(target.id),
        note=note,
    )
    history_record(
        actor=actor, kind="merged_from", wish_id=target.id, from_value=str(wish.id), note=note
    )
    notify_wish_followers(
        kind="wish_merged",
        actor=actor,
        wish=wish,
        payload={
            "into_id": target.id,
            "into_title": target.title,
            "from": previous,
            "note": note,
        },
    )
    db.session.flush()
    return wish


def _move_votes(*, from_id: int, to_id: int) -> None:
    """Move X's votes to Y; a supporter already counted on Y is not counted twice."""
    target_users = select(Vote.user_id).where(Vote.wish_id == to_id, Vote.user_id.is_not(None))
    target_behalf = select(Vote.behalf_territory_id).where(
        Vote.wish_id == to_id, Vote.behalf_territory_id.is_not(None)
    )
    db.session.execute(
        delete(Vote)
        .where(Vote.wish_id == from_id, Vote.user_id.in_(target_users))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(Vote)
        .where(Vote.wish_id == from_id, Vote.behalf_territory_id.in_(target_behalf))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Vote)
        .where(Vote.wish_id == from_id)
        .values(wish_id=to_id)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _carry_followers(*, from_id: int, to_id: int) -> None:
    """X's active followers follow Y, unless they have a row on Y (e.g. an unfollow)."""
    existing = set(
        db.session.execute(select(Follow.user_id).where(Follow.wish_id == to_id)).scalars()
    )
    followers = db.session.execute(
        select(Follow.user_id).where(and_(Follow.wish_id == from_id, Follow.active.is_(True)))
    ).scalars()
    for user_id in followers:
        if user_id not in existing:
            db.session.add(Follow(user_id=user_id, wish_id=to_id, active=True))
    db.session.flush()


def comment_mark_official(*, actor: User, comment_id: int, official: bool = True) -> Comment:
    """Mark (or unmark) a comment as the vendor's official answer on its wish."""
    _require_staff(actor)
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(_("Ce commentaire n'existe pas."))
    wish = get_wish_for_update(comment.wish_id)
    if bool(comment.is_official) == bool(official):
        return comment
    comment.is_official = bool(official)
    db.session.flush()
    if official:
        history_record(
            actor=actor, kind="official_answer", wish_id=wish.id, to_value=str(comment.id)
        )
        notify_wish_followers(
            kind="official_answer",
            actor=actor,
            wish=wish,
            payload={
                "comment_id": comment.id,
                "excerpt": comment.body[:200],
            },
        )
    return comment


BULK_MAX = 200


def wishes_bulk_apply(
    *,
    actor: User,
    wish_ids: list[int],
    status: str = "",
    note: str = "",
    item_id: int | None = None,
) -> int:
    """Give every wish of ``wish_ids`` the ``status``, or link each to ``item_id``, as
    one change: each wish gets its history entry (and its followers their notice) as
    if triaged alone. Every wish is checked first and, if any is refused, none is
    written: ``ValidationFailed.fields`` says why for each (``wish-<id>`` → why).
    Returns how many wishes changed (one already linked to the item does not count)."""
    _require_staff(actor)
    ids = sorted(set(wish_ids))
    if not ids:
        message = _("Cochez au moins un souhait.")
        raise ValidationFailed(message, fields={"wish": message})
    if len(ids) > BULK_MAX:
        message = _("%(max)d souhaits au plus à la fois.", max=BULK_MAX)
        raise ValidationFailed(message, fields={"wish": message})
    if bool(status) == (item_id is not None):
        message = _("Choisissez une action et sa valeur.")
        raise ValidationFailed(message, fields={"action": message})
    if item_id is not None and db.session.get(RoadmapItem, item_id) is None:
        raise NotFound(_("Cet élément de feuille de route n'existe pas."))
    if status:
        _check_status_settable(status)
    # Every wish is checked before any is written: SQLite's savepoints cannot undo one
    # wish's change alone, and the report names each wish refused.
    wishes = {
        w.id: w
        for w in db.session.execute(
            select(Wish).where(Wish.id.in_(ids)).order_by(Wish.id).with_for_update()
        ).scalars()
    }
    errors: dict[str, str] = {}
    for wish_id in ids:
        wish = wishes.get(wish_id)
        try:
            if wish is None:
                raise NotFound(_("Ce souhait n'existe pas."))
            if status:
                _check_wish_status(wish, status, clean_note(note))
            else:
                roadmap_services.check_linkable(wish)
        except (ValidationFailed, Conflict, NotFound) as error:
            errors[f"wish-{wish_id}"] = " ".join(
                [error.message, *(v for v in error.fields.values() if v not in error.message)]
            )
    if errors:
        raise ValidationFailed(
            ngettext(
                "Rien n'a été changé : %(num)d souhait ne peut pas l'être.",
                "Rien n'a été changé : %(num)d souhaits ne peuvent pas l'être.",
                len(errors),
            ),
            fields=errors,
        )
    changed = 0
    for wish_id in ids:
        if status:
            wish_set_status(actor=actor, wish_id=wish_id, status=status, note=note)
            changed += 1
        else:
            assert item_id is not None
            changed += int(
                roadmap_services.wish_link(actor=actor, item_id=item_id, wish_id=wish_id)
            )
    return changed
