"""Dot votes (gommettes) and the workshop board through the API (DESIGN §8)."""

from __future__ import annotations

from datetime import date

from app.models import DotVote, Event, Role
from tests.events.conftest import open_vote


def dots_url(r, wish_key, workshop_key="pricing"):
    return f"/workshops/{r[workshop_key].id}/dots/{r[wish_key].id}"


def test_a_referent_spreads_dots_for_their_own_territory(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    response = api.put(dots_url(r, "seasons"), json={"count": 3})
    assert response.status_code == 200
    assert response.get_json() == {
        "workshop": r["pricing"].id,
        "wish_id": r["seasons"].id,
        "territory": "drome",
        "count": 3,
        "on_behalf": False,
        "used": 3,
        "budget": 5,
    }
    assert api.put(dots_url(r, "copy"), json={"count": 2}).get_json()["used"] == 5


def test_more_dots_than_the_budget_are_refused_and_nothing_changes(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    api.put(dots_url(r, "seasons"), json={"count": 4})
    response = api.put(dots_url(r, "copy"), json={"count": 2})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "over_budget"
    # Moving dots within the budget is fine: the wish's own dots are replaced, not added.
    assert api.put(dots_url(r, "seasons"), json={"count": 5}).status_code == 200
    assert db.session.query(DotVote).count() == 1


def test_zero_removes_the_dots(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    api.put(dots_url(r, "seasons"), json={"count": 2})
    response = api.put(dots_url(r, "seasons"), json={"count": 0})
    assert response.get_json()["count"] == 0
    assert db.session.query(DotVote).count() == 0


def test_a_closed_workshop_refuses_dots(api, rencontre):
    r = rencontre
    api.as_user(r["referents"]["drome"])
    response = api.put(dots_url(r, "seasons"), json={"count": 1})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "workshop_closed"


def test_a_wish_of_another_workshop_is_not_found(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    assert api.put(dots_url(r, "apidae"), json={"count": 1}).status_code == 404


def test_a_referent_cannot_vote_for_another_territory(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    response = api.put(dots_url(r, "seasons"), json={"count": 1, "territory": "isere"})
    assert response.status_code == 403


def test_the_vendor_records_dots_on_behalf_of_a_territory(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_role(Role.VENDOR)
    response = api.put(dots_url(r, "seasons"), json={"count": 2, "territory": "isere"})
    assert response.status_code == 200
    assert response.get_json()["on_behalf"] is True
    vote = db.session.query(DotVote).one()
    assert (vote.territory_id, vote.on_behalf) == (r["isere"].id, True)
    # Without a territory the vendor is asked which one.
    assert api.put(dots_url(r, "copy"), json={"count": 1}).status_code == 422


def test_club_members_only_watch(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_role(Role.CLUB_MEMBER)
    assert api.put(dots_url(r, "seasons"), json={"count": 1}).status_code == 403
    assert api.get(f"/workshops/{r['pricing'].id}/board").status_code == 200


def test_bad_counts_are_refused(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    for body in ({"count": -1}, {"count": "2"}, {}, {"count": 1, "colour": "red"}):
        assert api.put(dots_url(r, "seasons"), json=body).status_code == 422, body


def test_opening_and_closing_a_workshop(api, rencontre):
    r = rencontre
    api.as_user(r["referents"]["drome"])
    url = f"/workshops/{r['pricing'].id}"
    assert api.patch(url, json={"open": True}).status_code == 403
    api.as_role(Role.VENDOR)
    response = api.patch(url, json={"open": True})
    assert response.get_json() == {
        "id": r["pricing"].id,
        "slug": "tarification",
        "title": "Tarification",
        "open": True,
    }
    event = api.get("/events/rn-2023").get_json()
    assert event["workshops"][0]["open"] is True
    assert event["workshops"][1] == {
        "id": r["gateways"].id,
        "slug": "passerelles",
        "title": "Passerelles",
        "open": False,
    }


def test_the_board_ranks_by_dots_then_territories(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    api.put(dots_url(r, "copy"), json={"count": 2})
    api.as_user(r["referents"]["ardeche"])
    api.put(dots_url(r, "seasons"), json={"count": 1})
    api.as_user(r["referents"]["isere"])
    api.put(dots_url(r, "seasons"), json={"count": 1})
    board = api.get(f"/workshops/{r['pricing'].id}/board").get_json()
    assert board["open"] is True
    assert board["budget"] == 5
    assert [(i["wish"]["id"], i["dots"], i["territories"]) for i in board["items"]] == [
        (r["seasons"].id, 2, 2),
        (r["copy"].id, 2, 1),
    ]
    assert board["items"][0]["wish"] == {
        "id": r["seasons"].id,
        "title": "Tarification par saison",
        "territory": "drome",
    }


def test_the_board_answers_304_while_nothing_changed(api, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    url = f"/workshops/{r['pricing'].id}/board"
    first = api.get(url)
    etag = first.headers["ETag"]
    again = api.client.get(
        "/api/v1" + url,
        headers={"Authorization": f"Bearer {api.token}", "If-None-Match": etag},
    )
    assert again.status_code == 304
    assert again.data == b""
    api.put(dots_url(r, "seasons"), json={"count": 1})
    changed = api.client.get(
        "/api/v1" + url,
        headers={"Authorization": f"Bearer {api.token}", "If-None-Match": etag},
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_a_wish_captured_in_the_room_appears_on_the_board(api, db, rencontre):
    r = rencontre
    api.as_user(r["referents"]["drome"])
    url = f"/workshops/{r['pricing'].id}/board"
    etag = api.get(url).headers["ETag"]
    fresh = r["wish"]("Réductions selon la durée du séjour", r["isere"], r["pricing"])
    board = api.client.get(
        "/api/v1" + url,
        headers={"Authorization": f"Bearer {api.token}", "If-None-Match": etag},
    )
    assert board.status_code == 200
    assert fresh.id in [i["wish"]["id"] for i in board.get_json()["items"]]


def test_a_board_poll_runs_a_constant_number_of_queries(api, db, rencontre, count_queries):
    r = rencontre
    open_vote(db, r["pricing"])
    api.as_user(r["referents"]["drome"])
    url = f"/workshops/{r['pricing'].id}/board"
    api.get(url)  # the token's first use is recorded once
    with count_queries() as few:
        api.get(url)
    for n in range(6):
        r["wish"](f"Souhait noté en atelier {n}", r["ardeche"], r["pricing"])
    api.put(dots_url(r, "seasons"), json={"count": 3})
    with count_queries() as many:
        api.get(url)
    assert many.count == few.count <= 4


def test_the_events_come_one_page_at_a_time_newest_first_with_their_workshops(api, db, rencontre):
    db.session.add(
        Event(name="Rencontre nationale 2022", slug="rn-2022", starts_on=date(2022, 4, 5))
    )
    db.session.flush()
    api.as_user(rencontre["referents"]["drome"])
    first = api.get("/events?per_page=1").get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 1, 2)
    assert [event["slug"] for event in first["items"]] == ["rn-2023"]
    assert [w["slug"] for w in first["items"][0]["workshops"]] == ["tarification", "passerelles"]
    second = api.get("/events?per_page=1&page=2").get_json()
    assert [(event["slug"], event["workshops"]) for event in second["items"]] == [("rn-2022", [])]
