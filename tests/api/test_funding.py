"""Co-funding through the API: goal, pledges, confirmation, the item's ``funding``."""

from __future__ import annotations

from app.models import Role
from app.services import roadmap as roadmap_services


def _item(db, make, **kw):
    vendor = make.user(role=Role.VENDOR)
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Module bons cadeaux", **kw)
    db.session.commit()
    return item


def test_the_vendor_sets_a_goal_and_a_deadline_by_patch(api, db, make):
    item = _item(db, make)
    api.as_role(Role.VENDOR)
    response = api.patch(
        f"/roadmap/{item.id}", json={"funding_goal": 12500, "funding_deadline": "2027-03-31"}
    )
    assert response.status_code == 200
    funding = response.get_json()["funding"]
    assert funding["goal"] == 12500
    assert funding["deadline"] == "2027-03-31"
    assert (funding["pledged"], funding["territories"], funding["reached"]) == (0, [], False)


def test_a_bad_goal_is_refused(api, db, make):
    item = _item(db, make)
    api.as_role(Role.VENDOR)
    for goal in (-1, 0, "mille", 1.5):
        response = api.patch(f"/roadmap/{item.id}", json={"funding_goal": goal})
        assert response.status_code == 422
        assert "funding_goal" in response.get_json()["error"]["fields"]


def test_referents_pledge_and_the_item_shows_who_and_how_much(api, db, make):
    item = _item(db, make)
    api.as_role(Role.VENDOR)
    api.patch(f"/roadmap/{item.id}", json={"funding_goal": 3000})
    drome = make.territory(slug="drome", name="Drôme Tourisme")
    ardeche = make.territory(slug="ardeche", name="Ardèche Tourisme")
    api.as_role(Role.REFERENT, territory=drome)
    assert api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 1500}).status_code == 200
    api.as_role(Role.REFERENT, territory=ardeche)
    response = api.put(f"/roadmap/{item.id}/pledges/ardeche", json={"amount": 1500})

    funding = response.get_json()["funding"]
    assert funding["pledged"] == 3000
    assert sorted(funding["territories"]) == ["ardeche", "drome"]
    assert funding["reached"] is True
    shown = api.get(f"/roadmap/{item.id}").get_json()["funding"]
    assert shown["pledged"] == 3000


def test_pledging_for_another_territory_is_forbidden(api, db, make):
    item = _item(db, make)
    api.as_role(Role.VENDOR)
    api.patch(f"/roadmap/{item.id}", json={"funding_goal": 3000})
    make.territory(slug="drome")
    api.as_role(Role.REFERENT)
    response = api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 100})
    assert response.status_code == 403
    api.as_role(Role.VENDOR)
    assert api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 100}).status_code == 403


def test_bad_pledges_get_json_errors(api, db, make):
    item = _item(db, make)
    territory = make.territory(slug="drome")
    api.as_role(Role.REFERENT, territory=territory)
    # No goal yet.
    assert api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 100}).status_code == 409
    api.as_role(Role.VENDOR)
    api.patch(f"/roadmap/{item.id}", json={"funding_goal": 3000})
    api.as_role(Role.REFERENT, territory=territory)
    for body in ({"amount": 0}, {"amount": "100"}, {}, {"amount": 5, "extra": 1}):
        assert api.put(f"/roadmap/{item.id}/pledges/drome", json=body).status_code == 422
    assert api.put(f"/roadmap/{item.id}/pledges/drome", data="x").status_code == 400
    assert api.put(f"/roadmap/{item.id}/pledges/nulle-part", json={"amount": 1}).status_code in (
        403,
        404,
    )
    assert api.put("/roadmap/999999/pledges/drome", json={"amount": 1}).status_code == 404
    api.anonymous()
    assert api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 1}).status_code == 401


def test_withdrawal_until_confirmed_then_locked(api, db, make):
    item = _item(db, make)
    api.as_role(Role.VENDOR)
    api.patch(f"/roadmap/{item.id}", json={"funding_goal": 1000})
    territory = make.territory(slug="drome")
    referent = api.as_role(Role.REFERENT, territory=territory)
    api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 400})
    response = api.delete(f"/roadmap/{item.id}/pledges/drome")
    assert response.status_code == 200
    assert response.get_json()["funding"]["pledged"] == 0
    assert api.delete(f"/roadmap/{item.id}/pledges/drome").status_code == 200  # idempotent

    api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 1000})
    assert api.post(f"/roadmap/{item.id}/funding/confirm").status_code == 403
    api.as_role(Role.VENDOR)
    confirmed = api.post(f"/roadmap/{item.id}/funding/confirm")
    assert confirmed.status_code == 200
    assert confirmed.get_json()["funding"]["confirmed"] is True
    assert api.post(f"/roadmap/{item.id}/funding/confirm").status_code == 409

    api.as_user(referent)
    locked = api.delete(f"/roadmap/{item.id}/pledges/drome")
    assert locked.status_code == 409
    assert locked.get_json()["error"]["code"] == "funding_locked"
    assert api.put(f"/roadmap/{item.id}/pledges/drome", json={"amount": 5}).status_code == 409


def test_the_list_reads_funding_in_a_constant_number_of_queries(api, db, make, count_queries):
    api.as_role(Role.ADMIN)

    def list_queries():
        with count_queries() as counter:
            assert api.get("/roadmap?per_page=100").status_code == 200
        return counter.count

    item = _item(db, make)
    api.patch(f"/roadmap/{item.id}", json={"funding_goal": 3000})
    api.put(f"/roadmap/{item.id}/pledges/{make.territory().slug}", json={"amount": 10})
    before = list_queries()
    for n in range(4):
        other = _item(db, make)
        api.patch(f"/roadmap/{other.id}", json={"funding_goal": 1000 + n})
        for _ in range(2):
            api.put(f"/roadmap/{other.id}/pledges/{make.territory().slug}", json={"amount": 10})
    assert list_queries() == before


def test_the_openapi_document_describes_pledges(spec):
    assert "put" in spec["paths"]["/roadmap/{id}/pledges/{territory_slug}"]
    assert "delete" in spec["paths"]["/roadmap/{id}/pledges/{territory_slug}"]
    assert "post" in spec["paths"]["/roadmap/{id}/funding/confirm"]
    item = spec["components"]["schemas"]["RoadmapItem"]["properties"]
    assert item["funding"] == {"$ref": "#/components/schemas/Funding"}
    update = spec["components"]["schemas"]["RoadmapItemUpdate"]["properties"]
    assert {"funding_goal", "funding_deadline"} <= set(update)
