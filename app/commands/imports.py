from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import ngettext
from app.models import Event, User
from app.progress import progress
from app.services import accounts
from app.services.imports import MAX_FILE_BYTES, default_author, import_wishes


@click.group("import", help="Import data from files.")
def import_group() -> None:
    pass


@import_group.command("wishes")
@click.argument("file", type=click.File("rb"))
@click.option("--event", "event_slug", help="Slug of the event the wishes were written at.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--as", "author_email", help="Author's e-mail (default: the first active admin).")
@click.option(
    "--allow-duplicates",
    is_flag=True,
    help="Import rows identical to an existing wish (same title, territory, event) again.",
)
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=MAX_FILE_BYTES / (1024 * 1024),
    show_default=True,
    help="Refuse a larger file (megabytes).",
)
@click.option(
    "--max-rows", type=click.IntRange(min=1), help="Refuse a file with more rows than this."
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0, min_open=True),
    help="Stop (writing nothing) when the import takes longer than this.",
)
@with_appcontext
def import_wishes_command(
    file, event_slug, dry_run, author_email, allow_duplicates, max_mb, max_rows, max_seconds
) -> None:
    """Import wishes from a CSV file: all rows or none (exit code 1 if any is wrong).

    UTF-8 or Windows-1252 (French Excel), separated by "," or ";".
    """
    event = None
    if event_slug:
        event = db.session.execute(select(Event).where(Event.slug == event_slug)).scalar()
        if event is None:
            raise click.UsageError(f"Unknown event: {event_slug}")
    author: User | None
    if author_email:
        author = accounts.find_user_by_email(author_email)
        if author is None or not author.active:
            raise click.UsageError(f"Unknown or inactive user: {author_email}")
    else:
        author = default_author()
        if author is None:
            raise click.UsageError("No active administrator: pass --as EMAIL.")
    max_bytes = int(max_mb * 1024 * 1024)
    report = import_wishes(
        data=file.read(max_bytes + 1),
        author=author,
        event=event,
        dry_run=dry_run,
        allow_duplicates=allow_duplicates,
        max_bytes=max_bytes,
        max_rows=max_rows,
        max_seconds=max_seconds,
        progress=progress,
    )
    for line in report.lines():
        click.echo(line, err=not report.ok)
    if not report.ok:
        db.session.rollback()
        raise click.ClickException(
            ngettext(
                "Import refusé : %(num)d ligne en erreur, aucun souhait importé.",
                "Import refusé : %(num)d lignes en erreur, aucun souhait importé.",
                len(report.problems),
            )
        )
    skipped = ngettext(
        "%(num)d ligne déjà importée ignorée",
        "%(num)d lignes déjà importées ignorées",
        len(report.skipped),
    )
    duplicates = ngettext(
        "%(num)d doublon probable à vérifier",
        "%(num)d doublons probables à vérifier",
        len(report.duplicates),
    )
    if dry_run:
        db.session.rollback()
        to_import = ngettext(
            "%(num)d souhait à importer",
            "%(num)d souhaits à importer",
            report.rows - len(report.skipped),
        )
        click.echo(
            _(
                "Essai : %(wishes)s, %(skipped)s, %(duplicates)s. Rien n'a été écrit.",
                wishes=to_import,
                skipped=skipped,
                duplicates=duplicates,
            )
        )
        return
    db.session.commit()
    created = ngettext("%(num)d souhait importé", "%(num)d souhaits importés", len(report.created))
    click.echo(
        _(
            "%(wishes)s, %(skipped)s, %(duplicates)s.",
            wishes=created,
            skipped=skipped,
            duplicates=duplicates,
        )
    )
