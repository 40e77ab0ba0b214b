"""Freezing the restitution, the vendor's answers, publication and the review (API)."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from app.models import Follow, Notification, RoadmapItem, RoadmapStatus, Role, WishLink
from tests.events.conftest import open_vote


def place_dots(api, db, r):
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["ardeche"])
    api.put(f"/workshops/{r['pricing'].id}/dots/{r['copy'].id}", json={"count": 3})
    api.as_user(r["referents"]["isere"])
    api.put(f"/workshops/{r['pricing'].id}/dots/{r['seasons'].id}", json={"count": 1})


def freeze(api, make):
    api.as_role(Role.VENDOR)
    return api.post("/events/rn-2023/restitution")


def test_freezing_keeps_the_ranked_list_as_handed_over(api, db, make, rencontre):
    r = rencontre
    place_dots(api, db, r)
    response = freeze(api, make)
    assert response.status_code == 201
    body = response.get_json()
    assert body["frozen_at"] is not None
    assert body["published"] is False
    assert [
        (e["wish"]["id"], e["workshop"], e["rank"], e["dots"], e["territories_count"])
        for e in body["entries"]
    ] == [
        (r["copy"].id, "tarification", 1, 3, 1),
        (r["seasons"].id, "tarification", 2, 1, 2),
        (r["apidae"].id, "passerelles", 1, 0, 1),
    ]
    assert {e["status_at_freeze"] for e in body["entries"]} == {"new"}
    assert {e["answer"] for e in body["entries"]} == {None}


def test_freezing_twice_is_refused(api, db, make, rencontre):
    freeze(api, make)
    second = api.post("/events/rn-2023/restitution")
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_frozen"


def test_frozen_figures_never_change_afterwards(api, db, make, rencontre):
    r = rencontre
    place_dots(api, db, r)
    freeze(api, make)
    r["seasons"].status = "accepted"
    db.session.commit()
    # The vote closed with the freeze and does not reopen.
    assert api.patch(f"/workshops/{r['pricing'].id}", json={"open": True}).status_code == 409
    entries = api.get("/events/rn-2023/restitution").get_json()["entries"]
    seasons = next(e for e in entries if e["wish"]["id"] == r["seasons"].id)
    assert (seasons["dots"], seasons["status_at_freeze"], seasons["delivery"]) == (
        1,
        "new",
        "accepted",
    )


def test_only_the_vendor_and_the_admin_freeze(api, make, rencontre):
    api.as_user(rencontre["referents"]["drome"])
    assert api.post("/events/rn-2023/restitution").status_code == 403
    assert api.get("/events/rn-2023/restitution").get_json()["frozen_at"] is None


def test_a_retained_answer_needs_a_target(api, make, rencontre):
    r = rencontre
    freeze(api, make)
    url = f"/events/rn-2023/restitution/{r['seasons'].id}/answer"
    refused = api.put(url, json={"decision": "retained", "text": "Oui."})
    assert refused.status_code == 422
    assert "target" in refused.get_json()["error"]["fields"]
    assert api.put(url, json={"decision": "retained", "target": "2024-T9"}).status_code == 422
    assert api.put(url, json={"decision": "maybe"}).status_code == 422
    ok = api.put(url, json={"decision": "retained", "target": "2024-t2", "text": "Au printemps."})
    assert ok.status_code == 200
    assert ok.get_json()["answer"] == {
        "decision": "retained",
        "target": "2024-T2",
        "text": "Au printemps.",
        "published": False,
        "answered_at": ok.get_json()["answer"]["answered_at"],
    }


def test_answers_are_drafts_until_published(api, make, db, rencontre):
    r = rencontre
    freeze(api, make)
    vendor = api.user
    api.put(
        f"/events/rn-2023/restitution/{r['apidae'].id}/answer",
        json={"decision": "later", "text": "Après la passerelle Tourinsoft."},
    )
    api.as_user(r["referents"]["isere"])
    draft = api.get("/events/rn-2023/restitution").get_json()
    assert {e["answer"] for e in draft["entries"]} == {None}
    api.as_user(vendor)
    published = api.post("/events/rn-2023/restitution/publish")
    assert published.status_code == 200
    assert published.get_json()["published"] is True
    api.as_user(r["referents"]["isere"])
    entries = api.get("/events/rn-2023/restitution").get_json()["entries"]
    apidae = next(e for e in entries if e["wish"]["id"] == r["apidae"].id)
    assert apidae["answer"]["decision"] == "later"
    assert apidae["answer"]["published"] is True


def test_publishing_notifies_followers_and_referents_of_the_territories(api, make, db, rencontre):
    r = rencontre
    follower = make.user(role=Role.CLUB_MEMBER)
    db.session.add(Follow(user_id=follower.id, wish_id=r["seasons"].id))
    db.session.commit()
    freeze(api, make)
    api.put(
        f"/events/rn-2023/restitution/{r['seasons'].id}/answer",
        json={"decision": "retained", "target": "2024", "text": "Prévu."},
    )
    api.post("/events/rn-2023/restitution/publish")
    told = {
        n.user_id for n in db.session.query(Notification).filter_by(kind="restitution_answer").all()
    }
    # The filer (Drôme), the supporter (Ardèche) and the follower; not Isère.
    assert told == {r["referents"]["drome"].id, r["referents"]["ardeche"].id, follower.id}


def test_publishing_with_nothing_answered_is_refused(api, make, rencontre):
    freeze(api, make)
    assert api.post("/events/rn-2023/restitution/publish").status_code == 409


def test_answering_a_wish_outside_the_restitution_is_not_found(api, make, rencontre):
    freeze(api, make)
    assert (
        api.put("/events/rn-2023/restitution/999999/answer", json={"decision": "later"}).status_code
        == 404
    )


def ship(db, wish, *, target, status, shipped_on=None):
    item = RoadmapItem(title=f"Livraison {wish.title}", target=target, status=status)
    item.shipped_on = shipped_on
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    db.session.commit()
    return item


def test_the_review_compares_what_was_promised_with_what_shipped(api, make, db, rencontre):
    r = rencontre
    freeze(api, make)
    for key, target in (("seasons", "2024-T1"), ("copy", "2024-T2"), ("apidae", "2025")):
        api.put(
            f"/events/rn-2023/restitution/{r[key].id}/answer",
            json={"decision": "retained", "target": target, "text": ""},
        )
    api.post("/events/rn-2023/restitution/publish")
    ship(db, r["seasons"], target="2024-T1", status="shipped", shipped_on=date(2024, 3, 20))
    ship(db, r["copy"], target="2024-T2", status="in_progress")
    ship(db, r["apidae"], target="2025", status="planned")
    api.as_role(Role.CLUB_MEMBER)
    with freeze_time("2024-09-01"):
        review = api.get("/events/rn-2023/review").get_json()
    assert review["summary"] == {
        "retained": 3,
        "delivered": 1,
        "on_time": 1,
        "late": 1,
        "pending": 1,
    }
    late = {i["wish"]["id"]: i["late"] for i in review["items"]}
    assert late == {r["seasons"].id: False, r["copy"].id: True, r["apidae"].id: False}
    seasons = next(i for i in review["items"] if i["wish"]["id"] == r["seasons"].id)
    assert (seasons["target"], seasons["delivered_on"]) == ("2024-T1", "2024-03-20")
    drome = next(t for t in review["territories"] if t["territory"] == "drome")
    assert (drome["retained"], drome["on_time"]) == (1, 1)


def test_roadmap_items_say_when_they_are_late_and_filter_on_it(api, db, rencontre):
    r = rencontre
    late = ship(db, r["copy"], target="2024-T2", status=RoadmapStatus.IN_PROGRESS)
    ship(
        db,
        r["seasons"],
        target="2024-T2",
        status=RoadmapStatus.SHIPPED,
        shipped_on=date(2024, 8, 1),
    )
    ship(db, r["apidae"], target="2024-T4", status=RoadmapStatus.PLANNED)
    api.as_role(Role.CLUB_MEMBER)
    with freeze_time("2024-09-01"):
        listed = api.get("/roadmap?late=1").get_json()
        assert [i["id"] for i in listed["items"]] == [late.id]
        assert listed["items"][0]["late"] is True
        everything = api.get("/roadmap").get_json()["items"]
        assert sum(i["late"] for i in everything) == 1


def test_the_notification_says_what_the_vendor_answered(api, make, db, client, rencontre):
    r = rencontre
    freeze(api, make)
    api.put(
        f"/events/rn-2023/restitution/{r['seasons'].id}/answer",
        json={"decision": "retained", "target": "2024-T2", "text": "Prévu."},
    )
    api.post("/events/rn-2023/restitution/publish")
    from app.services.notification_text import render

    notification = (
        db.session.query(Notification)
        .filter_by(kind="restitution_answer", user_id=r["referents"]["drome"].id)
        .one()
    )
    text = render(notification)
    assert "Tarification par saison" in text.message
    assert "2024-T2" in text.message
    assert text.path == "/events/rn-2023/restitution"
