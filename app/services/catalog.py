"""Products and categories (admin): create, edit, reorder, deactivate. Never deleted."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Product, User
from app.models.catalog import TICKET_REF
from app.services.errors import ValidationFailed
from app.services.territories import check_name_and_slug, ensure_admin

CatalogModel = type[Product] | type[Category]
_Entry = TypeVar("_Entry", Product, Category)


def _values(model: CatalogModel, values: dict[str, Any], current_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "name": " ".join((values.get("name") or "").split()),
        "slug": (values.get("slug") or "").strip().lower(),
    }
    check_name_and_slug(
        model,
        name=clean["name"],
        slug=clean["slug"],
        errors=errors,
        current_id=current_id,
        name_max=120,
    )
    if model is Product:
        clean["description"] = (values.get("description") or "").strip()
        if len(clean["description"]) > 5000:
            errors["description"] = _("5 000 caractères au plus.")
        pattern = (values.get("ticket_url_pattern") or "").strip()
        if pattern and (problem := ticket_pattern_problem(pattern)):
            errors["ticket_url_pattern"] = problem
        clean["ticket_url_pattern"] = pattern or None
    if errors:
        message = (
            _("Le produit n'a pas été enregistré.")
            if model is Product
            else _("La catégorie n'a pas été enregistrée.")
        )
        raise ValidationFailed(message, fields=errors)
    return clean


TICKET_PATTERN_MAX = 300


def ticket_pattern_problem(pattern: str) -> str | None:
    """Why a ticket URL pattern cannot be used, or ``None`` when it can."""
    if len(pattern) > TICKET_PATTERN_MAX:
        return _("%(max)d caractères au plus.", max=TICKET_PATTERN_MAX)
    parts = urlsplit(pattern)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in pattern)
    ):
        return _("Une adresse web complète est attendue (https://…).")
    if (
        pattern.count(TICKET_REF) != 1
        or pattern.replace(TICKET_REF, "").count("{")
        or (pattern.replace(TICKET_REF, "").count("}"))
    ):
        return _("L'adresse doit contenir {ref} une fois, à la place de la référence.")
    return None


def catalog_create(*, actor: User, model: type[_Entry], **values: Any) -> _Entry:
    """Create a product or a category, placed last."""
    ensure_admin(actor)
    clean = _values(model, values, None)
    last = db.session.execute(select(func.max(model.position))).scalar()
    entry = model(**clean, position=(last + 1) if last is not None else 0)
    db.session.add(entry)
    db.session.flush()
    return entry


def catalog_update(*, actor: User, entry: _Entry, **values: Any) -> _Entry:
    ensure_admin(actor)
    for key, value in _values(type(entry), values, entry.id).items():
        setattr(entry, key, value)
    db.session.flush()
    return entry


def catalog_move(*, actor: User, entry: Product | Category, direction: str) -> bool:
    """Move one place up or down in the order; returns False at either end."""
    ensure_admin(actor)
    if direction not in ("up", "down"):
        raise ValidationFailed(_("Direction inconnue."))
    model: Any = type(entry)
    ordered = list(db.session.execute(select(model).order_by(model.position, model.name)).scalars())
    index = ordered.index(entry)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
    db.session.flush()
    return True
