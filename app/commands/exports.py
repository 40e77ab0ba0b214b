from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import force_locale
from app.progress import track
from app.selectors.exports import (
    RoadmapFilters,
    export_chunks,
    roadmap_export_query,
    roadmap_export_rows,
    wish_export_rows,
)
from app.selectors.wishes import SORTS, WishFilters, count_wishes, filtered_wishes


@click.group("export", help="Export wishes or the roadmap as CSV or JSON.")
def export_group() -> None:
    pass


def _tracked(rows: Any, output: str | None, total_query: Callable[[], int], label: str) -> Any:
    """A progress bar on the terminal while writing to a file (never mixed with data)."""
    if output is None or output == "-":
        return rows
    return track(rows, total_query(), label)


def _write(chunks: Iterable[str], output: str | None) -> None:
    if output is None or output == "-":
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        for chunk in chunks:
            handle.write(chunk)
    click.echo(f"Écrit : {output}", err=True)


_format = click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
_output = click.option("--output", "-o", help="File to write (default: standard output).")
_product = click.option("--product", default="", help="Product slug.")
_lang = click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Language of the CSV header and status cells (JSON keeps field names and codes).",
)


@export_group.command("wishes")
@_format
@_output
@_lang
@click.option("--q", default="", help="Text search.")
@click.option("--status", default="", help="new, under_review, accepted, declined, duplicate.")
@_product
@click.option("--category", default="", help="Category slug.")
@click.option("--territory", default="", help="Filing territory slug.")
@click.option("--region", default="", help="Region name.")
@click.option("--club", default="", help="Club slug.")
@click.option("--event", default="", help="Event slug.")
@click.option("--sort", type=click.Choice(SORTS), default="support", show_default=True)
@with_appcontext
def export_wishes(fmt, output, lang, **filters) -> None:
    """Export the wishes matching the filters (same filters as the wish list)."""
    wish_filters = WishFilters(**filters)
    rows = _tracked(
        wish_export_rows(wish_filters),
        output,
        lambda: count_wishes(filtered_wishes(wish_filters)),
        "Souhaits",
    )
    with force_locale(lang):
        _write(export_chunks("wishes", rows, fmt), output)


@export_group.command("roadmap")
@_format
@_output
@_lang
@click.option("--status", default="", help="Roadmap status code.")
@_product
@click.option("--target", default="", help="Target period prefix, e.g. 2027 or 2027-T2.")
@click.option("--q", default="", help="Text in the title.")
@with_appcontext
def export_roadmap(fmt, output, lang, **filters) -> None:
    """Export the roadmap items matching the filters."""
    roadmap_filters = RoadmapFilters(**filters)
    rows = _tracked(
        roadmap_export_rows(roadmap_filters),
        output,
        lambda: db.session.execute(
            select(func.count()).select_from(roadmap_export_query(roadmap_filters).subquery())
        ).scalar_one(),
        "Éléments",
    )
    with force_locale(lang):
        _write(export_chunks("roadmap", rows, fmt), output)
