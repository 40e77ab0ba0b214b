from sqlalchemy import func, select

from app.demo.seed import seed_demo
from app.models import Comment, RoadmapItem, RoadmapStatus, StatusChange, Wish, WishLink
from app.selectors.delivery import deliveries_for


def test_demo_roadmap_covers_every_status_and_is_idempotent(app, db):
    seed_demo()
    db.session.commit()
    counts = lambda: (  # noqa: E731
        db.session.execute(select(func.count(RoadmapItem.id))).scalar_one(),
        db.session.execute(select(func.count(WishLink.id))).scalar_one(),
        db.session.execute(select(func.count(StatusChange.id))).scalar_one(),
    )
    first = counts()
    seed_demo()
    db.session.commit()
    assert counts() == first
    statuses = set(db.session.execute(select(RoadmapItem.status)).scalars())
    assert statuses == set(RoadmapStatus.ALL)
    shipped = (
        db.session.execute(select(RoadmapItem).where(RoadmapItem.status == "shipped"))
        .scalars()
        .all()
    )
    assert shipped and all(i.release and i.shipped_on for i in shipped)
    camping = db.session.execute(
        select(Wish).where(Wish.title == "Tarification par saison pour les campings")
    ).scalar_one()
    assert camping.status == "duplicate" and camping.merged_into.title.startswith("Tarification")
    wish_statuses = set(db.session.execute(select(Wish.status)).scalars())
    assert {"under_review", "accepted", "declined", "duplicate"} <= wish_statuses
    assert db.session.execute(select(Comment).where(Comment.is_official)).first() is not None
    wishes = db.session.execute(select(Wish)).scalars().all()
    assert "partially_shipped" in deliveries_for(wishes).values()
