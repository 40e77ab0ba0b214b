"""A deep page of a list costs what the first page costs, give or take its offset: the
page's ids come from the rank index alone, walked from the nearer end of the list."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.models import Role, Wish, WishStatus
from app.selectors import wishes as selectors
from app.selectors.wishes import WishFilters
from app.services import activity, triage

SORTS = ("support", "votes", "new", "updated", "providers", "providers_asking")


def _page(db, page, per_page, filters=None):
    captured = []

    def capture(conn, cursor, statement, parameters, *args):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        result = selectors.wish_page(filters or WishFilters(), page=page, per_page=per_page)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return result, captured


def _page_ids_statement(captured):
    [found] = [(s, p) for s, p in captured if "OFFSET" in s]
    return found


@pytest.fixture
def wishes(db, make):
    territory = make.territory()
    others = [make.territory() for _ in range(3)]
    made = [make.wish(territory=territory, supporters=others[: n % 4]) for n in range(7)]
    made[2].status = WishStatus.DUPLICATE
    made[4].providers_asking = 3
    # Set directly, past the services: recount the counters the total reads.
    activity.rebuild()
    db.session.commit()
    return made


def _expected(db, sort):
    return list(
        db.session.execute(
            select(Wish.id)
            .where(Wish.status != WishStatus.DUPLICATE)
            .order_by(*selectors.order_clauses(sort))
        ).scalars()
    )


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("per_page", [1, 2, 4, 5])
def test_every_page_follows_the_sort_without_duplicates(db, wishes, sort, per_page):
    expected = _expected(db, sort)
    pages = []
    for page in range(1, 9):
        result, _ = _page(db, page, per_page, WishFilters(sort=sort))
        assert result.total == 6
        assert [row.id for row in result.items] == expected[(page - 1) * per_page : page * per_page]
        pages += [row.id for row in result.items]
    assert pages == expected


def test_a_filtered_list_reads_its_last_pages_from_its_end(db, make, wishes):
    product = make.product()
    for n in range(5):
        make.wish(product=product, supporters=[make.territory() for _ in range(n)])
    db.session.commit()
    filters = WishFilters(product=product.slug)
    expected = list(
        db.session.execute(
            select(Wish.id)
            .where(Wish.product_id == product.id)
            .order_by(*selectors.order_clauses("support"))
        ).scalars()
    )
    pages = [row.id for page in (1, 2, 3) for row in _page(db, page, 2, filters)[0].items]
    assert pages == expected


def test_every_page_runs_three_queries_the_first_two(db, wishes):
    for page, queries in ((1, 2), (2, 3), (3, 3)):
        _, captured = _page(db, page, 2)
        assert len(captured) == queries, [s for s, _ in captured]


def test_the_first_page_reads_its_total_with_its_ids(db, wishes):
    result, captured = _page(db, 1, 2)
    assert result.total == 6 and len(result.items) == 2
    ids, rows = (s for s, _ in captured)
    assert "territory_activity_total" in ids and "LIMIT" in ids
    assert "territory_activity_total" not in rows


def test_an_empty_first_page_says_no_wish(db, wishes):
    result, captured = _page(db, 1, 2, WishFilters(region="Nowhere"))
    assert (result.total, result.items, len(captured)) == (0, [], 1)


def test_a_page_past_the_end_reads_the_total_alone(db, wishes):
    result, captured = _page(db, 4, 2)
    assert result.items == [] and result.total == 6
    assert len(captured) == 1


def test_a_page_before_the_middle_walks_the_index_from_the_top(db, wishes):
    _, captured = _page(db, 2, 2)
    statement, parameters = _page_ids_statement(captured)
    assert "wish.id DESC" in statement
    assert 2 in (parameters.values() if isinstance(parameters, dict) else parameters)


def test_a_page_past_the_middle_walks_the_index_from_the_end(db, wishes):
    # Six wishes, page 3 of 2: positions 4 and 5, the first two from the end.
    result, captured = _page(db, 3, 2)
    statement, parameters = _page_ids_statement(captured)
    assert "wish.id ASC" in statement
    values = list(parameters.values() if isinstance(parameters, dict) else parameters)
    assert values[-2:] == [2, 0]  # LIMIT 2 OFFSET 0
    assert [row.id for row in result.items] == _expected(db, "support")[4:6]


def test_sqlite_picks_a_page_from_the_covering_rank_index(db, wishes):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    db.session.connection().exec_driver_sql("ANALYZE")
    for page in (2, 3):  # from the top, from the end
        _, captured = _page(db, page, 2)
        statement, parameters = _page_ids_statement(captured)
        plan = [
            row[-1]
            for row in db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters
            )
        ]
        assert plan == ["SCAN wish USING COVERING INDEX ix_wish_rank_support"], plan


def test_the_unfiltered_total_reads_the_counters_not_the_wishes(db, wishes):
    _, captured = _page(db, 2, 2)  # the first page reads it with its ids
    [count] = [s for s, _ in captured if "territory_activity_total" in s]
    assert " wish" not in count.replace("territory_activity_total", "")


def test_the_unfiltered_total_follows_a_merge(db, make, wishes):
    vendor = make.user(role=Role.VENDOR)
    triage.wish_merge(actor=vendor, wish_id=wishes[0].id, into_id=wishes[1].id)
    db.session.commit()
    result, _ = _page(db, 1, 2)
    assert result.total == 5
    pages = [row.id for page in (1, 2, 3) for row in _page(db, page, 2)[0].items]
    assert pages == _expected(db, "support")


def test_the_list_page_sends_seven_queries_at_any_depth(client, auth, db, wishes, count_queries):
    # The signed-in user with their unread notifications, the total, the page's ids,
    # their rows, their deliveries, the viewer's votes among them, the filters' choices;
    # the first page reads its ids and the total in one statement.
    auth.as_role(Role.REFERENT)
    client.get("/wishes?per_page=2")
    counts = []
    for page in (1, 2, 3):  # from the top, then from the end of the list
        with count_queries() as counter:
            assert client.get(f"/wishes?per_page=2&page={page}").status_code == 200
        counts.append(counter.count)
    assert counts == [6, 7, 7], counts
