"""The rows of the file: the header's column names (English or French, without regard to
case or accents), each row's cells, and the check of each row against the catalogue,
the territories, the events and their workshops.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import ngettext
from app.models import Category, Event, Product, Role, Territory, User, Workshop
from app.services import permissions
from app.services.events import fold
from app.services.imports.decoding import FileProblem, decode, delimiter
from app.services.wish_rules import BODY_MAX, TITLE_MAX, TITLE_MIN

COLUMNS = ("title", "body", "product", "category", "territory", "supporters", "workshop", "event")
REQUIRED = ("title", "product", "category", "territory")
_ALIASES = {
    "title": ("title", "titre", "intitule", "souhait"),
    "body": ("body", "description", "corps", "detail", "details"),
    "product": ("product", "produit"),
    "category": ("category", "categorie"),
    "territory": ("territory", "territoire", "territoire deposant", "filing territory"),
    "supporters": (
        "supporters",
        "soutiens",
        "soutien",
        "territoires soutiens",
        "territoires qui soutiennent",
        "supporting territories",
    ),
    "workshop": ("workshop", "atelier"),
    "event": ("event", "rencontre", "evenement", "meeting"),
}
# Headers of the downloadable template, in the reader's language (both are read back).
TEMPLATE_HEADERS = {
    "fr": (
        "titre",
        "description",
        "produit",
        "catégorie",
        "territoire",
        "soutiens",
        "atelier",
        "rencontre",
    ),
    "en": COLUMNS,
}
_HEADER_NAMES = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}


@dataclass
class Row:
    line: int
    values: dict[str, str]
    title: str = ""
    product_id: int | None = None
    category_id: int | None = None
    territory_id: int | None = None
    supporter_ids: list[int] = field(default_factory=list)
    event_id: int | None = None
    workshop_id: int | None = None


def header_key(name: str) -> str | None:
    return _HEADER_NAMES.get(" ".join(fold(name).replace("_", " ").replace("-", " ").split()))


def read_rows(data: bytes) -> list[Row]:
    """Parse the file into rows (with their line numbers); raise FileProblem."""
    text = decode(data)
    if not text.strip():
        raise FileProblem(1, _("le fichier est vide."))
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(header_line))
    header: list[str] | None = None
    rows: list[Row] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [header_key(c) or "" for c in cells]
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    raise FileProblem(
                        start,
                        ngettext(
                            "colonne manquante : %(columns)s (attendu : %(expected)s).",
                            "colonnes manquantes : %(columns)s (attendu : %(expected)s).",
                            len(missing),
                            columns=", ".join(missing),
                            expected=", ".join(COLUMNS),
                        ),
                    )
                continue
            row = Row(line=start, values={})
            if len(cells) > len(header):
                row.values["__extra__"] = str(len(cells))
            for key, cell in zip(header, cells, strict=False):
                if key and key not in row.values:
                    row.values[key] = cell.strip()
            rows.append(row)
    except csv.Error as error:
        raise FileProblem(
            reader.line_num, _("CSV illisible : %(error)s", error=str(error))
        ) from None
    return rows


class Lookup:
    """Find products, categories, territories and workshops by slug or name."""

    def __init__(self) -> None:
        self._folded: dict[str, str] = {}
        self.products = self._index(Product, "name", active_only=True)
        self.categories = self._index(Category, "name", active_only=True)
        self.territories = self._index(Territory, "name", active_only=True)
        self.events = self._index(Event, "name", active_only=False)
        self.event_names = dict(db.session.execute(select(Event.id, Event.name)).tuples().all())
        self.workshops: dict[tuple[int, str], int] = {}
        rows = db.session.execute(
            select(Workshop.id, Workshop.event_id, Workshop.slug, Workshop.title)
        )
        for id_, event_id, slug, title in rows.tuples():
            self.workshops[(event_id, fold(slug))] = id_
            self.workshops.setdefault((event_id, fold(title)), id_)

    def fold(self, value: str) -> str:
        """``fold``, remembered: a file repeats the same names on many rows."""
        folded = self._folded.get(value)
        if folded is None:
            folded = self._folded[value] = fold(value)
        return folded

    @overload
    @staticmethod
    def _index(
        model: type[Product] | type[Category] | type[Territory],
        name_attr: str,
        active_only: bool,
    ) -> dict[str, int]: ...

    # Events have no ``active`` flag.
    @overload
    @staticmethod
    def _index(
        model: type[Event], name_attr: str, active_only: Literal[False]
    ) -> dict[str, int]: ...

    @staticmethod
    def _index(model: Any, name_attr: str, active_only: bool) -> dict[str, int]:
        query = select(model.id, model.slug, getattr(model, name_attr))
        if active_only:
            query = query.where(model.active.is_(True))
        found: dict[str, int] = {}
        for id_, slug, name in db.session.execute(query).tuples():
            found[fold(slug)] = id_
            found.setdefault(fold(name), id_)
        return found


def _missing_text(key: str) -> str:
    return {
        "product": _("produit manquant."),
        "category": _("catégorie manquante."),
        "territory": _("territoire manquant."),
    }[key]


def _unknown_text(key: str) -> str:
    return {
        "product": _("produit inconnu"),
        "category": _("catégorie inconnue"),
        "territory": _("territoire inconnu"),
    }[key]


def check_row(row: Row, lookup: Lookup, author: User, event: Event | None) -> list[str]:
    v = row.values
    messages: list[str] = []
    if "__extra__" in v:
        messages.append(
            _(
                "trop de cellules (%(count)s) : une cellule contenant le séparateur "
                "doit être entre guillemets.",
                count=v["__extra__"],
            )
        )
    row.title = " ".join(v.get("title", "").split())
    if not row.title:
        messages.append(_("titre vide."))
    elif len(row.title) < TITLE_MIN:
        messages.append(_("titre trop court (%(min)d caractères au moins).", min=TITLE_MIN))
    elif len(row.title) > TITLE_MAX:
        messages.append(_("titre trop long (%(max)d caractères au plus).", max=TITLE_MAX))
    if len(v.get("body", "")) > BODY_MAX:
        messages.append(_("description trop longue (%(max)d caractères au plus).", max=BODY_MAX))
    for key, index in (
        ("product", lookup.products),
        ("category", lookup.categories),
        ("territory", lookup.territories),
    ):
        value = v.get(key, "")
        if not value:
            messages.append(_missing_text(key))
        elif lookup.fold(value) not in index:
            messages.append(f"{_unknown_text(key)} « {value} ».")
        else:
            setattr(row, f"{key}_id", index[lookup.fold(value)])
    if (
        author.role == Role.REFERENT
        and row.territory_id is not None
        and row.territory_id != author.territory_id
    ):
        messages.append(_("un référent importe seulement les souhaits de son territoire."))
    for name in (s.strip() for s in v.get("supporters", "").split(";")):
        if not name:
            continue
        if lookup.fold(name) not in lookup.territories:
            messages.append(_("territoire soutien inconnu « %(name)s ».", name=name))
        else:
            territory_id = lookup.territories[lookup.fold(name)]
            if territory_id != row.territory_id and territory_id not in row.supporter_ids:
                row.supporter_ids.append(territory_id)
    row.event_id = event.id if event is not None else None
    event_name = v.get("event", "")
    if event_name:
        if lookup.fold(event_name) not in lookup.events:
            messages.append(_("rencontre inconnue « %(name)s ».", name=event_name))
        else:
            row.event_id = lookup.events[lookup.fold(event_name)]
    workshop = v.get("workshop", "")
    if workshop:
        if row.event_id is None:
            if not event_name:
                messages.append(
                    _("atelier « %(name)s » : indiquez la rencontre (--event).", name=workshop)
                )
        elif (row.event_id, lookup.fold(workshop)) not in lookup.workshops:
            messages.append(
                _(
                    "atelier inconnu « %(name)s » pour la rencontre %(event)s.",
                    name=workshop,
                    event=lookup.event_names.get(row.event_id, ""),
                )
            )
        else:
            row.workshop_id = lookup.workshops[(row.event_id, lookup.fold(workshop))]
    if row.supporter_ids and not permissions.is_staff(author) and row.workshop_id is None:
        messages.append(
            _("un référent enregistre le soutien d'autres territoires seulement en atelier.")
        )
    return messages
