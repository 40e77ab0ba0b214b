"""The demo's co-funding: one item fully funded by three territories, one being funded."""

from __future__ import annotations

from sqlalchemy import func, select

from app.demo.funding import ITEMS
from app.demo.seed import seed_demo
from app.models import Pledge, RoadmapItem
from app.selectors.funding import funding_for_items


def test_the_demo_has_a_funded_item_and_one_being_funded_and_seeds_once(db):
    seed_demo()
    db.session.commit()
    pledges = db.session.execute(select(func.count(Pledge.id))).scalar_one()
    seed_demo()
    db.session.commit()
    assert db.session.execute(select(func.count(Pledge.id))).scalar_one() == pledges

    items = (
        db.session.execute(select(RoadmapItem).where(RoadmapItem.title.in_([i[0] for i in ITEMS])))
        .scalars()
        .all()
    )
    fundings = funding_for_items(items)
    by_state = {
        (f.reached, f.confirmed): (item, f) for item, f in ((i, fundings[i.id]) for i in items)
    }
    funded_item, funded = by_state[(True, True)]
    assert len(funded.pledges) == 3
    assert funded.pledged == funded.goal
    _item, open_funding = by_state[(False, False)]
    assert 0 < open_funding.pledged < open_funding.goal
    assert "drome" in {p.territory.slug for p in funded.pledges}
