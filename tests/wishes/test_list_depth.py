"""A deep page of the default list reads the rank index alone, like the first page."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.models import Role, Wish, WishStatus
from app.selectors import wishes as selectors
from app.selectors.wishes import WishFilters
from app.services import activity, triage


def _page(db, page, per_page):
    captured = []

    def capture(conn, cursor, statement, parameters, *args):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        result = selectors.wish_page(WishFilters(), page=page, per_page=per_page)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return result, captured


@pytest.fixture
def wishes(db, make):
    territory = make.territory()
    made = [make.wish(territory=territory) for _ in range(7)]
    made[2].status = WishStatus.DUPLICATE
    # Set directly, past the services: recount the counters the total reads.
    activity.rebuild()
    db.session.commit()
    return made


def test_every_page_follows_the_support_order_without_duplicates(db, wishes):
    expected = list(
        db.session.execute(
            select(Wish.id)
            .where(Wish.status != WishStatus.DUPLICATE)
            .order_by(*selectors.order_clauses("support"))
        ).scalars()
    )
    pages = []
    for page in (1, 2, 3):
        result, captured = _page(db, page, 2)
        pages += [row.id for row in result.items]
        assert result.total == 6
    assert pages == expected


def test_a_deep_page_runs_the_same_queries_as_the_first(db, wishes):
    _, first = _page(db, 1, 2)
    _, deep = _page(db, 3, 2)
    assert [s for s, _ in deep] == [s for s, _ in first]


def test_sqlite_picks_a_page_from_the_covering_rank_index(db, wishes):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    db.session.connection().exec_driver_sql("ANALYZE")
    _, captured = _page(db, 3, 2)
    statement, parameters = next((s, p) for s, p in captured if "OFFSET" in s)
    plan = [
        row[-1]
        for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
    ]
    assert plan == ["SCAN wish USING COVERING INDEX ix_wish_rank_support"], plan


def test_the_unfiltered_total_reads_the_counters_not_the_wishes(db, wishes):
    _, captured = _page(db, 1, 2)
    [count] = [s for s, _ in captured if "territory_activity_total" in s]
    assert " wish" not in count.replace("territory_activity_total", "")


def test_the_unfiltered_total_follows_a_merge(db, make, wishes):
    vendor = make.user(role=Role.VENDOR)
    triage.wish_merge(actor=vendor, wish_id=wishes[0].id, into_id=wishes[1].id)
    db.session.commit()
    result, _ = _page(db, 1, 2)
    assert result.total == 5
