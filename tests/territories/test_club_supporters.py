"""The club page names the members supporting each listed wish: read from one row per
wish and supporting territory, it names exactly the members with a vote on the wish,
however many votes the wish has elsewhere."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.models import Role, Vote
from app.selectors import territories as selectors
from app.services import votes


def _named(portfolio) -> set[tuple[int, int]]:
    return {(wish_id, t.id) for wish_id, names in portfolio.supporters.items() for t in names}


def _with_a_vote(db, wish_ids, members) -> set[tuple[int, int]]:
    """The (wish, member) pairs with at least one vote, read from the votes themselves."""
    return set(
        db.session.execute(
            select(Vote.wish_id, Vote.territory_id)
            .where(Vote.wish_id.in_(wish_ids), Vote.territory_id.in_(members))
            .distinct()
        )
    )


def test_a_member_whose_votes_were_all_withdrawn_is_not_named(make, db):
    first, second, outsider = make.territory(), make.territory(), make.territory()
    club = make.club(territories=[first, second])
    wish = make.wish(territory=outsider, supporters=[first], title="Soutenu puis retiré")
    referent = make.user(role=Role.REFERENT, territory=second)
    assert votes.vote_add(user=referent, wish_id=wish.id)
    assert votes.vote_remove(user=referent, wish_id=wish.id)
    db.session.commit()
    portfolio = selectors.club_portfolio(club)
    assert [t.id for t in portfolio.supporters[wish.id]] == [first.id]


def test_the_supporters_are_those_with_a_vote_over_generated_supports(make, db):
    rng = random.Random(20261206)
    members = [make.territory() for _ in range(3)]
    others = [make.territory() for _ in range(2)]
    club = make.club(territories=members)
    referents = [make.user(role=Role.REFERENT, territory=t) for t in members + others]
    wishes = [
        make.wish(
            territory=rng.choice(members + others),
            supporters=rng.sample(members + others, rng.randint(0, 2)),
            title=f"Souhait généré {n}",
        )
        for n in range(8)
    ]
    for referent in referents:
        for wish in rng.sample(wishes, 4):
            votes.vote_add(user=referent, wish_id=wish.id)
        for wish in rng.sample(wishes, 2):
            votes.vote_remove(user=referent, wish_id=wish.id)
    db.session.commit()
    portfolio = selectors.club_portfolio(club)
    listed = [w.id for w in portfolio.wishes + portfolio.shipped]
    named = _named(portfolio)
    assert named, "the generated supports name some members"
    assert named == _with_a_vote(db, listed, [t.id for t in members])


def test_the_supporters_are_named_without_walking_the_votes_of_the_wishes(
    client, auth, make, db, count_queries
):
    first, outsider = make.territory(), make.territory()
    make.club(slug="club-x", territories=[first])
    make.wish(territory=outsider, supporters=[first], title="Soutenu")
    auth.as_role(Role.CLUB_MEMBER)
    client.get("/clubs/club-x")
    with count_queries() as counter:
        assert client.get("/clubs/club-x").status_code == 200
    # Only the supported list reads votes: each member's latest, a bounded walk.
    reading_votes = [s for s in counter.statements if "FROM vote" in s]
    assert len(reading_votes) == 1, "\n".join(reading_votes)
    assert any("FROM wish_support" in s for s in counter.statements)
