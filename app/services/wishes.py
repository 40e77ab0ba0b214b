"""Filing and editing wishes."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from app.extensions import db
from app.models import (
    Category,
    Event,
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
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.follows import follow_ensure
from app.services.history import history_record
from app.services.locks import known_id
from app.services.text import unstorable
from app.services.votes import behalf_vote, recount_support

TITLE_MIN, TITLE_MAX = 5, 160
BODY_MAX = 20_000
PROVIDERS_ASKING_MAX = 100_000


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
    if unstorable(title):
        errors["title"] = _("Le titre contient des caractères invalides.")
    if body is not None and len(body) > BODY_MAX:
        errors["body"] = _(
            "La description est trop longue (%(max)d caractères au plus).", max=BODY_MAX
        )
    elif unstorable(body):
        errors["body"] = _("La description contient des caractères invalides.")
    product_id, category_id = known_id(product_id), known_id(category_id)
    product = db.session.get(Product, product_id) if product_id else None
    if product is None or not product.active:
        errors["product"] = _("Choisissez un produit de la liste.")
    category = db.session.get(Category, category_id) if category_id else None
    if category is None or not category.active:
        errors["category"] = _("Choisissez une catégorie de la liste.")
    if providers_asking is not None and not 0 <= providers_asking <= PROVIDERS_ASKING_MAX:
        errors["providers_asking"] = _("Indiquez un nombre de prestataires entre 0 et 100 000.")
    return errors, product, category


def _filing_territory(
    author: User, territory_id: int | None, errors: dict[str, str]
) -> Territory | None:
    """The territory the wish is filed for; a missing or unknown one goes to ``errors``
    (reported with the other fields), a forbidden one is refused at once."""
    if not permissions.can_file_wish(author):
        raise PermissionDenied(_("Votre rôle ne permet pas de déposer un souhait."))
    if author.role == Role.REFERENT:
        if author.territory_id is None:
            raise PermissionDenied(_("Votre compte n'est rattaché à aucun territoire."))
        if territory_id is not None and territory_id != author.territory_id:
            raise PermissionDenied(_("Un référent dépose des souhaits pour son propre territoire."))
        territory_id = author.territory_id
    if territory_id is None:
        errors["territory"] = _("Choisissez un territoire.")
        return None
    territory = db.session.get(Territory, territory_id)
    if territory is None or not territory.active:
        errors["territory"] = _("Territoire inconnu.")
        return None
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
    territory_errors: dict[str, str] = {}
    territory = _filing_territory(author, territory_id, territory_errors)
    event_id = _check_event_workshop(event_id, workshop_id)
    others = set(supporter_territory_ids) - {territory.id if territory else None}
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
    errors.update(territory_errors)
    if errors:
        raise ValidationFailed(_("Le souhait n'a pas été enregistré."), fields=errors)
    # Else ``errors`` would say which one is missing.
    assert product is not None and category is not None and territory is not None
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
        db.session.add(behalf_vote(wish.id, territory.id, author))
    for other_id in sorted(others):
        if db.session.get(Territory, other_id) is None:
            raise ValidationFailed(
                _("Territoire inconnu."), fields={"supporters": _("Territoire inconnu.")}
            )
        db.session.add(behalf_vote(wish.id, other_id, author))
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
