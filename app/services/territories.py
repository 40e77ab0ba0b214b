"""Territories and clubs: creation, edition, membership (admin)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Protocol, TypeVar

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from app.database import affected_rows
from app.extensions import db
from app.models import TERRITORY_KINDS, Club, ClubMembership, Role, Territory, User, Vote, Wish
from app.services.errors import PermissionDenied, ValidationFailed

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEPARTMENT_RE = re.compile(r"^(?:\d{2,3}|2[AB])(?:/(?:\d{2,3}|2[AB]))*$")
PROVIDERS_MAX = 1_000_000


class _Deactivatable(Protocol):
    """A row the admin deactivates rather than deletes, so that its history stays."""

    active: bool


_Listed = TypeVar("_Listed", bound=_Deactivatable)


def ensure_admin(actor: User | None) -> None:
    if actor is None or getattr(actor, "role", None) != Role.ADMIN:
        raise PermissionDenied(_("Réservé aux administrateurs."))


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def check_name_and_slug(
    model: Any,
    *,
    name: str,
    slug: str,
    errors: dict[str, str],
    current_id: int | None = None,
    name_max: int = 160,
) -> None:
    """A name and a slug both present, well formed and unused by another row of ``model``."""
    if not name or len(name) > name_max:
        errors["name"] = _("Indiquez un nom (%(max)d caractères au plus).", max=name_max)
    else:
        clash = db.session.execute(
            select(model.id).where(func.lower(model.name) == name.lower(), model.id != current_id)
        ).first()
        if clash:
            errors["name"] = _("Ce nom est déjà utilisé.")
    if not slug or len(slug) > 80 or not SLUG_RE.match(slug):
        errors["slug"] = _(
            "Identifiant d'adresse : lettres minuscules sans accent, chiffres et tirets."
        )
    else:
        clash = db.session.execute(
            select(model.id).where(model.slug == slug, model.id != current_id)
        ).first()
        if clash:
            errors["slug"] = _("Cet identifiant est déjà utilisé.")


def _territory_values(values: dict[str, Any], current_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "name": _clean(values.get("name")),
        "slug": (values.get("slug") or "").strip().lower(),
        "kind": values.get("kind") or "other",
        "region": _clean(values.get("region")),
        "department_code": (values.get("department_code") or "").strip().upper() or None,
        "sit": _clean(values.get("sit")) or None,
        "providers_count": values.get("providers_count"),
        "joined_year": values.get("joined_year"),
    }
    check_name_and_slug(
        Territory, name=clean["name"], slug=clean["slug"], errors=errors, current_id=current_id
    )
    if clean["kind"] not in TERRITORY_KINDS:
        errors["kind"] = _("Choisissez un type de structure de la liste.")
    if not clean["region"] or len(clean["region"]) > 80:
        errors["region"] = _("Indiquez la région (80 caractères au plus).")
    if clean["department_code"] is not None and not DEPARTMENT_RE.match(clean["department_code"]):
        errors["department_code"] = _("Code de département invalide (ex. 26, 2A, 73/74).")
    if clean["sit"] is not None and len(clean["sit"]) > 60:
        errors["sit"] = _("60 caractères au plus.")
    providers = clean["providers_count"]
    if providers is None:
        clean["providers_count"] = 0
    elif not isinstance(providers, int) or not 0 <= providers <= PROVIDERS_MAX:
        errors["providers_count"] = _("Indiquez un nombre de prestataires positif.")
    year = clean["joined_year"]
    if year is not None and (not isinstance(year, int) or not 1990 <= year <= date.today().year):
        errors["joined_year"] = _(
            "Indiquez une année entre 1990 et %(year)d.", year=date.today().year
        )
    if errors:
        raise ValidationFailed(_("Le territoire n'a pas été enregistré."), fields=errors)
    return clean


def territory_create(*, actor: User, **values: Any) -> Territory:
    """Create a territory from ``name, slug, kind, region, department_code, sit,
    providers_count, joined_year``."""
    ensure_admin(actor)
    territory = Territory(**_territory_values(values, None))
    db.session.add(territory)
    db.session.flush()
    return territory


def territory_update(*, actor: User, territory: Territory, **values: Any) -> Territory:
    """Edit a territory; a new providers count is carried to the wishes it supports."""
    ensure_admin(actor)
    clean = _territory_values(values, territory.id)
    providers_changed = clean["providers_count"] != territory.providers_count
    for key, value in clean.items():
        setattr(territory, key, value)
    db.session.flush()
    if providers_changed:
        recount_providers_for_territory(territory.id)
    return territory


def recount_providers_for_territory(territory_id: int) -> None:
    """Recompute ``providers_count`` of every wish the territory supports (one UPDATE)."""
    supporting = select(Vote.territory_id).where(Vote.wish_id == Wish.id).correlate(Wish)
    db.session.execute(
        update(Wish)
        .where(Wish.id.in_(select(Vote.wish_id).where(Vote.territory_id == territory_id)))
        .values(
            providers_count=select(func.coalesce(func.sum(Territory.providers_count), 0))
            .where(Territory.id.in_(supporting))
            .correlate(Wish)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
    # Wishes already loaded in the session must not keep a stale counter.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Wish):
            db.session.expire(obj, ["providers_count"])


def set_active(*, actor: User, entry: _Listed, active: bool) -> _Listed:
    """Deactivate a territory, club, product or category (no longer offered for new
    wishes, while what already refers to it keeps it) or reactivate it; never deleted,
    so its history stays."""
    ensure_admin(actor)
    entry.active = active
    db.session.flush()
    return entry


# Clubs ---------------------------------------------------------------------------------


def _club_values(values: dict[str, Any], current_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "name": _clean(values.get("name")),
        "slug": (values.get("slug") or "").strip().lower(),
        "description": (values.get("description") or "").strip(),
        "host_territory_id": values.get("host_territory_id") or None,
    }
    check_name_and_slug(
        Club, name=clean["name"], slug=clean["slug"], errors=errors, current_id=current_id
    )
    if len(clean["description"]) > 5000:
        errors["description"] = _("5 000 caractères au plus.")
    host = clean["host_territory_id"]
    if host is not None and db.session.get(Territory, host) is None:
        errors["host_territory_id"] = _("Territoire inconnu.")
    if errors:
        raise ValidationFailed(_("Le club n'a pas été enregistré."), fields=errors)
    return clean


def club_create(*, actor: User, **values: Any) -> Club:
    """Create a club (``name, slug, description, host_territory_id``); the host is a member."""
    ensure_admin(actor)
    club = Club(**_club_values(values, None))
    db.session.add(club)
    db.session.flush()
    if club.host_territory_id:
        club_add_member(actor=actor, club=club, territory_id=club.host_territory_id)
    return club


def club_update(*, actor: User, club: Club, **values: Any) -> Club:
    ensure_admin(actor)
    clean = _club_values(values, club.id)
    for key, value in clean.items():
        setattr(club, key, value)
    db.session.flush()
    if club.host_territory_id:
        club_add_member(actor=actor, club=club, territory_id=club.host_territory_id)
    return club


def club_add_member(*, actor: User, club: Club, territory_id: int | None) -> bool:
    """Add a member territory. Idempotent; returns True if added."""
    ensure_admin(actor)
    if territory_id is None or db.session.get(Territory, territory_id) is None:
        raise ValidationFailed(
            _("Territoire inconnu."), fields={"territory": _("Choisissez un territoire.")}
        )
    exists = db.session.get(ClubMembership, (club.id, territory_id))
    if exists is not None:
        return False
    db.session.add(ClubMembership(club_id=club.id, territory_id=territory_id))
    db.session.flush()
    db.session.expire(club, ["territories"])
    return True


def club_remove_member(*, actor: User, club: Club, territory_id: int) -> bool:
    """Remove a member territory (not the host). Idempotent; returns True if removed."""
    ensure_admin(actor)
    if territory_id == club.host_territory_id:
        raise ValidationFailed(
            _("Le territoire hôte reste membre du club : changez d'abord d'hôte."),
            fields={"territory": _("Le territoire hôte reste membre du club.")},
        )
    result = db.session.execute(
        delete(ClubMembership).where(
            ClubMembership.club_id == club.id, ClubMembership.territory_id == territory_id
        )
    )
    db.session.expire(club, ["territories"])
    return affected_rows(result) > 0
