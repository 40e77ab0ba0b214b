"""Roadmap and shipped reads."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import RoadmapItem, Vote, WishLink


@pytest.fixture
def item(db):
    def _item(*, wishes=(), **kw):
        values = {"title": "Tarifs saisonniers", "status": "considering"}
        values.update(kw)
        item = RoadmapItem(**values)
        db.session.add(item)
        db.session.flush()
        for wish in wishes:
            db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
        db.session.commit()
        return item

    return _item


def test_roadmap_is_public_while_public_roadmap_is_on(api, item):
    item(target="2027-T2")
    response = api.get("/roadmap")
    assert response.status_code == 200
    assert response.get_json()["items"][0]["target"] == "2027-T2"


@pytest.mark.parametrize("app_config", [{"PUBLIC_ROADMAP": False}])
def test_roadmap_needs_credentials_when_not_public(api, item):
    item()
    assert api.get("/roadmap").status_code == 401
    assert api.get("/shipped").status_code == 401


def test_roadmap_item_fields(api, make, item):
    wish = make.wish(supporters=[make.territory()])
    created = item(wishes=[wish], external_ref="JIRA-12", description="Détails")
    body = api.get(f"/roadmap/{created.id}").get_json()
    assert body["wishes"] == [wish.id]
    assert body["territories_count"] == 2
    assert body["external_ref"] == "JIRA-12"
    assert body["description"] == "Détails"


def test_roadmap_item_unknown_is_404(api):
    assert api.get("/roadmap/4040").status_code == 404


def test_roadmap_filters_by_status(api, item):
    item(status="planned")
    wanted = item(status="shipped", shipped_on=date(2026, 1, 5))
    items = api.get("/roadmap?status=shipped").get_json()["items"]
    assert [i["id"] for i in items] == [wanted.id]


def test_roadmap_unknown_status_is_422(api):
    assert api.get("/roadmap?status=soon").status_code == 422


def test_roadmap_list_runs_a_constant_number_of_queries(api, make, item, count_queries):
    item(wishes=[make.wish()])
    with count_queries() as one:
        api.get("/roadmap")
    for _ in range(4):
        item(wishes=[make.wish(), make.wish()])
    with count_queries() as many:
        api.get("/roadmap")
    assert many.count == one.count


def test_wish_detail_lists_its_roadmap_items(api, make, item):
    wish = make.wish()
    created = item(wishes=[wish], status="planned", target="2027")
    api.as_role("club_member")
    body = api.get(f"/wishes/{wish.id}").get_json()
    assert body["roadmap_items"][0]["id"] == created.id
    assert body["delivery"] == "planned"


def test_shipped_newest_first_with_wishes(api, make, item):
    territory = make.territory(slug="drome")
    wish = make.wish(territory=territory, title="Passerelle Apidae")
    older = item(status="shipped", shipped_on=date(2025, 3, 1), release="2025.1", wishes=[wish])
    newer = item(status="shipped", shipped_on=date(2026, 3, 1), release="2026.1")
    item(status="planned")
    items = api.get("/shipped").get_json()["items"]
    assert [i["id"] for i in items] == [newer.id, older.id]
    assert items[1]["wishes"] == [
        {"id": wish.id, "title": "Passerelle Apidae", "territory": "drome"}
    ]
    assert items[1]["release"] == "2025.1" and items[1]["shipped_on"] == "2025-03-01"


def test_shipped_filters_by_supporting_territory(api, make, item, db):
    supporter = make.territory(slug="vienne")
    wish = make.wish(supporters=[supporter])
    wanted = item(status="shipped", shipped_on=date(2026, 1, 1), wishes=[wish])
    item(status="shipped", shipped_on=date(2026, 2, 1), wishes=[make.wish()])
    items = api.get("/shipped?territory=vienne").get_json()["items"]
    assert [i["id"] for i in items] == [wanted.id]
    assert db.session.query(Vote).filter_by(territory_id=supporter.id).count() == 1


def test_shipped_filters_by_club(api, make, item):
    member = make.territory()
    make.club(territories=[member], slug="club-ouest")
    wanted = item(
        status="shipped", shipped_on=date(2026, 1, 1), wishes=[make.wish(territory=member)]
    )
    item(status="shipped", shipped_on=date(2026, 2, 1), wishes=[make.wish()])
    items = api.get("/shipped?club=club-ouest").get_json()["items"]
    assert [i["id"] for i in items] == [wanted.id]


def test_shipped_since(api, item):
    item(status="shipped", shipped_on=date(2025, 1, 1))
    recent = item(status="shipped", shipped_on=date(2026, 6, 1))
    items = api.get("/shipped?since=2026-01-01").get_json()["items"]
    assert [i["id"] for i in items] == [recent.id]


def test_shipped_bad_since_is_422(api):
    response = api.get("/shipped?since=hier")
    assert response.status_code == 422
    assert "since" in response.get_json()["error"]["fields"]


def test_roadmap_item_gives_the_ticket_link(api, make, item):
    product = make.product(ticket_url_pattern="https://tracker.example/browse/{ref}")
    linked = item(product_id=product.id, external_ref="OP-1234")
    no_pattern = item(product_id=make.product().id, external_ref="OP-9")
    no_ref = item(product_id=product.id)
    body = api.get(f"/roadmap/{linked.id}").get_json()
    assert body["external_url"] == "https://tracker.example/browse/OP-1234"
    assert api.get(f"/roadmap/{no_pattern.id}").get_json()["external_url"] is None
    assert api.get(f"/roadmap/{no_ref.id}").get_json()["external_url"] is None
    listed = {i["id"]: i["external_url"] for i in api.get("/roadmap").get_json()["items"]}
    assert listed[linked.id] == "https://tracker.example/browse/OP-1234"
