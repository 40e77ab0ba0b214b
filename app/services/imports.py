"""Import wishes from a CSV file (lists typed up after a meeting): all or nothing.

The file is UTF-8 (with or without a byte-order mark), separated by ``,`` or ``;``,
with a header line whose names are matched without regard to case or accents
(English or French: ``title``/``titre``, ``territory``/``territoire``…). Every row is
checked first; if one is wrong, nothing is written and the report says which line and
why. Rows that look like an existing wish are reported as likely duplicates (they are
still imported: a person decides, later, whether to merge them).

``import_wishes`` flushes but never commits: the caller commits when ``report.ok`` and
it is not a dry run, and rolls back otherwise.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Category,
    Event,
    Product,
    Role,
    Territory,
    User,
    Wish,
    WishStatus,
    Workshop,
)
from app.services import permissions
from app.services.errors import ServiceError
from app.services.events import fold
from app.services.wishes import BODY_MAX, TITLE_MAX, TITLE_MIN, wish_create

COLUMNS = ("title", "body", "product", "category", "territory", "supporters", "workshop", "event")
REQUIRED = ("title", "product", "category", "territory")
_ALIASES = {
    "title": ("title", "titre", "intitule", "souhait"),
    "body": ("body", "description", "corps", "detail", "details"),
    "product": ("product", "produit"),
    "category": ("category", "categorie"),
    "territory": ("territory", "territoire", "territoire deposant"),
    "supporters": (
        "supporters",
        "soutiens",
        "soutien",
        "territoires soutiens",
        "territoires qui soutiennent",
    ),
    "workshop": ("workshop", "atelier"),
    "event": ("event", "rencontre", "evenement"),
}
_HEADER_NAMES = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "aux",
        "du",
        "de",
        "la",
        "le",
        "un",
        "et",
        "en",
        "au",
        "a",
        "d",
        "l",
        "ou",
        "plus",
        "sans",
        "son",
        "ses",
        "leur",
        "leurs",
        "the",
        "and",
        "for",
        "with",
    ]
)
SIMILARITY_THRESHOLD = 0.6
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class RowProblem:
    line: int
    messages: list[str]
    title: str = ""


@dataclass
class LikelyDuplicate:
    line: int
    title: str
    wish_id: int | None  # None: an earlier row of the same file
    other_title: str
    other_line: int | None = None
    same_title: bool = False


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    created: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The report as plain text lines (command line, logs)."""
        out = []
        for problem in self.problems:
            where = _("Ligne %(line)d", line=problem.line) if problem.line else _("Fichier")
            out.append(f"{where} : " + " ; ".join(problem.messages))
        for dup in self.duplicates:
            out.append(duplicate_text(dup))
        return out


def duplicate_text(dup: LikelyDuplicate) -> str:
    if dup.wish_id is None:
        return _(
            "Ligne %(line)d : ressemble à la ligne %(other)d (« %(title)s »).",
            line=dup.line,
            other=dup.other_line or 0,
            title=dup.other_title,
        )
    return _(
        "Ligne %(line)d : doublon probable du souhait n° %(id)d « %(title)s ».",
        line=dup.line,
        id=dup.wish_id,
        title=dup.other_title,
    )


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    title: str = ""
    product_id: int | None = None
    category_id: int | None = None
    territory_id: int | None = None
    supporter_ids: list[int] = field(default_factory=list)
    event_id: int | None = None
    workshop_id: int | None = None


class _FileProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _FileProblem(
            line,
            _(
                "encodage invalide (octet %(byte)s) : enregistrez le fichier en UTF-8.",
                byte=f"0x{data[error.start]:02x}",
            ),
        ) from None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def header_key(name: str) -> str | None:
    return _HEADER_NAMES.get(" ".join(fold(name).replace("_", " ").replace("-", " ").split()))


