"""Co-funding of roadmap items (DESIGN §8).

The vendor puts a quote on an item (``funding_goal``, whole euros, optionally a
``funding_deadline``); referents pledge an amount for their own territory (admins for
any), change it or withdraw it until the vendor confirms the funding, after which the
pledges are locked. Every change is kept in the item's history.

Each write first locks the item's row (``SELECT … FOR UPDATE``), so pledges on one item
are serialised: the sum read after a change is the true one, and the first change that
reaches the goal is the only one that notifies the vendor and the followers
(``funding_reached_at`` is set in the same transaction). SQLite serialises writers.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.collation import name_key
from app.extensions import db
from app.models import Pledge, RoadmapItem, RoadmapStatus, Role, Territory, User, utcnow
from app.services import permissions
from app.services.dates import date_problem
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.history import history_record
from app.services.notifications import followers_of, notify_users

AMOUNT_MAX = 10_000_000
GOAL_MAX = 100_000_000
CLOSED_STATUSES = (RoadmapStatus.SHIPPED, RoadmapStatus.CANCELLED)
UNSET = object()


def _item_for_update(item_id: int) -> RoadmapItem:
    item = db.session.execute(
        select(RoadmapItem)
        .where(RoadmapItem.id == item_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if item is None:
        raise NotFound(_("Cet élément de feuille de route n'existe pas."))
    return item


def territory_by_slug(slug: str) -> Territory:
    territory = db.session.execute(
        select(Territory).where(Territory.slug == slug)
    ).scalar_one_or_none()
    if territory is None:
        raise NotFound(_("Ce territoire n'existe pas."))
    return territory


def can_pledge(user: User | None, territory: Territory | None = None) -> bool:
    """Referents for their own territory, admins for any; nobody else."""
    if permissions.is_admin(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and user.role == Role.REFERENT
        and user.territory_id is not None
        and (territory is None or user.territory_id == territory.id)
    )


def _require_pledger(actor: User, territory: Territory) -> None:
    if not can_pledge(actor):
        raise PermissionDenied(
            _("Seuls les référents, pour leur territoire, promettent un cofinancement.")
        )
    if not can_pledge(actor, territory):
        raise PermissionDenied(_("Vous ne pouvez promettre que pour votre propre territoire."))


def pledged_total(item_id: int) -> int:
    return db.session.execute(
        select(func.coalesce(func.sum(Pledge.amount), 0)).where(Pledge.roadmap_item_id == item_id)
    ).scalar_one()


def _check_open(item: RoadmapItem) -> None:
    """Pledges can change: a goal is set and the vendor has not confirmed yet."""
    if item.funding_goal is None:
        raise Conflict(_("Cet élément n'est pas proposé au cofinancement."), code="no_funding_goal")
    if item.funding_confirmed:
        raise Conflict(
            _("Le financement est confirmé par l'éditeur : les promesses sont verrouillées."),
            code="funding_locked",
        )


def _clean_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        try:
            amount = int(str(amount).strip().replace(" ", "").replace("\u202f", ""))
        except (TypeError, ValueError):
            amount = None
    if amount is None or not 1 <= amount <= AMOUNT_MAX:
        message = _("Indiquez un montant entier en euros, entre 1 et %(max)d.", max=AMOUNT_MAX)
        raise ValidationFailed(message, fields={"amount": message})
    return amount


def _record(
    actor: User | None,
    item: RoadmapItem,
    kind: str,
    old: object = None,
    new: object = None,
    note: str = "",
) -> None:
    """A funding line in the item's history; amounts are written as text, none stays empty."""
    history_record(
        actor=actor,
        kind=kind,
        roadmap_item_id=item.id,
        from_value=None if old is None else str(old),
        to_value=None if new is None else str(new),
        note=note,
    )


def _notify_if_reached(item: RoadmapItem, actor: User | None) -> None:
    """The first time the pledges reach the goal: record it and tell the vendor's people
    and the item's followers (once, whatever happens to the pledges afterwards)."""
    if item.funding_goal is None or item.funding_reached_at is not None:
        return
    total = pledged_total(item.id)
    if total < item.funding_goal:
        return
    item.funding_reached_at = utcnow()
    db.session.flush()
    territories = sorted(
        db.session.execute(
            select(Territory.name)
            .join(Pledge, Pledge.territory_id == Territory.id)
            .where(Pledge.roadmap_item_id == item.id)
        ).scalars(),
        key=name_key,
    )
    _record(actor, item, "funding_reached", item.funding_goal, total)
    vendors = db.session.execute(
        select(User).where(User.role == Role.VENDOR, User.active.is_(True)).order_by(User.id)
    ).scalars()
    notify_users(
        kind="funding_reached",
        actor=actor,
        users=[*vendors, *followers_of(roadmap_item_id=item.id)],
        roadmap_item_id=item.id,
        payload={
            "item_id": item.id,
            "item_title": item.title,
            "goal": item.funding_goal,
            "pledged": total,
            "territories": territories,
        },
    )


