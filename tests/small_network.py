"""A small, hand-countable network for the map and dashboard tests.

Territories: Drôme (26, ADT) and an OT in 26, Manche (50), a CRT of Centre-Val de Loire
(no department), Isère (38), Lille (59, never active). Club ARA: Drôme, the OT, Isère.

wish  filer    product  cat  other supporters   status        created
w1    drome    gateway  A    manche, crt        new           2024-01-10
w2    manche   pricing  B    drome              new           2024-05-03
w3    crt      pricing  A    —                  declined      2024-05-20
w4    drome    pricing  B    —                  duplicate     2024-05-21
w5    drome    gateway  A    —                  accepted      2023-03-01
w6    isere    pricing  B    drome, manche      under_review  2024-02-15
w7    ot       gateway  B    —                  new           2024-06-01

Roadmap: A shipped 2024-05-10 (target 2024) <- w1, w5; B planned (2024) <- w2;
C cancelled (2025); D in progress (2025-T2), no wish.
First answers: w2 status change +2 days, w3 official comment +4 days (status +6),
w1 linked +10 days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from app.models import Comment, RoadmapItem, Role, StatusChange, WishLink
from app.services import activity


def _at(y, m, d):
    return datetime(y, m, d, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(make, db):
    t = SimpleNamespace()
    t.drome = make.territory(name="Drôme Tourisme", slug="drome", department_code="26")
    t.ot = make.territory(name="OT Vallée", slug="ot-vallee", kind="OT", department_code="26")
    t.manche = make.territory(
        name="Attitude Manche", slug="manche", region="Normandie", department_code="50"
    )
    t.crt = make.territory(
        name="CRT Centre",
        slug="crt",
        kind="CRT",
        region="Centre-Val de Loire",
        department_code=None,
    )
    t.isere = make.territory(name="Isère", slug="isere", department_code="38")
    t.lille = make.territory(
        name="Hello Lille", slug="lille", kind="OT", region="Hauts-de-France", department_code="59"
    )
    t.club = make.club(territories=[t.drome, t.ot, t.isere], slug="club-ara")
    t.gateway = make.product(name="Passerelles", slug="passerelles")
    t.pricing = make.product(name="Tarifs", slug="tarifs")
    t.cat_a = make.category(name="Catégorie A", slug="cat-a", position=1)
    t.cat_b = make.category(name="Catégorie B", slug="cat-b", position=2)
    ref = {
        name: make.user(role=Role.REFERENT, territory=getattr(t, name))
        for name in ("drome", "ot", "manche", "crt", "isere")
    }

    def wish(filer, product, category, supporters, status, created):
        return make.wish(
            author=ref[filer],
            product=product,
            category=category,
            supporters=[getattr(t, s) for s in supporters],
            status=status,
            created_at=created,
        )

    t.w1 = wish("drome", t.gateway, t.cat_a, ["manche", "crt"], "new", _at(2024, 1, 10))
    t.w2 = wish("manche", t.pricing, t.cat_b, ["drome"], "new", _at(2024, 5, 3))
    t.w3 = wish("crt", t.pricing, t.cat_a, [], "declined", _at(2024, 5, 20))
    t.w4 = wish("drome", t.pricing, t.cat_b, [], "duplicate", _at(2024, 5, 21))
    t.w5 = wish("drome", t.gateway, t.cat_a, [], "accepted", _at(2023, 3, 1))
    t.w6 = wish("isere", t.pricing, t.cat_b, ["drome", "manche"], "under_review", _at(2024, 2, 15))
    t.w7 = wish("ot", t.gateway, t.cat_b, [], "new", _at(2024, 6, 1))

    t.item_a = RoadmapItem(
        title="Élément A", status="shipped", target="2024", shipped_on=date(2024, 5, 10)
    )
    t.item_b = RoadmapItem(title="Élément B", status="planned", target="2024")
    t.item_c = RoadmapItem(title="Élément C", status="cancelled", target="2025")
    t.item_d = RoadmapItem(title="Élément D", status="in_progress", target="2025-T2")
    db.session.add_all([t.item_a, t.item_b, t.item_c, t.item_d])
    db.session.flush()
    for w, item in ((t.w1, t.item_a), (t.w5, t.item_a), (t.w2, t.item_b)):
        db.session.add(WishLink(wish_id=w.id, roadmap_item_id=item.id))
    db.session.add_all(
        [
            StatusChange(
                wish_id=t.w2.id,
                kind="status",
                from_value="new",
                to_value="under_review",
                created_at=t.w2.created_at + timedelta(days=2),
            ),
            Comment(
                wish_id=t.w3.id,
                body="Réponse officielle.",
                is_official=True,
                created_at=t.w3.created_at + timedelta(days=4),
            ),
            StatusChange(
                wish_id=t.w3.id,
                kind="status",
                from_value="new",
                to_value="declined",
                created_at=t.w3.created_at + timedelta(days=6),
            ),
            StatusChange(
                wish_id=t.w1.id,
                kind="link",
                to_value=str(t.item_a.id),
                created_at=t.w1.created_at + timedelta(days=10),
            ),
        ]
    )
    db.session.commit()
    activity.rebuild()  # items, links and statuses were set without the services
    db.session.commit()
    return t
