"""The report of one import: each wrong row, likely duplicate and skipped row, the wishes
created and the bounds the import ran under, as text for the page and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.i18n import ngettext, punctuation

# Bounds on what one import may cost (the web upload adds a row and a time limit).
MAX_FILE_BYTES = 5 * 1024 * 1024
WEB_MAX_ROWS = 2_000
WEB_MAX_SECONDS = 20


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
            # Each message is a sentence of its own.
            out.append(where + punctuation(":") + " " + " ".join(problem.messages))
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
