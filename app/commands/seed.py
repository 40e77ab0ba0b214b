from __future__ import annotations

from collections.abc import Mapping

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from app.extensions import db


@click.group("seed", help="Fill the database with demo or scale data.")
def seed_group() -> None:
    pass


def _echo_counts(title: str, counts: Mapping[str, int]) -> None:
    click.echo(f"{title} : " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@seed_group.command("demo")
@with_appcontext
def seed_demo_command() -> None:
    """Apply migrations, then create the French demo data set (idempotent)."""
    from app.demo.seed import seed_demo

    upgrade()
    counts = seed_demo()
    db.session.commit()
    _echo_counts("Données de démonstration prêtes (personnes fictives)", counts)


@seed_group.command("synthetic")
@click.option("--wishes", type=click.IntRange(min=0), required=True, help="Number of wishes.")
@click.option("--territories", type=click.IntRange(min=1), default=300, show_default=True)
@click.option(
    "--users",
    type=click.IntRange(min=1),
    default=None,
    help="Referents (default: 5 per territory or wishes/20, the larger).",
)
@click.option(
    "--votes", type=click.IntRange(min=0), default=None, help="Votes (default: 10 per wish)."
)
@click.option(
    "--roadmap-items",
    type=click.IntRange(min=0),
    default=None,
    help="Roadmap items (default: one per 200 wishes, at least 1).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@with_appcontext
def seed_synthetic_command(
    wishes: int,
    territories: int,
    users: int | None,
    votes: int | None,
    roadmap_items: int | None,
    seed: int,
) -> None:
    """Fill an EMPTY, migrated database with scale data for benchmarks.

    French-like wishes with Zipf-like support (a few very popular, most with a handful
    of supporters), comments, roadmap items with links and history, written in bulk.
    Support counters equal the vote rows. Refuses (exit code 1) when the database
    already holds wishes: it never mixes synthetic rows with real ones. Synthetic
    users cannot log in.
    """
    from app.demo.synthetic import NotEmpty, expected_rows, seed_synthetic, vacuum_after_load
    from app.progress import progress

    length = expected_rows(wishes, votes, territories, users)
    with progress(length, "Données synthétiques") as bar:
        try:
            counts = seed_synthetic(
                wishes=wishes,
                territories=territories,
                users=users,
                votes=votes,
                roadmap_items=roadmap_items,
                seed=seed,
                progress=bar.update,
            )
        except NotEmpty:
            db.session.rollback()
            raise click.ClickException(
                "La base contient déjà des souhaits : seed synthetic ne remplit qu'une base vide."
            ) from None
        db.session.commit()
        vacuum_after_load()
    _echo_counts("Données synthétiques prêtes", counts.as_dict())
