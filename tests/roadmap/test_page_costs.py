"""What the roadmap board and the shipped page cost: a pinned number of queries, and
an item's territories read from their counters, never from the votes of its wishes."""

from __future__ import annotations

import pytest

from app.models import Role


@pytest.fixture
def supported_items(make, roadmap):
    """Items whose wishes several territories support, some of them shipped."""

    def grow(n: int) -> None:
        territories = [make.territory() for _ in range(4)]
        for i in range(n):
            wishes = [make.wish(supporters=territories[: 1 + (i + k) % 4]) for k in range(2)]
            roadmap.item(
                title=f"Élément {i}",
                wishes=wishes,
                status="shipped" if i % 2 else "planned",
                target=f"202{5 + i % 2}-T{1 + i % 4}",
            )

    return grow


def _statements(client, count_queries, db, url: str) -> list[str]:
    db.session.expire_all()
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.statements


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/roadmap", 5), ("/roadmap?status=shipped", 5), ("/shipped", 7), ("/shipped.atom", 5)],
)
def test_the_pages_cost_a_pinned_number_of_queries(
    client, auth, db, count_queries, supported_items, url, queries
):
    auth.as_role(Role.CLUB_MEMBER)
    supported_items(2)
    assert len(_statements(client, count_queries, db, url)) == queries
    supported_items(9)
    assert len(_statements(client, count_queries, db, url)) == queries


@pytest.mark.parametrize("url", ["/roadmap", "/roadmap?view=periods", "/shipped", "/shipped.atom"])
def test_an_items_territories_are_not_counted_from_the_votes(
    client, auth, db, count_queries, supported_items, url
):
    auth.as_role(Role.CLUB_MEMBER)
    supported_items(4)
    statements = _statements(client, count_queries, db, url)
    assert not [s for s in statements if "FROM vote" in s or "JOIN vote" in s]


def test_each_board_column_shows_the_head_of_its_own_list(db, make, roadmap):
    """Targets and delivery dates missing on some items, ties on the period: the board's
    column is the first page of that status's list, in the same order."""
    from datetime import date, timedelta

    from app.selectors.roadmap import board, roadmap_page

    for i in range(14):
        roadmap.item(title=f"Envisagé {i}", target=None if i % 4 == 0 else f"202{5 + i % 3}")
        roadmap.item(
            title=f"Livré {i}",
            status="shipped",
            shipped_on=(date(2024, 1, 1) + timedelta(days=30 * (i % 5))).isoformat(),
        )
    size = 6
    for column in board(size=size):
        expected = roadmap_page(status=column.status, page=1, per_page=size).items
        assert [item.id for item in column.items] == [item.id for item in expected]
        assert column.total == roadmap_page(status=column.status, page=1, per_page=1).total
    assert {c.status: c.total for c in board(size=size)}["shipped"] == 14
