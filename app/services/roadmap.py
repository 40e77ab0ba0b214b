"""The vendor's roadmap: items, their status lifecycle, links to wishes.

Allowed item status transitions (DESIGN §3):

    considering, planned, in_progress, in_testing, postponed → any other status
    shipped   → in_progress, in_testing (reopened: the release and date are cleared)
    cancelled → considering, planned (taken up again)

Shipping needs a date and a release label. Leaving ``shipped`` clears both, so an item
shows in "what shipped" only while it is shipped; the history keeps the old release in
its note.

``RoadmapItem.version`` is SQLAlchemy's version counter: pass ``expected_version`` (the
version the form was loaded with) to refuse a lost update with ``Conflict``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.labels import ROADMAP_STATUS_LABELS
from app.models import (
    Product,
    RoadmapItem,
    RoadmapStatus,
    StatusChange,
    User,
    Wish,
    WishLink,
    WishStatus,
)
from app.selectors.late import normal_period
from app.services import activity, permissions
from app.services.dates import check_dates
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
from app.services.text import unstorable as unstorable_text

TITLE_MIN, TITLE_MAX = 3, 160
DESCRIPTION_MAX = 20_000
EXTERNAL_REF_MAX = 80
RELEASE_MAX = 80
EDITABLE_FIELDS = ("title", "description", "product_id", "target", "external_ref")

ITEM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{
        status: tuple(s for s in RoadmapStatus.ALL if s != status)
        for status in (*RoadmapStatus.PROGRESS, RoadmapStatus.POSTPONED)
    },
    RoadmapStatus.SHIPPED: (RoadmapStatus.IN_PROGRESS, RoadmapStatus.IN_TESTING),
    RoadmapStatus.CANCELLED: (RoadmapStatus.CONSIDERING, RoadmapStatus.PLANNED),
}


def allowed_item_statuses(current: str) -> tuple[str, ...]:
    return ITEM_TRANSITIONS.get(current, ())


def _require_staff(actor: User | None) -> None:
    if not permissions.can_manage_roadmap(actor):
        raise PermissionDenied(_("Seul l'éditeur gère la feuille de route."))


def validate_target(value: str | None) -> str | None:
    """A target period: ``2027`` (a year) or ``2027-T1`` … ``2027-T4`` (a quarter).

    Blank means no target (None); anything else is refused with ValidationFailed.
    """
    if not (value or "").strip():
        return None
    period = normal_period(value)
    if period is None:
        message = _("Échéance invalide : écrivez une année (2027) ou un trimestre (2027-T2).")
        raise ValidationFailed(message, fields={"target": message})
    return period


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Check editable fields; returns cleaned values or raises ValidationFailed."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    if "title" in values:
        title = " ".join((values["title"] or "").split())
        if not TITLE_MIN <= len(title) <= TITLE_MAX:
            errors["title"] = _(
                "Le titre doit faire entre %(min)d et %(max)d caractères.",
                min=TITLE_MIN,
                max=TITLE_MAX,
            )
        cleaned["title"] = title
    if "description" in values:
        description = (values["description"] or "").strip()
        if len(description) > DESCRIPTION_MAX:
            errors["description"] = _(
                "La description est trop longue (%(max)d caractères au plus).",
                max=DESCRIPTION_MAX,
            )
        cleaned["description"] = description
    if "product_id" in values:
        product_id = values["product_id"] or None
        if product_id is not None and db.session.get(Product, product_id) is None:
            errors["product"] = _("Choisissez un produit de la liste.")
        cleaned["product_id"] = product_id
    if "target" in values:
        try:
            cleaned["target"] = validate_target(values["target"])
        except ValidationFailed as error:
            errors.update(error.fields)
    if "external_ref" in values:
        ref = (values["external_ref"] or "").strip() or None
        if ref is not None and len(ref) > EXTERNAL_REF_MAX:
            errors["external_ref"] = _("%(max)d caractères au plus.", max=EXTERNAL_REF_MAX)
        cleaned["external_ref"] = ref
    for name, value in cleaned.items():
        if isinstance(value, str) and unstorable_text(value):
            errors[name] = _("Ce texte contient des caractères non pris en charge.")
    if errors:
        raise ValidationFailed(
            _("L'élément de feuille de route n'a pas été enregistré."), fields=errors
        )
    return cleaned


def roadmap_item_create(
    *,
    actor: User,
    title: str,
    description: str = "",
    product_id: int | None = None,
    target: str | None = None,
    external_ref: str | None = None,
    status: str = RoadmapStatus.CONSIDERING,
) -> RoadmapItem:
    """Create a roadmap item (not shipped: shipping goes through a status change)."""
    _require_staff(actor)
    cleaned = _clean_fields(
        {
            "title": title,
            "description": description,
            "product_id": product_id,
            "target": target,
            "external_ref": external_ref,
        }
    )
    if status not in RoadmapStatus.ALL or status == RoadmapStatus.SHIPPED:
        message = _(
            "Choisissez un statut de départ (un élément est livré par un changement de statut)."
        )
        raise ValidationFailed(message, fields={"status": message})
    item = RoadmapItem(**cleaned, status=status, created_by_id=actor.id)
    db.session.add(item)
    db.session.flush()
    history_record(actor=actor, kind="created", roadmap_item_id=item.id, to_value=status)
    db.session.flush()
    return item


def _lock_linked_wishes(item_id: int) -> None:
    """Lock the item's linked wishes, in id order, before the item itself.

    A status change writes its wishes' ``territory_shipped_wish`` rows, whose key on
    ``wish`` waits on a vote's lock of the wish, while that vote's
    ``roadmap_item_territory`` row, keyed on the item, waits on the item's lock: taking
    the wishes first, as a vote does, keeps the two from waiting on each other."""
    linked = select(WishLink.wish_id).where(WishLink.roadmap_item_id == item_id)
    db.session.execute(
        select(Wish.id).where(Wish.id.in_(linked)).order_by(Wish.id).with_for_update()
    ).all()


def _get_item_for_update(item_id: int) -> RoadmapItem:
    item = db.session.execute(
        select(RoadmapItem).where(RoadmapItem.id == item_id).with_for_update()
    ).scalar_one_or_none()
    if item is None:
        raise NotFound(_("Cet élément de feuille de route n'existe pas."))
    return item


def last_editor(item_id: int) -> User | None:
    """Who last changed the item (creation, edit or status change)."""
    return db.session.execute(
        select(User)
        .join(StatusChange, StatusChange.actor_id == User.id)
        .where(
            StatusChange.roadmap_item_id == item_id,
            StatusChange.kind.in_(("created", "edit", "status")),
        )
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _conflict(item_id: int) -> Conflict:
    editor = last_editor(item_id)
    if editor is not None:
        message = _(
            "Cet élément a été modifié entre-temps par %(name)s. Rechargez la page et "
            "refaites votre modification.",
            name=editor.display_name,
        )
    else:
        message = _(
            "Cet élément a été modifié entre-temps par quelqu'un d'autre. Rechargez la page "
            "et refaites votre modification."
        )
    return Conflict(message, code="stale_version")


def _check_version(item: RoadmapItem, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != item.version:
        raise _conflict(item.id)


def _flush(item_id: int) -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise _conflict(item_id) from error


def roadmap_item_update(
    *, actor: User, item_id: int, expected_version: int | None = None, **fields: Any
) -> RoadmapItem:
    """Edit title, description, product_id, target, external_ref (history ``edit``)."""
    _require_staff(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Champs non modifiables : %(names)s.", names=", ".join(sorted(unknown))),
            fields={name: _("Champ non modifiable.") for name in unknown},
        )
    item = _get_item_for_update(item_id)
    _check_version(item, expected_version)
    cleaned = _clean_fields(fields)
    changed = [name for name, value in cleaned.items() if getattr(item, name) != value]
    if not changed:
        return item
    old_target = item.target
    for name in changed:
        setattr(item, name, cleaned[name])
    _flush(item.id)
    history_record(
        actor=actor,
        kind="edit",
        roadmap_item_id=item.id,
        from_value=old_target if "target" in changed else None,
        to_value=",".join(changed)[:80],
    )
    db.session.flush()
    return item


def _parse_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def roadmap_item_set_status(
    *,
    actor: User,
    item_id: int,
    status: str,
    note: str = "",
    shipped_on: date | str | None = None,
    release: str | None = None,
    expected_version: int | None = None,
) -> RoadmapItem:
    """Move an item through its lifecycle; notifies followers of the item and of every
    linked wish."""
    _require_staff(actor)
    note = clean_note(note)
    check_status_known(status, RoadmapStatus.ALL)
    _lock_linked_wishes(item_id)
    item = _get_item_for_update(item_id)
    _check_version(item, expected_version)
    previous = item.status
    check_status_change(
        previous,
        status,
        allowed=allowed_item_statuses(previous),
        labels=ROADMAP_STATUS_LABELS,
        already=_("Cet élément a déjà le statut « %(status)s »."),
        impossible=_("Un élément ne passe pas de « %(old)s » à « %(new)s »."),
    )
    if status == RoadmapStatus.SHIPPED:
        errors = {}
        shipped_date = _parse_date(shipped_on)
        if shipped_date is None:
            errors["shipped_on"] = _("Indiquez la date de livraison (AAAA-MM-JJ).")
        check_dates(errors, shipped_on=shipped_date)
        release_label = " ".join((release or "").split())
        if not release_label:
            errors["release"] = _("Indiquez la version livrée, par exemple « Open Pro 2024.3 ».")
        elif len(release_label) > RELEASE_MAX:
            errors["release"] = _("%(max)d caractères au plus.", max=RELEASE_MAX)
        elif unstorable_text(release_label):
            errors["release"] = _("Ce texte contient des caractères non pris en charge.")
        if errors:
            raise ValidationFailed(
                _("Une livraison demande une date et une version."), fields=errors
            )
        item.shipped_on = shipped_date
        item.release = release_label
    elif previous == RoadmapStatus.SHIPPED:
        if item.release and not note:
            note = _("Version précédemment livrée : %(release)s", release=item.release)
        item.shipped_on = None
        item.release = None
    with activity.kept_in_step(select(WishLink.wish_id).where(WishLink.roadmap_item_id == item.id)):
        item.status = RoadmapStatus(status)
        _flush(item.id)
    status_change_record(actor=actor, subject=item, previous=previous, status=status, note=note)
    return item


def _get_item(item_id: int) -> RoadmapItem:
    item = db.session.get(RoadmapItem, item_id)
    if item is None:
        raise NotFound(_("Cet élément de feuille de route n'existe pas."))
    return item


def check_linkable(wish: Wish) -> None:
    """A duplicate is linked through the wish it was merged into (Conflict)."""
    if wish.status == WishStatus.DUPLICATE:
        raise Conflict(
            _(
                "Ce souhait est un doublon du souhait n°%(id)s : liez plutôt celui-ci.",
                id=wish.merged_into_id,
            ),
            code="wish_duplicate",
        )


def _link_of(actor: User, item_id: int, wish_id: int) -> tuple[RoadmapItem, Wish, WishLink | None]:
    """The item, the wish (locked) and the link between them if any, for staff only."""
    _require_staff(actor)
    item = _get_item(item_id)
    wish = get_wish_for_update(wish_id)
    link = db.session.execute(
        select(WishLink).where(WishLink.wish_id == wish.id, WishLink.roadmap_item_id == item.id)
    ).scalar_one_or_none()
    return item, wish, link


def wish_link(*, actor: User, item_id: int, wish_id: int) -> bool:
    """Link a wish to a roadmap item. Idempotent: returns False if already linked."""
    item, wish, existing = _link_of(actor, item_id, wish_id)
    if existing is not None:
        return False
    check_linkable(wish)
    with activity.kept_in_step([wish.id]):
        db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id, created_by_id=actor.id))
    _record_link_change(actor=actor, item=item, wish=wish, linked=True)
    return True


def wish_unlink(*, actor: User, item_id: int, wish_id: int) -> bool:
    """Unlink a wish from a roadmap item. Idempotent: returns False if not linked."""
    item, wish, link = _link_of(actor, item_id, wish_id)
    if link is None:
        return False
    with activity.kept_in_step([wish.id]):
        db.session.delete(link)
    _record_link_change(actor=actor, item=item, wish=wish, linked=False)
    return True


def _record_link_change(*, actor: User, item: RoadmapItem, wish: Wish, linked: bool) -> None:
    """Trace a link or an unlink on both sides (the wish's history names the item, the
    item's names the wish) and tell the wish's followers; a new link also says where the
    item stands."""
    kind = "link" if linked else "unlink"
    for wish_id, item_id, named in (
        (wish.id, None, item.title[:80]),
        (None, item.id, str(wish.id)),
    ):
        history_record(
            actor=actor,
            kind=kind,
            wish_id=wish_id,
            roadmap_item_id=item_id,
            from_value=None if linked else named,
            to_value=named if linked else None,
        )
    payload: dict[str, Any] = {"item_id": item.id, "item_title": item.title}
    if linked:
        payload["item_status"] = item.status
    notify_wish_followers(
        kind="wish_linked" if linked else "wish_unlinked", actor=actor, wish=wish, payload=payload
    )
