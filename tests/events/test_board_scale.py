"""The workshop board reads the wishes on its table, not every wish of the network."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.models import WishStatus, WorkshopAgendaItem
from app.selectors import rencontre as selectors


def _board_statement(db, count_queries, workshop_id):
    with count_queries() as counter:
        rows = selectors.board_rows(workshop_id)
    return rows, counter


def test_the_board_lists_captured_and_agenda_wishes_but_not_duplicates(db, make, rencontre):
    r = rencontre
    elsewhere = make.wish(title="Mis à l'ordre du jour", territory=r["isere"])
    db.session.add(WorkshopAgendaItem(workshop_id=r["pricing"].id, wish_id=elsewhere.id))
    duplicate = r["wish"]("Doublon de saison", r["drome"], r["pricing"])
    duplicate.status = WishStatus.DUPLICATE
    db.session.commit()
    titles = {row.title for row in selectors.board_rows(r["pricing"].id)}
    assert titles == {"Tarification par saison", "Copier une grille tarifaire", elsewhere.title}


def test_the_board_costs_the_same_whatever_the_wishes_elsewhere(db, make, rencontre, count_queries):
    r = rencontre
    small, small_counter = _board_statement(db, count_queries, r["pricing"].id)
    for _ in range(30):
        make.wish(territory=r["isere"])
    large, large_counter = _board_statement(db, count_queries, r["pricing"].id)
    assert [row.wish_id for row in large] == [row.wish_id for row in small]
    assert large_counter.count == small_counter.count == 1


def test_sqlite_reads_the_board_through_indexes(db, make, rencontre):
    """Most wishes have no workshop: with the statistics ANALYZE gathers, SQLite answered
    ``workshop_id = ? OR id IN (…)`` with a scan of every wish."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    for _ in range(40):
        make.wish(territory=rencontre["isere"])
    db.session.connection().exec_driver_sql("ANALYZE")
    captured = []

    def capture(conn, cursor, statement, parameters, *args):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        selectors.board_rows(rencontre["pricing"].id)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    plan = [
        row[-1]
        for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
    ]
    assert not [step for step in plan if step.startswith("SCAN wish")], plan
