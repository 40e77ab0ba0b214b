"""seed synthetic: bulk scale data whose counters equal the rows."""

from __future__ import annotations

from sqlalchemy import distinct, func, select

from app.models import Comment, RoadmapItem, Territory, Vote, Wish
from app.selectors.wishes import WishFilters, wish_list


def test_seed_synthetic_small_is_consistent(runner, db):
    result = runner.invoke(
        args=[
            "seed",
            "synthetic",
            "--wishes",
            "60",
            "--territories",
            "8",
            "--users",
            "30",
            "--votes",
            "400",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Wish)) == 60
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 400
    for wish in db.session.execute(select(Wish)).scalars():
        votes = select(Vote.territory_id).where(Vote.wish_id == wish.id)
        assert wish.votes_count == db.session.scalar(
            select(func.count()).select_from(votes.subquery())
        )
        assert wish.territories_count == db.session.scalar(
            select(func.count(distinct(Vote.territory_id))).where(Vote.wish_id == wish.id)
        )
        assert wish.providers_count == db.session.scalar(
            select(func.coalesce(func.sum(Territory.providers_count), 0)).where(
                Territory.id.in_(votes)
            )
        )
        assert wish.comments_count == db.session.scalar(
            select(func.count()).where(Comment.wish_id == wish.id)
        )


def test_seed_synthetic_fills_the_search_index(runner, db):
    runner.invoke(args=["seed", "synthetic", "--wishes", "40", "--territories", "5"])
    found = db.session.execute(wish_list(WishFilters(q="prestataires"))).unique().scalars()
    assert len(list(found)) > 0


def test_seed_synthetic_makes_one_roadmap_item_per_200_wishes_unless_told(runner, db):
    runner.invoke(args=["seed", "synthetic", "--wishes", "400", "--territories", "5"])
    assert db.session.scalar(select(func.count()).select_from(RoadmapItem)) == 2


def test_seed_synthetic_makes_as_many_roadmap_items_as_asked(runner, db):
    result = runner.invoke(
        args=["seed", "synthetic", "--wishes", "400", "--territories", "5", "--roadmap-items", "30"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(RoadmapItem)) == 30


def test_seed_synthetic_refuses_a_database_with_wishes(runner, make):
    make.wish()
    result = runner.invoke(args=["seed", "synthetic", "--wishes", "5"])
    assert result.exit_code == 1
    assert "déjà des souhaits" in result.output
