from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Club, Role, Territory
from app.services import accounts
from app.services.errors import ServiceError


@click.group("users", help="Manage user accounts.")
def users_group() -> None:
    pass


def _lookup(model, value: str | None, label: str):
    if value is None:
        return None
    found = db.session.execute(select(model).where(model.slug == value)).scalar_one_or_none()
    if found is None:
        raise click.UsageError(f"Unknown {label}: {value}")
    return found


T = TypeVar("T")


def _commit(write: Callable[[], T]) -> T:
    """Run a service write and commit it; a refused write rolls back and ends the command
    with the service's message and field errors."""
    try:
        result = write()
    except ServiceError as error:
        db.session.rollback()
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from error
    db.session.commit()
    return result


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(Role.ALL, case_sensitive=False))
@click.option("--territory", "territory_slug", help="Territory slug (required for referents).")
@click.option("--club", "club_slug", help="Club slug (for club members).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password", help="Password (prompted for when omitted).")
@with_appcontext
def create_user(email, role, territory_slug, club_slug, display_name, password) -> None:
    """Create a user account."""
    territory = _lookup(Territory, territory_slug, "territory")
    club = _lookup(Club, club_slug, "club")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = _commit(
        lambda: accounts.user_create(
            email=email,
            display_name=display_name,
            role=role.lower(),
            password=password,
            territory_id=territory.id if territory else None,
            club_id=club.id if club else None,
        )
    )
    click.echo(f"Created {user.email} ({user.role}).")


@users_group.command("token")
@click.argument("email")
@click.option("--name", "name", default="CLI", show_default=True, help="A name for the token.")
@with_appcontext
def create_token(email: str, name: str) -> None:
    """Create an API token for a user and print it (shown once) on the last line."""
    from app.services.tokens import token_create

    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Unknown user: {email}")
    token, plaintext = _commit(lambda: token_create(user=user, name=name))
    click.echo(f"API token {token.name!r} for {user.email} (shown once, store it safely):")
    click.echo(plaintext)
