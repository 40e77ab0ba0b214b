"""Events (rencontres) and their workshops (ateliers); who captures wishes at a workshop."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Event, User, Wish, Workshop
from app.services import permissions
from app.services.dates import check_dates
from app.services.errors import PermissionDenied, ValidationFailed

NAME_MAX = 160
SLUG_MAX = 80
LOCATION_MAX = 120
RESERVED_SLUGS = frozenset({"new", "import"})  # page names under /events/
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def fold(text: str | None) -> str:
    """Lower case without accents and with single spaces: for loose comparisons."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].strip("-")


def _check_event_fields(
    *,
    event: Event | None,
    name: str,
    slug: str,
    location: str,
    starts_on: date | None,
    ends_on: date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 3 <= len(name) <= NAME_MAX:
        errors["name"] = _("Le nom doit faire entre 3 et %(max)d caractères.", max=NAME_MAX)
    if not slug or len(slug) > SLUG_MAX or not _SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        errors["slug"] = _(
            "L'identifiant ne contient que des minuscules, des chiffres et des tirets."
        )
    else:
        taken = db.session.execute(select(Event.id).where(Event.slug == slug)).scalar()
        if taken is not None and (event is None or taken != event.id):
            errors["slug"] = _("Une autre rencontre utilise déjà cet identifiant.")
    if len(location) > LOCATION_MAX:
        errors["location"] = _("Le lieu est trop long (%(max)d caractères au plus).", max=120)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("La fin ne peut pas précéder le début.")
    return check_dates(errors, starts_on=starts_on, ends_on=ends_on)


def _workshop_titles(titles: Iterable[str]) -> tuple[list[tuple[str, str, str]], str | None]:
    """(title, slug, topic) in order, or an error message; a line is ``title | topic``."""
    result: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for raw in titles:
        title, _bar, topic = (raw or "").partition("|")
        title = " ".join(title.split())
        if not title:
            continue
        slug = slugify(title)
        if len(title) > NAME_MAX or not slug:
            return [], _("Atelier « %(title)s » : titre invalide.", title=title[:40])
        if slug in seen:
            return [], _("L'atelier « %(title)s » apparaît deux fois.", title=title)
        seen.add(slug)
        result.append((title, slug, " ".join(topic.split())))
    return result, None


def event_save(
    *,
    actor: User,
    event: Event | None = None,
    name: str,
    slug: str = "",
    location: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    description: str = "",
    workshop_titles: Iterable[str] = (),
    host_territory_id: int | None = None,
    dots_per_territory: int | None = None,
    registered_territory_ids: Iterable[int] | None = None,
) -> Event:
    """Create (``event=None``) or edit an event, its programme and its registrations.

    The admin, or a referent for a meeting their territory hosts (a regional committee's
    referent: hosted in their region). Workshops are given in order, ``title | topic``
    each; a workshop whose title disappears is removed, unless wishes were captured in it.
    """
    from app.services import rencontre

    if not rencontre.can_prepare_event(actor, event) or not rencontre.may_host(
        actor,
        host_territory_id
        if host_territory_id is not None
        else (event.host_territory_id if event is not None else None),
    ):
        raise PermissionDenied(
            _("Seuls l'administrateur et le référent du territoire hôte préparent la rencontre.")
        )
    name = " ".join((name or "").split())
    slug = (slug or "").strip().lower() or slugify(name)
    location = " ".join((location or "").split())
    errors = _check_event_fields(
        event=event, name=name, slug=slug, location=location, starts_on=starts_on, ends_on=ends_on
    )
    workshops, workshop_error = _workshop_titles(workshop_titles)
    if workshop_error:
        errors["workshops"] = workshop_error
    existing = {w.slug: w for w in event.workshops} if event is not None else {}
    removed = [w for s, w in existing.items() if s not in {slug for _t, slug, _p in workshops}]
    if dots_per_territory is not None and not 1 <= dots_per_territory <= 20:
        errors["dots_per_territory"] = _("Entre 1 et 20 gommettes.")
    if removed and not errors:
        used = set(
            db.session.execute(
                select(Wish.workshop_id)
                .where(Wish.workshop_id.in_([w.id for w in removed]))
                .distinct()
            ).scalars()
        )
        kept = [w.title for w in removed if w.id in used]
        if kept:
            errors["workshops"] = _(
                "Ces ateliers ont des souhaits et ne peuvent pas être retirés : %(titles)s.",
                titles=", ".join(kept),
            )
    if errors:
        raise ValidationFailed(_("La rencontre n'a pas été enregistrée."), fields=errors)
    if event is None:
        event = Event(name=name, slug=slug)
        db.session.add(event)
    event.name = name
    event.slug = slug
    event.location = location
    event.starts_on = starts_on
    event.ends_on = ends_on
    event.description = (description or "").strip()
    if host_territory_id is not None or permissions.is_admin(actor):
        event.host_territory_id = host_territory_id
    if dots_per_territory is not None:
        event.dots_per_territory = dots_per_territory
    db.session.flush()
    for unused in removed:
        db.session.delete(unused)
    db.session.flush()
    for position, (title, workshop_slug, topic) in enumerate(workshops):
        workshop = existing.get(workshop_slug)
        if workshop is None:
            workshop = Workshop(event_id=event.id, slug=workshop_slug)
            db.session.add(workshop)
        workshop.title = title
        workshop.position = position
        workshop.topic = topic
    db.session.flush()
    if registered_territory_ids is not None:
        rencontre.event_registrations_set(
            actor=actor, event=event, territory_ids=registered_territory_ids
        )
    db.session.expire(event, ["workshops"])
    return event


def can_capture(user: User | None) -> bool:
    """Referents and the vendor (and admins) capture wishes during a workshop."""
    return permissions.can_file_wish(user)
