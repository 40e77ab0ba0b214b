import pytest

from app.models import Role
from app.services import roadmap as roadmap_services


class RoadmapMaker:
    def __init__(self, db, make):
        self.db = db
        self.make = make
        self._vendor = None

    @property
    def vendor(self):
        if self._vendor is None:
            self._vendor = self.make.user(role=Role.VENDOR, display_name="Éditeur test")
        return self._vendor

    def item(self, title="Élément", wishes=(), status=None, shipped_on=None, release=None, **kw):
        item = roadmap_services.roadmap_item_create(actor=self.vendor, title=title, **kw)
        for wish in wishes:
            roadmap_services.wish_link(actor=self.vendor, item_id=item.id, wish_id=wish.id)
        if status:
            roadmap_services.roadmap_item_set_status(
                actor=self.vendor,
                item_id=item.id,
                status=status,
                shipped_on=shipped_on or ("2024-06-01" if status == "shipped" else None),
                release=release or ("Open Pro 2024.3" if status == "shipped" else None),
            )
        self.db.session.commit()
        return item


@pytest.fixture
def roadmap(db, make):
    return RoadmapMaker(db, make)
