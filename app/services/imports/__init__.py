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
it is not a dry run, and rolls back otherwise. The file's encoding and separator are
read in ``decoding``, its rows parsed and checked in ``rows``, the likely duplicates
found in ``duplicates``, and the outcome told in ``report``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Event, Product, Role, Territory, User, Wish, WishStatus, Workshop
from app.services import permissions
from app.services.errors import ServiceError
from app.services.imports.decoding import FileProblem
from app.services.imports.duplicates import (
    SIMILARITY_THRESHOLD,
    DuplicateFinder,
    normalise_title,
    title_words,
)
from app.services.imports.report import (
    MAX_FILE_BYTES,
    WEB_MAX_ROWS,
    WEB_MAX_SECONDS,
    ImportReport,
    LikelyDuplicate,
    RowProblem,
    SkippedRow,
)
from app.services.imports.rows import (
    COLUMNS,
    TEMPLATE_HEADERS,
    Lookup,
    Row,
    check_row,
    header_key,
    read_rows,
)
from app.services.wishes import wish_create, wishes_counted

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "SIMILARITY_THRESHOLD",
    "TEMPLATE_HEADERS",
    "WEB_MAX_ROWS",
    "WEB_MAX_SECONDS",
    "ImportReport",
    "LikelyDuplicate",
    "ProgressBar",
    "RowProblem",
    "SkippedRow",
    "default_author",
    "header_key",
    "import_wishes",
    "normalise_title",
    "read_rows",
    "title_words",
]


# Wishes filed before their counters are counted, all together in a few set-based
# statements: counting them one by one costs as much per wish as per batch.
COUNTED_TOGETHER = 500


class ProgressBar(Protocol):
    """What the import needs of a progress bar (e.g. ``click.progressbar``'s)."""

    def update(self, n_steps: int, /) -> None: ...


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
    except FileProblem as problem:
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
    lookup = Lookup()
    existing = (
        db.session.execute(
            select(Wish.id, Wish.title, Wish.territory_id, Wish.event_id, Wish.status).order_by(
                Wish.id
            )
        )
        .tuples()
        .all()
    )
    finder = DuplicateFinder(
        [
            (wish_id, title)
            for wish_id, title, *_, status in existing
            if status != WishStatus.DUPLICATE
        ],
        [r.title for r in rows],
    )
    already: dict[tuple[str, int | None, int | None], int] = {}
    for wish_id, title, territory_id, event_id, _status in existing:
        already.setdefault((finder.key_of(title), territory_id, event_id), wish_id)
    to_file: list[Row] = []
    for count, row in enumerate(rows):
        if deadline is not None and count % 100 == 0 and _past(deadline, report):
            return report
        messages = check_row(row, lookup, author, event)
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
    # Filing reads each row's product, category, territories, event and workshop by id:
    # held here, they are found in the session instead of being read again for each row.
    held = _referenced(to_file)
    with (progress or _no_progress)(len(to_file), _("Import des souhaits")) as bar:
        counted = 0
        for count, row in enumerate(to_file):
            if deadline is not None and count % 50 == 0 and _past(deadline, report):
                break
            _file_row(row, report, author)
            bar.update(1)
            if len(report.created) - counted >= COUNTED_TOGETHER:
                wishes_counted(report.created[counted:])
                counted = len(report.created)
        wishes_counted(report.created[counted:])
    del held
    if report.problems:
        report.created = []
    return report


def _referenced(rows: list[Row]) -> list[object]:
    """The products, categories, territories, events and workshops ``rows`` name."""
    wanted: dict[type[Product | Category | Territory | Event | Workshop], set[int | None]] = {
        Product: {r.product_id for r in rows},
        Category: {r.category_id for r in rows},
        Territory: {r.territory_id for r in rows} | {i for r in rows for i in r.supporter_ids},
        Event: {r.event_id for r in rows},
        Workshop: {r.workshop_id for r in rows},
    }
    held: list[object] = []
    for model, ids in wanted.items():
        ids.discard(None)
        if ids:
            held += db.session.scalars(select(model).where(model.id.in_(ids))).all()
    return held


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


def _file_row(row: Row, report: ImportReport, author: User) -> None:
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
            counted=False,
        )
    except ServiceError as error:
        details = list(error.fields.values()) or [error.message]
        report.problems.append(RowProblem(row.line, details, row.title))
    else:
        report.created.append(wish.id)
