"""The rows of the file: the header's column names (English or French, without regard to
case or accents), each row's cells, and the check of each row: its names looked up in
the catalogue, the territories, the events and their workshops (indexed once per file),
then the wish's rules (``wish_rules``), as the form and the API apply them.
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
from app.models import Category, Event, Product, Territory, User, Workshop
from app.services.events import fold
from app.services.imports.decoding import FileProblem, decode, delimiter
from app.services.wish_rules import (
    Ref,
    Unknown,
    WishContent,
    WishFiling,
    clean_title,
    wish_problems,
)

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
    title: str = ""  # as it will be stored
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
            row.title = clean_title(row.values.get("title"))
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
        self.workshops: dict[tuple[int, str], int] = {}
        rows = db.session.execute(
            select(Workshop.id, Workshop.event_id, Workshop.slug, Workshop.title)
        )
        for id_, event_id, slug, title in rows.tuples():
            self.workshops[(event_id, fold(slug))] = id_
            self.workshops.setdefault((event_id, fold(title)), id_)

    def find(self, index: dict[str, int], value: str) -> Ref:
        """The id ``value`` names in ``index``, the name that found none, or None when
        the cell is blank."""
        if not value:
            return None
        found = index.get(self.fold(value))
        return Unknown(value) if found is None else found

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


def _id(ref: Ref) -> int | None:
    return ref if isinstance(ref, int) else None


def check_row(row: Row, lookup: Lookup, author: User, event: Event | None) -> list[str]:
    """Every problem of the row, in the words of ``wish_rules`` (as the form and the API
    say them), after the file's own: too many cells, a workshop without its event.
    Fills the row's ids from ``lookup``: no query."""
    v = row.values
    messages: list[str] = []
    if "__extra__" in v:
        messages.append(
            _(
                "Trop de cellules (%(count)s) : une cellule contenant le séparateur "
                "doit être entre guillemets.",
                count=v["__extra__"],
            )
        )
    content = WishContent(
        row.title,
        v.get("body"),
        lookup.find(lookup.products, v.get("product", "")),
        lookup.find(lookup.categories, v.get("category", "")),
    )
    territory = lookup.find(lookup.territories, v.get("territory", ""))
    supporters = [
        lookup.find(lookup.territories, name.strip())
        for name in v.get("supporters", "").split(";")
        if name.strip()
    ]
    event_ref, workshop = _occasion(v, lookup, event, messages)
    problems = wish_problems(
        content, WishFiling(author, territory, supporters, event_ref, workshop)
    )
    messages.extend(problems.fields.values())
    row.product_id, row.category_id = _id(content.product), _id(content.category)
    row.territory_id, row.event_id, row.workshop_id = _id(territory), _id(event_ref), _id(workshop)
    for supporter in supporters:
        if isinstance(supporter, int) and supporter not in (row.territory_id, *row.supporter_ids):
            row.supporter_ids.append(supporter)
    return messages


def _occasion(
    v: dict[str, str], lookup: Lookup, event: Event | None, messages: list[str]
) -> tuple[Ref, Ref]:
    """The row's event (its own column, else the one the whole file was imported for)
    and its workshop, looked up within that event."""
    named = v.get("event", "")
    event_ref: Ref = lookup.find(lookup.events, named) if named else (event.id if event else None)
    workshop = v.get("workshop", "")
    if not workshop or isinstance(event_ref, Unknown):
        return event_ref, None
    if event_ref is None:
        messages.append(_("Atelier « %(name)s » : indiquez la rencontre (--event).", name=workshop))
        return None, None
    found = lookup.workshops.get((event_ref, lookup.fold(workshop)))
    return event_ref, Unknown(workshop) if found is None else found
