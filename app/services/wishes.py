"""Filing, editing and supporting wishes; follows."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    BindParameter,
    Update,
    bindparam,
    case,
    delete,
    distinct,
    func,
    select,
    update,
)

from app.database import insert_ignoring_conflict
from app.extensions import db
from app.models import (
    Category,
    Event,
    Follow,
    Product,
    Role,
    Territory,
    User,
    Vote,
    Wish,
    WishStatus,
    Workshop,
)
from app.services import activity, permissions
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from app.services.history import history_record

TITLE_MIN, TITLE_MAX = 5, 160
BODY_MAX = 20_000
PROVIDERS_ASKING_MAX = 100_000


ID_MAX = 2**31 - 1  # the largest id the database stores (PostgreSQL integer)


def _known_id(value: object) -> int | None:
    """The value as an id worth looking up, or None (not an int, or out of range)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ID_MAX:
        return None
    return value


def _unstorable(text: str | None) -> bool:
    """Text no database column takes: a NUL character, or an unpaired surrogate."""
    if not text:
        return False
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _clean_title(title: str | None) -> str:
    return " ".join((title or "").split())


def validate_wish_fields(
    *,
    title: str | None,
    body: str | None,
    product_id: int | None,
    category_id: int | None,
    providers_asking: int | None = None,
) -> tuple[dict[str, str], Product | None, Category | None]:
    """Check the fields of a wish; returns (errors by field, product, category)."""
    errors: dict[str, str] = {}
    clean = _clean_title(title)
    if not TITLE_MIN <= len(clean) <= TITLE_MAX:
        errors["title"] = _(
            "Le titre doit faire entre %(min)d et %(max)d caractères.", min=TITLE_MIN, max=TITLE_MAX
        )
    if _unstorable(title):
        errors["title"] = _("Le titre contient des caractères invalides.")
    if body is not None and len(body) > BODY_MAX:
        errors["body"] = _(
            "La description est trop longue (%(max)d caractères au plus).", max=BODY_MAX
        )
    elif _unstorable(body):
        errors["body"] = _("La description contient des caractères invalides.")
    product_id, category_id = _known_id(product_id), _known_id(category_id)
    product = db.session.get(Product, product_id) if product_id else None
    if product is None or not product.active:
        errors["product"] = _("Choisissez un produit de la liste.")
    category = db.session.get(Category, category_id) if category_id else None
    if category is None or not category.active:
        errors["category"] = _("Choisissez une catégorie de la liste.")
    if providers_asking is not None and not 0 <= providers_asking <= PROVIDERS_ASKING_MAX:
        errors["providers_asking"] = _("Indiquez un nombre de prestataires entre 0 et 100 000.")
    return errors, product, category


def _filing_territory(author: User, territory_id: int | None) -> Territory:
    if not permissions.can_file_wish(author):
        raise PermissionDenied(_("Votre rôle ne permet pas de déposer un souhait."))
    if author.role == Role.REFERENT:
        if author.territory_id is None:
            raise PermissionDenied(_("Votre compte n'est rattaché à aucun territoire."))
        if territory_id is not None and territory_id != author.territory_id:
            raise PermissionDenied(_("Un référent dépose des souhaits pour son propre territoire."))
        territory_id = author.territory_id
    if territory_id is None:
        raise ValidationFailed(
            _("Choisissez le territoire pour lequel ce souhait est déposé."),
            fields={"territory": _("Choisissez un territoire.")},
        )
    territory = db.session.get(Territory, territory_id)
    if territory is None or not territory.active:
        raise ValidationFailed(
            _("Territoire inconnu."), fields={"territory": _("Territoire inconnu.")}
        )
    return territory


def wish_create(
    *,
    author: User,
    title: str,
    body: str,
    product_id: int | None,
    category_id: int | None,
    territory_id: int | None = None,
    providers_asking: int | None = None,
    event_id: int | None = None,
    workshop_id: int | None = None,
    supporter_territory_ids: Iterable[int] = (),
) -> Wish:
    """File a wish for a territory. Filing counts as the territory's support."""
    territory = _filing_territory(author, territory_id)
    event_id = _check_event_workshop(event_id, workshop_id)
    others = set(supporter_territory_ids) - {territory.id}
    if others and not permissions.is_staff(author) and workshop_id is None:
        raise PermissionDenied(
            _(
                "Un référent n'enregistre le soutien d'autres territoires "
                "que lors de la saisie d'un atelier."
            )
        )
    errors, product, category = validate_wish_fields(
        title=title,
        body=body,
        product_id=product_id,
        category_id=category_id,
        providers_asking=providers_asking,
    )
    if errors:
        raise ValidationFailed(_("Le souhait n'a pas été enregistré."), fields=errors)
    assert product is not None and category is not None  # else ``errors`` says so
    wish = Wish(
        title=_clean_title(title),
        body=(body or "").strip(),
        product_id=product.id,
        category_id=category.id,
        territory_id=territory.id,
        author_id=author.id,
        status=WishStatus.NEW,
        providers_asking=providers_asking,
        event_id=event_id,
        workshop_id=workshop_id,
    )
    db.session.add(wish)
    db.session.flush()
    history_record(actor=author, kind="created", wish_id=wish.id, to_value=WishStatus.NEW)
    if author.role == Role.REFERENT or author.territory_id == territory.id:
        db.session.add(Vote(wish_id=wish.id, user_id=author.id, territory_id=territory.id))
    else:
        db.session.add(_behalf_vote(wish.id, territory.id, author))
    for other_id in sorted(others):
        if db.session.get(Territory, other_id) is None:
            raise ValidationFailed(
                _("Territoire inconnu."), fields={"supporters": _("Territoire inconnu.")}
            )
        db.session.add(_behalf_vote(wish.id, other_id, author))
    db.session.flush()
    recount_support(wish.id)
    activity.wishes_added([wish.id])
    follow_ensure(user=author, wish_id=wish.id)
    return wish


