"""Import wishes from a CSV file (lists typed up after a meeting): all or nothing.

The file is UTF-8 (with or without a byte-order mark) or Windows-1252 (French Excel's
"CSV (séparateur : point-virgule)"), detected, separated by ``,`` or ``;``,
with a header line whose names are matched without regard to case or accents
(English or French: ``title``/``titre``, ``territory``/``territoire``…). Every row is
checked first; if one is wrong, nothing is written and the report says which line and
why. A row identical to a wish already in the database (same title, territory and
event: the same file imported twice) is skipped unless asked otherwise. Rows that look
like an existing wish are reported as likely duplicates (they are still imported: a
person decides, later, whether to merge them). What one import may cost is bounded
(bytes, and on request rows and seconds); the duplicate check is near-linear.

``import_wishes`` flushes but never commits: the caller commits when ``report.ok`` and
it is not a dry run, and rolls back otherwise.
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, overload

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import joined, ngettext, punctuation
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
# Bounds on what one import may cost (the web upload adds a row and a time limit).
MAX_FILE_BYTES = 5 * 1024 * 1024
WEB_MAX_ROWS = 2_000
WEB_MAX_SECONDS = 20
# Bounds on the duplicate check per row: titles listed under one word, titles scored.
MAX_POSTINGS = 2_000
MAX_CANDIDATES = 100


class ProgressBar(Protocol):
    """What the import needs of a progress bar (e.g. ``click.progressbar``'s)."""

    def update(self, n_steps: int, /) -> None: ...


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
class SkippedRow:
    line: int
    title: str
    wish_id: int


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    max_bytes: int = MAX_FILE_BYTES
    max_rows: int | None = None
    max_seconds: float | None = None
    # which bound stopped the import: "bytes", "rows", "time" (None: none did)
    bounded: str | None = None
    # rows whose duplicate search stopped at MAX_CANDIDATES titles
    capped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def limits_text(self) -> str:
        """The bounds this import ran under, for the report."""
        parts = [_("%(size)s Mo", size=f"{self.max_bytes / (1024 * 1024):g}")]
        if self.max_rows is not None:
            parts.append(ngettext("%(num)d ligne", "%(num)d lignes", self.max_rows))
        if self.max_seconds is not None:
            parts.append(_("%(seconds)s s", seconds=f"{self.max_seconds:g}"))
        return _("Limites de cet import : %(limits)s.", limits=", ".join(parts))

    def capped_text(self) -> str:
        return capped_text(self.capped)

    def lines(self) -> list[str]:
        """The report as plain text lines (command line, logs)."""
        out = []
        for problem in self.problems:
            where = _("Ligne %(line)d", line=problem.line) if problem.line else _("Fichier")
            out.append(where + punctuation(":") + " " + joined(problem.messages))
        for skipped in self.skipped:
            out.append(skipped_text(skipped))
        for dup in self.duplicates:
            out.append(duplicate_text(dup))
        if self.capped:
            out.append(capped_text(self.capped))
        out.append(self.limits_text())
        return out


def skipped_text(skipped: SkippedRow) -> str:
    return _(
        "Ligne %(line)d : déjà importée (souhait n° %(id)d, même titre, territoire et "
        "rencontre), ignorée.",
        line=skipped.line,
        id=skipped.wish_id,
    )


def capped_text(count: int) -> str:
    return ngettext(
        "Recherche de doublons écourtée pour %(num)d ligne (titre aux mots trop courants).",
        "Recherche de doublons écourtée pour %(num)d lignes (titres aux mots trop courants).",
        count,
    )


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


# A UTF-8 multi-byte sequence (an accented letter as UTF-8 writes it).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark,
    or Windows-1252 (what French Excel writes for "CSV (séparateur : point-virgule)").

    A file that is not UTF-8 is read as Windows-1252 unless that cannot be right: bytes
    Windows-1252 leaves undefined, NUL characters (a binary file), or UTF-8 accents
    mixed with other bytes (two encodings in one file). Only those are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _FileProblem(
                1, _("encodage illisible : le fichier UTF-16 est tronqué ou abîmé.")
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _decode_windows_1252(data, error.start)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _FileProblem(
            line, _("ce fichier n'est pas un texte CSV (caractère nul) : enregistrez-le en CSV.")
        )
    return text


def _decode_windows_1252(data: bytes, bad_utf8_at: int) -> str:
    def refuse(position: int, reason: str) -> _FileProblem:
        return _FileProblem(
            data[:position].count(b"\n") + 1,
            _(
                "encodage illisible (octet %(byte)s) : %(reason)s Enregistrez le fichier en "
                "CSV UTF-8 ou en CSV (séparateur : point-virgule).",
                byte=f"0x{data[position]:02x}",
                reason=reason,
            ),
        )

    if _UTF8_SEQUENCE.search(data[:bad_utf8_at]):
        raise refuse(bad_utf8_at, _("le fichier mélange deux encodages (UTF-8 et un autre)."))
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise refuse(error.start, _("ni UTF-8 ni Windows-1252.")) from None


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
                        ngettext(
                            "colonne manquante : %(columns)s (attendu : %(expected)s).",
                            "colonnes manquantes : %(columns)s (attendu : %(expected)s).",
                            len(missing),
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


def normalise_title(title: str) -> str:
    return " ".join(_WORD_RE.findall(fold(title)))


def title_words(title: str) -> frozenset[str]:
    return frozenset(
        w for w in _WORD_RE.findall(fold(title)) if len(w) > 2 and w not in _STOP_WORDS
    )


class _DuplicateFinder:
    """Likely duplicates among existing wishes and earlier rows, in near-linear time.

    Titles are compared as sets of significant words (Jaccard similarity, at least two
    words in common). Instead of scoring a row against every earlier title, each title
    is indexed once under the rarest words of its set (prefix filtering: with words in
    a fixed order, rarest first, two sets this similar always share one of the first
    ``n - ceil(t * n) + 1`` words of each), so a row is only scored against the few
    titles that share one of its rare words, and the first close enough is reported.
    Each word's list and the candidates scored per row are capped; the rows whose search
    reached the cap are counted in the report.
    """

    def __init__(self, existing: list[tuple[int, str]], new_titles: list[str]):
        self.by_title: dict[str, tuple[int | None, str, int | None]] = {}
        self.by_words: dict[frozenset[str], int] = {}
        self.entries: list[tuple[int | None, str, int | None]] = []
        self.words: list[frozenset[str]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.capped = 0
        self._words: dict[str, frozenset[str]] = {}
        self._keys: dict[str, str] = {}
        frequency: Counter[str] = Counter()
        for _wish_id, title in existing:
            frequency.update(self.words_of(title))
        for title in new_titles:
            frequency.update(self.words_of(title))
        self.frequency = frequency
        for wish_id, title in existing:
            self.add(title, wish_id=wish_id)

    def words_of(self, title: str) -> frozenset[str]:
        words = self._words.get(title)
        if words is None:
            words = self._words[title] = title_words(title)
        return words

    def key_of(self, title: str) -> str:
        key = self._keys.get(title)
        if key is None:
            key = self._keys[title] = normalise_title(title)
        return key

    def _prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda w: (self.frequency[w], w))
        keep = len(ordered) - math.ceil(SIMILARITY_THRESHOLD * len(ordered) - 1e-9) + 1
        return ordered[:keep]

    def add(self, title: str, *, wish_id: int | None = None, line: int | None = None) -> None:
        entry = (wish_id, title, line)
        self.by_title.setdefault(self.key_of(title), entry)
        words = self.words_of(title)
        if len(words) < 2 or words in self.by_words:
            # an equal word set is already indexed and wins every tie
            return
        key = len(self.entries)
        self.entries.append(entry)
        self.words.append(words)
        self.by_words[words] = key
        for word in self._prefix(words):
            postings = self.index[word]
            if len(postings) < MAX_POSTINGS:
                postings.append(key)

    def find(self, title: str) -> tuple[tuple[int | None, str, int | None], bool] | None:
        exact = self.by_title.get(self.key_of(title))
        if exact is not None:
            return exact, True
        words = self.words_of(title)
        if len(words) < 2:
            return None
        if (same := self.by_words.get(words)) is not None:
            return self.entries[same], False
        low, high = SIMILARITY_THRESHOLD * len(words), len(words) / SIMILARITY_THRESHOLD
        seen: set[int] = set()
        # candidates come rarest shared word first: the first close enough is reported
        for word in self._prefix(words):
            for key in self.index.get(word, ()):
                if key in seen:
                    continue
                if len(seen) >= MAX_CANDIDATES:
                    self.capped += 1
                    return None
                seen.add(key)
                other = self.words[key]
                if not low - 1e-9 <= len(other) <= high + 1e-9:
                    continue
                shared = len(words & other)
                if shared >= 2 and shared >= SIMILARITY_THRESHOLD * (
                    len(words) + len(other) - shared
                ):
                    return self.entries[key], False
        return None


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
    allow_duplicates: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    max_rows: int | None = None,
    max_seconds: float | None = None,
    progress: Callable[[int, str], AbstractContextManager[ProgressBar]] | None = None,
) -> ImportReport:
    """Check every row, then (unless a dry run or a row is wrong) file every wish.

    A row identical to a wish already in the database (same title, territory and
    event) is skipped unless ``allow_duplicates``. ``max_bytes``, ``max_rows`` and
    ``max_seconds`` bound the work: past one, nothing is written and the report says
    which bound was reached.
    ``progress(length, label)`` (e.g. ``app.progress.progress``) draws a bar while
    the wishes are filed.
    """
    report = ImportReport(
        dry_run=dry_run, max_bytes=max_bytes, max_rows=max_rows, max_seconds=max_seconds
    )
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    if not permissions.can_file_wish(author):
        report.problems.append(RowProblem(0, [_("Ce compte ne peut pas déposer de souhaits.")]))
        return report
    if len(data) > max_bytes:
        report.problems.append(
            RowProblem(
                0,
                [
                    _(
                        "Fichier trop gros (%(size)s Mo au plus) : découpez-le en plusieurs "
                        "fichiers.",
                        size=f"{max_bytes / (1024 * 1024):g}",
                    )
                ],
            )
        )
        report.bounded = "bytes"
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
    if max_rows is not None and len(rows) > max_rows:
        report.problems.append(
            RowProblem(
                0,
                [
                    _(
                        "Trop de lignes : %(rows)d (%(max)d au plus par import) : découpez "
                        "le fichier.",
                        rows=len(rows),
                        max=max_rows,
                    )
                ],
            )
        )
        report.bounded = "rows"
        return report
    lookup = _Lookup()
    existing = (
        db.session.execute(
            select(Wish.id, Wish.title, Wish.territory_id, Wish.event_id, Wish.status).order_by(
                Wish.id
            )
        )
        .tuples()
        .all()
    )
    finder = _DuplicateFinder(
        [
            (wish_id, title)
            for wish_id, title, *_, status in existing
            if status != WishStatus.DUPLICATE
        ],
        [" ".join(r.values.get("title", "").split()) for r in rows],
    )
    already: dict[tuple[str, int | None, int | None], int] = {}
    for wish_id, title, territory_id, event_id, _status in existing:
        already.setdefault((finder.key_of(title), territory_id, event_id), wish_id)
    to_file: list[_Row] = []
    for count, row in enumerate(rows):
        if deadline is not None and count % 100 == 0 and _past(deadline, report):
            return report
        messages = _check_row(row, lookup, author, event)
        if messages:
            report.problems.append(RowProblem(row.line, messages, row.title))
            continue
        same = already.get((finder.key_of(row.title), row.territory_id, row.event_id))
        if same is not None and not allow_duplicates:
            report.skipped.append(SkippedRow(row.line, row.title, same))
            continue
        if (match := finder.find(row.title)) is not None:
            (match_id, other_title, other_line), same_title = match
            report.duplicates.append(
                LikelyDuplicate(row.line, row.title, match_id, other_title, other_line, same_title)
            )
        finder.add(row.title, line=row.line)
        to_file.append(row)
    report.capped = finder.capped
    if report.problems or dry_run:
        return report
    with (progress or _no_progress)(len(to_file), _("Import des souhaits")) as bar:
        for count, row in enumerate(to_file):
            if deadline is not None and count % 50 == 0 and _past(deadline, report):
                break
            _file_row(row, report, author)
            bar.update(1)
    if report.problems:
        report.created = []
    return report


def _past(deadline: float, report: ImportReport) -> bool:
    """Record the time bound as the import's problem once it is reached."""
    if time.monotonic() < deadline:
        return False
    report.bounded = "time"
    report.problems.append(
        RowProblem(
            0,
            [
                _(
                    "Import interrompu après %(seconds)s s (durée maximale d'un import) : "
                    "rien n'a été importé ; découpez le fichier.",
                    seconds=f"{report.max_seconds:g}",
                )
            ],
        )
    )
    return True


@contextmanager
def _no_progress(_length: int, _label: str) -> Iterator[ProgressBar]:
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
