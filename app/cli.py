"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.commands.seed import seed_group
    from app.commands.users import users_group

    app.cli.add_command(seed_group)
    app.cli.add_command(users_group)
    app.cli.add_command(_lazy("app.commands.imports", "import_group"))
    app.cli.add_command(_lazy("app.commands.exports", "export_group"))


def _lazy(module: str, name: str):
    from importlib import import_module

    return getattr(import_module(module), name)