def read_rows(data: bytes) -> list[_Row]:
    """Parse the file into rows (with their line numbers); raise _FileProblem."""
    text = _decode(data)
    if not text.strip():
        raise _FileProblem(1, _("le fichier est vide."))
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    header: list[str] | None = None
    rows: list[_Row] = []
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
                    raise _FileProblem(
                        start,
                        _(
                            "colonne(s) manquante(s) : %(columns)s (attendu : %(expected)s).",
                            columns=", ".join(missing),
                            expected=", ".join(COLUMNS),
                        ),
                    )
                continue
            row = _Row(line=start, values={})
            if len(cells) > len(header):
                row.values["__extra__"] = str(len(cells))
            for key, cell in zip(header, cells, strict=False):
                if key and key not in row.values:
                    row.values[key] = cell.strip()
            rows.append(row)
    except csv.Error as error:
        raise _FileProblem(
            reader.line_num, _("CSV illisible : %(error)s", error=str(error))
        ) from None
    return rows


class _Lookup:
    """Find products, categories, territories and workshops by slug or name."""

    def __init__(self):
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

    @staticmethod
    def _index(model, name_attr: str, active_only: bool) -> dict[str, int]:
        query = select(model.id, model.slug, getattr(model, name_attr))
        if active_only:
            query = query.where(model.active.is_(True))
        found: dict[str, int] = {}
        for id_, slug, name in db.session.execute(query).tuples():
            found[fold(slug)] = id_
            found.setdefault(fold(name), id_)
        return found


def _check_row(row: _Row, lookup: _Lookup, author: User, event: Event | None) -> list[str]:
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
    for key, index, unknown, empty in (
        ("product", lookup.products, _("produit inconnu"), _("produit manquant.")),
        ("category", lookup.categories, _("catégorie inconnue"), _("catégorie manquante.")),
        ("territory", lookup.territories, _("territoire inconnu"), _("territoire manquant.")),
    ):
        value = v.get(key, "")
        if not value:
            messages.append(empty)
        elif fold(value) not in index:
            messages.append(f"{unknown} « {value} ».")
        else:
            setattr(row, f"{key}_id", index[fold(value)])
    if (
        author.role == Role.REFERENT
        and row.territory_id is not None
        and row.territory_id != author.territory_id
    ):
        messages.append(_("un référent importe seulement les souhaits de son territoire."))
    for name in (s.strip() for s in v.get("supporters", "").split(";")):
        if not name:
            continue
        if fold(name) not in lookup.territories:
            messages.append(_("territoire soutien inconnu « %(name)s ».", name=name))
        else:
            territory_id = lookup.territories[fold(name)]
            if territory_id != row.territory_id and territory_id not in row.supporter_ids:
                row.supporter_ids.append(territory_id)
    row.event_id = event.id if event is not None else None
    event_name = v.get("event", "")
    if event_name:
        if fold(event_name) not in lookup.events:
            messages.append(_("rencontre inconnue « %(name)s ».", name=event_name))
        else:
            row.event_id = lookup.events[fold(event_name)]
    workshop = v.get("workshop", "")
    if workshop:
        if row.event_id is None:
            if not event_name:
                messages.append(
                    _("atelier « %(name)s » : indiquez la rencontre (--event).", name=workshop)
                )
        elif (row.event_id, fold(workshop)) not in lookup.workshops:
            messages.append(
                _(
                    "atelier inconnu « %(name)s » pour la rencontre %(event)s.",
                    name=workshop,
                    event=lookup.event_names.get(row.event_id, ""),
                )
            )
        else:
            row.workshop_id = lookup.workshops[(row.event_id, fold(workshop))]
    if row.supporter_ids and not permissions.is_staff(author) and row.workshop_id is None:
        messages.append(
            _("un référent enregistre le soutien d'autres territoires seulement en atelier.")
        )
    return messages


def normalise_title(title: str) -> str:
    return " ".join(_WORD_RE.findall(fold(title)))