def pledge_set(*, actor: User, item_id: int, territory_slug: str, amount: object) -> Pledge:
    """Pledge ``amount`` euros for the territory, or change its pledge. Idempotent."""
    territory = territory_by_slug(territory_slug)
    _require_pledger(actor, territory)
    amount = _clean_amount(amount)
    item = _item_for_update(item_id)
    _check_open(item)
    if item.status in CLOSED_STATUSES:
        raise Conflict(_("Cet élément n'accepte plus de promesses."), code="funding_closed")
    if item.funding_deadline is not None and utcnow().date() > item.funding_deadline:
        raise Conflict(
            _("La date limite des promesses est passée."), code="funding_deadline_passed"
        )
    pledge = db.session.execute(
        select(Pledge).where(Pledge.roadmap_item_id == item.id, Pledge.territory_id == territory.id)
    ).scalar_one_or_none()
    previous = pledge.amount if pledge is not None else None
    if pledge is not None and previous == amount:
        return pledge
    if pledge is None:
        pledge = Pledge(roadmap_item_id=item.id, territory_id=territory.id, amount=amount)
        db.session.add(pledge)
    pledge.amount = amount
    pledge.user_id = actor.id
    db.session.flush()
    _record(actor, item, "pledge", previous, amount, territory.name)
    _notify_if_reached(item, actor)
    db.session.flush()
    return pledge


def pledge_withdraw(*, actor: User, item_id: int, territory_slug: str) -> bool:
    """Withdraw the territory's pledge until the funding is confirmed. Idempotent: False
    when there was none."""
    territory = territory_by_slug(territory_slug)
    _require_pledger(actor, territory)
    item = _item_for_update(item_id)
    pledge = db.session.execute(
        select(Pledge).where(Pledge.roadmap_item_id == item.id, Pledge.territory_id == territory.id)
    ).scalar_one_or_none()
    if item.funding_confirmed:
        _check_open(item)
    if pledge is None:
        return False
    _record(actor, item, "pledge_withdrawn", pledge.amount, note=territory.name)
    db.session.delete(pledge)
    db.session.flush()
    return True


def _clean_goal(goal: object) -> int | None:
    if goal is None or goal == "":
        return None
    if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= GOAL_MAX:
        message = _("Indiquez l'objectif en euros, un nombre entier positif.")
        raise ValidationFailed(message, fields={"funding_goal": message})
    return goal


def funding_set_goal(
    *, actor: User, item_id: int, goal: object = UNSET, deadline: date | None | object = UNSET
) -> RoadmapItem:
    """The vendor's quote (euros, None to withdraw the offer) and the pledges' deadline."""
    if not permissions.can_manage_roadmap(actor):
        raise PermissionDenied(_("Seul l'éditeur fixe l'objectif de cofinancement."))
    new_goal = _clean_goal(goal) if goal is not UNSET else UNSET
    if deadline is not UNSET and deadline is not None and not isinstance(deadline, date):
        message = _("Date invalide (AAAA-MM-JJ).")
        raise ValidationFailed(message, fields={"funding_deadline": message})
    if isinstance(deadline, date) and (problem := date_problem(deadline)):
        raise ValidationFailed(problem, fields={"funding_deadline": problem})
    item = _item_for_update(item_id)
    goal_changes = new_goal is not UNSET and new_goal != item.funding_goal
    deadline_changes = deadline is not UNSET and deadline != item.funding_deadline
    if not goal_changes and not deadline_changes:
        return item
    if item.funding_confirmed:
        raise Conflict(
            _("Le financement est confirmé : l'objectif ne change plus."), code="funding_locked"
        )
    if goal_changes and new_goal is None and pledged_total(item.id):
        raise Conflict(
            _("Des territoires ont promis : l'objectif ne peut pas être retiré."),
            code="funding_pledged",
        )
    previous_goal = item.funding_goal
    if goal_changes:
        item.funding_goal = cast(int | None, new_goal)
    if deadline_changes:
        item.funding_deadline = cast(date | None, deadline)
    db.session.flush()
    _record(
        actor,
        item,
        "funding_goal",
        previous_goal,
        item.funding_goal,
        item.funding_deadline.isoformat() if item.funding_deadline else "",
    )
    _notify_if_reached(item, actor)
    db.session.flush()
    return item


def funding_confirm(*, actor: User, item_id: int) -> RoadmapItem:
    """The vendor confirms the funding once the goal is reached; pledges lock."""
    if not permissions.can_manage_roadmap(actor):
        raise PermissionDenied(_("Seul l'éditeur confirme un cofinancement."))
    item = _item_for_update(item_id)
    _check_open(item)
    total = pledged_total(item.id)
    if item.funding_goal is None or total < item.funding_goal:
        raise Conflict(
            _("L'objectif n'est pas atteint : rien à confirmer."), code="funding_not_reached"
        )
    item.funding_confirmed_at = utcnow()
    db.session.flush()
    _record(actor, item, "funding_confirmed", item.funding_goal, total)
    db.session.flush()
    return item
