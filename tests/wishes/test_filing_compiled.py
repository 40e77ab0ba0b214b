"""Filing a wish runs statements compiled once: each filing does not pay for building
its SQL again, whatever its words and supporters."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.sql.dml import Insert

from app.models import Role
from app.services.wishes import wish_create

COUNTED = {
    "territory_activity",
    "territory_activity_total",
    "roadmap_item_territory",
    "territory_shipped_wish",
}


@pytest.fixture
def file(make):
    """File a wish for one territory with the given supporters."""
    author = make.user(role=Role.ADMIN)
    territories = [make.territory() for _ in range(4)]
    product, category = make.product(), make.category()

    def file(title: str, body: str, supporters: int) -> None:
        wish_create(
            author=author,
            title=title,
            body=body,
            product_id=product.id,
            category_id=category.id,
            territory_id=territories[0].id,
            supporter_territory_ids=[t.id for t in territories[1 : 1 + supporters]],
        )

    return file


def test_a_filing_counts_the_map_with_statements_built_once(db, file):
    executed: list[list[object]] = [[]]

    def _note(conn, statement, *args):
        if isinstance(statement, Insert) and statement.table.name in COUNTED:
            executed[-1].append(statement)

    event.listen(db.engine, "before_execute", _note)
    try:
        file("Tarification par saison", "Une grille", 1)
        executed.append([])
        file("Copier une grille tarifaire", "Entre prestataires", 3)
    finally:
        event.remove(db.engine, "before_execute", _note)
    first, second = executed
    assert len(second) == len(first) >= 4
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_a_second_filing_compiles_no_statement(db, file):
    # The first filings compile what every filing runs (the ORM's bulk delete twice).
    for _ in range(2):
        file("Tarification par saison", "Une grille", 1)
    compiled: list[str] = []

    def _note(conn, cursor, statement, parameters, context, executemany):
        if context.cache_hit in (CacheStats.CACHE_MISS, CacheStats.NO_CACHE_KEY):
            compiled.append((context.cache_hit, statement))

    event.listen(db.engine, "before_cursor_execute", _note)
    try:
        file(
            "Copier une grille tarifaire d'un produit à l'autre",
            "Entre plusieurs prestataires, sans ressaisie des périodes",
            3,
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", _note)
    assert compiled == []