def title_words(title: str) -> frozenset[str]:
    return frozenset(
        w for w in _WORD_RE.findall(fold(title)) if len(w) > 2 and w not in _STOP_WORDS
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class _DuplicateFinder:
    """Existing wishes by normalised title and by significant words (two indexes)."""

    def __init__(self):
        self.by_title: dict[str, tuple[int | None, str, int | None]] = {}
        self.words: dict[int, frozenset[str]] = {}
        self.titles: dict[int, tuple[int | None, str, int | None]] = {}
        self.index: dict[str, set[int]] = defaultdict(set)
        rows = db.session.execute(
            select(Wish.id, Wish.title).where(Wish.status != WishStatus.DUPLICATE)
        ).tuples()
        for wish_id, title in rows:
            self.add(title, wish_id=wish_id)

    def add(self, title: str, *, wish_id: int | None = None, line: int | None = None) -> None:
        key = len(self.titles)
        entry = (wish_id, title, line)
        self.titles[key] = entry
        self.by_title.setdefault(normalise_title(title), entry)
        words = title_words(title)
        self.words[key] = words
        for word in words:
            self.index[word].add(key)

    def find(self, title: str) -> tuple[tuple[int | None, str, int | None], bool] | None:
        exact = self.by_title.get(normalise_title(title))
        if exact is not None:
            return exact, True
        words = title_words(title)
        shared: dict[int, int] = defaultdict(int)
        for word in words:
            for key in self.index.get(word, ()):
                shared[key] += 1
        best, best_score = None, 0.0
        for key, count in shared.items():
            if count < 2:
                continue
            score = similarity(words, self.words[key])
            if score >= SIMILARITY_THRESHOLD and score > best_score:
                best, best_score = key, score
        return (self.titles[best], False) if best is not None else None


def default_author() -> User | None:
    """The first active administrator (author of imported wishes by default)."""
    return db.session.execute(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True)).order_by(User.id)
    ).scalar()


def import_wishes(
    *,
    data: bytes,
    author: User,
    event: Event | None = None,
    dry_run: bool = False,
    progress: Callable[[int, str], AbstractContextManager] | None = None,
) -> ImportReport:
    """Check every row, then (unless a dry run or a row is wrong) file every wish.

    ``progress(length, label)`` (e.g. ``app.progress.progress``) draws a bar while
    the wishes are filed.
    """
    report = ImportReport(dry_run=dry_run)
    if not permissions.can_file_wish(author):
        report.problems.append(RowProblem(0, [_("Ce compte ne peut pas déposer de souhaits.")]))
        return report
    if len(data) > MAX_FILE_BYTES:
        report.problems.append(RowProblem(0, [_("Fichier trop gros (5 Mo au plus).")]))
        return report
    try:
        rows = read_rows(data)
    except _FileProblem as problem:
        report.problems.append(RowProblem(problem.line, [problem.message]))
        return report
    report.rows = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, [_("Aucune ligne de souhait dans le fichier.")]))
        return report
    lookup = _Lookup()
    finder = _DuplicateFinder()
    for row in rows:
        messages = _check_row(row, lookup, author, event)
        if messages:
            report.problems.append(RowProblem(row.line, messages, row.title))
        elif (match := finder.find(row.title)) is not None:
            (wish_id, other_title, other_line), same = match
            report.duplicates.append(
                LikelyDuplicate(row.line, row.title, wish_id, other_title, other_line, same)
            )
        if not messages:
            finder.add(row.title, line=row.line)
    if report.problems or dry_run:
        return report
    with (progress or _no_progress)(len(rows), _("Import des souhaits")) as bar:
        for row in rows:
            _file_row(row, report, author)
            bar.update(1)
    if report.problems:
        report.created = []
    return report


@contextmanager
def _no_progress(_length: int, _label: str) -> Iterator:
    class _Silent:
        def update(self, _n: int) -> None:
            pass

    yield _Silent()


def _file_row(row: _Row, report: ImportReport, author: User) -> None:
    try:
        wish = wish_create(
            author=author,
            title=row.title,
            body=row.values.get("body", ""),
            product_id=row.product_id,
            category_id=row.category_id,
            territory_id=row.territory_id,
            event_id=row.event_id,
            workshop_id=row.workshop_id,
            supporter_territory_ids=row.supporter_ids,
        )
    except ServiceError as error:
        details = list(error.fields.values()) or [error.message]
        report.problems.append(RowProblem(row.line, details, row.title))
    else:
        report.created.append(wish.id)
