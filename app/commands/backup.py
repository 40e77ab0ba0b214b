"""``flask --app wsgi backup FILE`` and ``flask --app wsgi restore FILE [--force]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services import backup as backup_service


@click.command("backup", help="Sauvegarder toute la base dans FILE (JSON compressé gzip).")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str) -> None:
    with db.engine.connect() as connection, open(path, "wb") as stream:
        # One consistent snapshot on PostgreSQL (REPEATABLE READ, read only).
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            counts = backup_service.dump(connection, stream)
    click.echo(
        f"Sauvegarde écrite dans {path} : {sum(counts.values())} lignes, {len(counts)} tables."
    )


@click.command("restore", help="Restaurer FILE dans une base vide migrée à la même révision.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Vider d'abord une base qui contient des données.")
@with_appcontext
def restore_command(path: str, force: bool) -> None:
    with open(path, "rb") as stream:
        try:
            document = backup_service.read(stream)
        except (OSError, ValueError) as error:
            raise click.ClickException(f"Fichier illisible : {error}") from error
        except backup_service.RestoreRefused as error:
            raise click.ClickException(str(error)) from error
    db.session.remove()
    try:
        with db.engine.begin() as connection:
            counts = backup_service.restore(connection, document, force=force)
    except backup_service.RestoreRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restauration terminée : {sum(counts.values())} lignes, {len(counts)} tables.")