def _check_event_workshop(event_id: int | None, workshop_id: int | None) -> int | None:
    """The event of a wish filed at a workshop (the workshop must belong to the event)."""
    if workshop_id is None:
        if event_id is not None and db.session.get(Event, event_id) is None:
            raise ValidationFailed(
                _("Rencontre inconnue."), fields={"event": _("Rencontre inconnue.")}
            )
        return event_id
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or (event_id is not None and workshop.event_id != event_id):
        raise ValidationFailed(
            _("Atelier inconnu."), fields={"workshop": _("Atelier inconnu pour cette rencontre.")}
        )
    return workshop.event_id


def wish_update(
    *,
    user: User,
    wish: Wish,
    title: str,
    body: str,
    product_id: int | None,
    category_id: int | None,
    providers_asking: int | None = None,
) -> Wish:
    if not permissions.can_edit_wish(user, wish):
        raise PermissionDenied(_("Vous ne pouvez plus modifier ce souhait."))
    errors, product, category = validate_wish_fields(
        title=title,
        body=body,
        product_id=product_id,
        category_id=category_id,
        providers_asking=providers_asking,
    )
    if errors:
        raise ValidationFailed(_("Le souhait n'a pas été modifié."), fields=errors)
    assert product is not None and category is not None  # else ``errors`` says so
    with activity.kept_in_step([wish.id]):
        wish.title = _clean_title(title)
        wish.body = (body or "").strip()
        wish.product_id = product.id
        wish.category_id = category.id
        wish.providers_asking = providers_asking
    return wish


def get_wish_for_update(wish_id: int) -> Wish:
    """The wish, locked for the rest of the transaction (PostgreSQL), or NotFound."""
    return _locked_wish_column(wish_id, Wish)


def _locked_wish_column(wish_id: int | None, column: Any) -> Any:
    """``column`` (an attribute, or ``Wish`` for the whole row) of the wish, its row
    locked for the rest of the transaction (PostgreSQL); NotFound if there is none."""
    wish_id = _known_id(wish_id)
    value = (
        db.session.execute(
            select(column).where(Wish.id == wish_id).with_for_update()
        ).scalar_one_or_none()
        if wish_id
        else None
    )
    if value is None:
        raise NotFound(_("Ce souhait n'existe pas."))
    return value


def _behalf_vote(wish_id: int, territory_id: int, recorder: User | None) -> Vote:
    return Vote(
        wish_id=wish_id,
        user_id=None,
        territory_id=territory_id,
        on_behalf=True,
        behalf_territory_id=territory_id,
        recorded_by_id=recorder.id if recorder is not None else None,
    )


def recount_support(wish_id: int) -> None:
    """Set the support counters of a wish from its vote rows (same transaction)."""
    votes = select(Vote.territory_id).where(Vote.wish_id == wish_id)
    db.session.execute(
        update(Wish)
        .where(Wish.id == wish_id)
        .values(
            votes_count=select(func.count(Vote.id))
            .where(Vote.wish_id == wish_id)
            .scalar_subquery(),
            territories_count=select(func.count(distinct(Vote.territory_id)))
            .where(Vote.wish_id == wish_id)
            .scalar_subquery(),
            providers_count=select(func.coalesce(func.sum(Territory.providers_count), 0))
            .where(Territory.id.in_(votes))
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    wish = db.session.get(Wish, wish_id)
    if wish is not None:
        db.session.refresh(wish, ["votes_count", "territories_count", "providers_count"])


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
    return _locked_wish_column(wish_id, Wish.status)


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
    _expire_counters(wish_id)
    activity.support_shifted(wish_id, territory_id, delta)


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
        db.session.add(_behalf_vote(wish.id, territory_id, recorder))
        db.session.flush()
        recount_support(wish.id)
    return True


def follow_ensure(
    *, user: User, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> None:
    """Follow unless the user already follows or chose to unfollow (the row stays)."""
    values: dict[str, int | None]
    if wish_id:
        values, conflict = {"wish_id": wish_id}, ("user_id", "wish_id")
    else:
        values, conflict = {"roadmap_item_id": roadmap_item_id}, ("user_id", "roadmap_item_id")
    insert_ignoring_conflict(
        Follow, {"user_id": user.id, "active": True, **values}, conflict_columns=conflict
    )


def follow_set(
    *, user: User, active: bool, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> None:
    """Follow or unfollow explicitly; an unfollow is remembered."""
    if not permissions.can_browse(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de suivre."))
    query = select(Follow).where(Follow.user_id == user.id)
    query = query.where(
        Follow.wish_id == wish_id if wish_id else Follow.roadmap_item_id == roadmap_item_id
    )
    follow = db.session.execute(query).scalar_one_or_none()
    if follow is None:
        follow = Follow(user_id=user.id, wish_id=wish_id, roadmap_item_id=roadmap_item_id)
        db.session.add(follow)
    follow.active = active
    db.session.flush()


def is_following(
    user: User, *, wish_id: int | None = None, roadmap_item_id: int | None = None
) -> bool:
    query = select(Follow.active).where(Follow.user_id == user.id)
    query = query.where(
        Follow.wish_id == wish_id if wish_id else Follow.roadmap_item_id == roadmap_item_id
    )
    return bool(db.session.execute(query).scalar())
