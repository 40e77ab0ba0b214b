"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.commands.backup import backup_command, restore_command
    from app.commands.exports import export_group
    from app.commands.imports import import_group
    from app.commands.notifications import notifications_group
    from app.commands.seed import seed_group
    from app.commands.users import users_group

    app.cli.add_command(seed_group)
    app.cli.add_command(users_group)
    app.cli.add_command(import_group)
    app.cli.add_command(export_group)
    app.cli.add_command(notifications_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
