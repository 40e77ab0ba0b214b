import pytest

from app.models import Role, User
from app.services import funding as funding_services
from app.services import roadmap as roadmap_services


class FundingMaker:
    """Roadmap items offered for co-funding, with the vendor who set them up."""

    def __init__(self, db, make):
        self.db = db
        self.make = make
        self.vendor_id = make.user(role=Role.VENDOR, display_name="Éditeur test").id

    @property
    def vendor(self):
        return self.db.session.get(User, self.vendor_id)

    def item(self, goal=10_000, title="Passerelle Décibelles Data", deadline=None, **kw):
        item = roadmap_services.roadmap_item_create(actor=self.vendor, title=title, **kw)
        funding_services.funding_set_goal(
            actor=self.vendor, item_id=item.id, goal=goal, deadline=deadline
        )
        self.db.session.commit()
        return item

    def pledge(self, item, referent, amount):
        funding_services.pledge_set(
            actor=referent,
            item_id=item.id,
            territory_slug=referent.territory.slug,
            amount=amount,
        )
        self.db.session.commit()


@pytest.fixture
def funding(db, make):
    return FundingMaker(db, make)
