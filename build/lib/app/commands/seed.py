from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from app.extensions import db


@click.group("seed", help="Fill the database with demo or scale data.")
def seed_group() -> None:
    pass


@seed_group.command("demo")
@with_appcontext
def seed_demo_command() -> None:
    """Apply migrations, then create the French demo data set (idempotent)."""
    from app.demo.seed import seed_demo

    upgrade()
    counts = seed_demo()
    db.session.commit()
    click.echo(
        "Données de démonstration prêtes (personnes fictives) : "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
