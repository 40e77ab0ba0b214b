"""Triage, merge and roadmap writes through the API (services of the roadmap feature)."""

from __future__ import annotations

import pytest


@pytest.fixture
def roadmap_item(api, make):
    def _create(**body):
        api.as_role("vendor")
        response = api.post("/roadmap", json={"title": "Tarifs saisonniers", **body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return _create


def test_vendor_triages_a_wish_with_a_note(api, make):
    wish = make.wish()
    api.as_role("vendor")
    response = api.patch(f"/wishes/{wish.id}", json={"status": "accepted", "note": "En 2027."})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "accepted"
    assert body["history"][-1]["kind"] == "status"
    assert (body["history"][-1]["from"], body["history"][-1]["to"]) == ("new", "accepted")
    assert body["history"][-1]["note"] == "En 2027."


def test_referent_cannot_triage(api, make):
    user = api.as_role("referent")
    wish = make.wish(author=user)
    assert api.patch(f"/wishes/{wish.id}", json={"status": "accepted"}).status_code == 403


def test_vendor_merges_a_duplicate(api, make):
    duplicate, target = make.wish(), make.wish()
    api.as_role("vendor")
    response = api.post(f"/wishes/{duplicate.id}/merge", json={"into": target.id})
    assert response.status_code == 200
    assert response.get_json()["status"] == "duplicate"
    assert response.get_json()["merged_into"] == target.id


def test_merging_into_a_merged_wish_is_409(api, make):
    first, second, third = make.wish(), make.wish(), make.wish()
    api.as_role("vendor")
    api.post(f"/wishes/{first.id}/merge", json={"into": second.id})
    assert api.post(f"/wishes/{third.id}/merge", json={"into": first.id}).status_code == 409


def test_merge_needs_an_integer_into(api, make):
    wish = make.wish()
    api.as_role("vendor")
    response = api.post(f"/wishes/{wish.id}/merge", json={"into": "douze"})
    assert response.status_code == 422
    assert "into" in response.get_json()["error"]["fields"]


def test_club_member_cannot_merge(api, make):
    first, second = make.wish(), make.wish()
    api.as_role("club_member")
    assert api.post(f"/wishes/{first.id}/merge", json={"into": second.id}).status_code == 403


def test_vendor_creates_a_roadmap_item(roadmap_item, make):
    make.product(slug="open-pro")
    body = roadmap_item(product="open-pro", target="2027-T2")
    assert body["status"] == "considering"
    assert body["product"] == "open-pro" and body["target"] == "2027-T2"


def test_referent_cannot_create_a_roadmap_item(api):
    api.as_role("referent")
    assert api.post("/roadmap", json={"title": "Tarifs saisonniers"}).status_code == 403


def test_bad_target_is_422(api):
    api.as_role("vendor")
    response = api.post("/roadmap", json={"title": "Tarifs saisonniers", "target": "bientôt"})
    assert response.status_code == 422
    assert "target" in response.get_json()["error"]["fields"]


def test_link_and_unlink_a_wish(api, make, roadmap_item):
    item = roadmap_item()
    wish = make.wish()
    linked = api.put(f"/roadmap/{item['id']}/wishes/{wish.id}")
    again = api.put(f"/roadmap/{item['id']}/wishes/{wish.id}")
    assert linked.status_code == again.status_code == 200
    assert again.get_json()["wishes"] == [wish.id]
    unlinked = api.delete(f"/roadmap/{item['id']}/wishes/{wish.id}")
    assert unlinked.get_json()["wishes"] == []


def test_link_unknown_wish_is_404(api, roadmap_item):
    item = roadmap_item()
    assert api.put(f"/roadmap/{item['id']}/wishes/99999").status_code == 404


def test_ship_an_item_then_it_is_in_shipped(api, make, roadmap_item):
    item = roadmap_item()
    wish = make.wish()
    api.put(f"/roadmap/{item['id']}/wishes/{wish.id}")
    for status in ("planned", "in_progress", "in_testing"):
        assert api.patch(f"/roadmap/{item['id']}", json={"status": status}).status_code == 200
    response = api.patch(
        f"/roadmap/{item['id']}",
        json={"status": "shipped", "release": "2027.2", "shipped_on": "2027-05-12"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["shipped_on"] == "2027-05-12"
    shipped = api.get("/shipped").get_json()["items"]
    assert shipped[0]["id"] == item["id"] and shipped[0]["release"] == "2027.2"
    assert api.get(f"/wishes/{wish.id}").get_json()["delivery"] == "shipped"


def test_stale_version_is_409(api, roadmap_item):
    item = roadmap_item()
    api.patch(f"/roadmap/{item['id']}", json={"title": "Tarifs par saison"})
    response = api.patch(
        f"/roadmap/{item['id']}", json={"title": "Autre titre", "version": item["version"]}
    )
    assert response.status_code == 409


def test_release_without_status_is_422(api, roadmap_item):
    item = roadmap_item()
    response = api.patch(f"/roadmap/{item['id']}", json={"release": "2027.2"})
    assert "release" in response.get_json()["error"]["fields"]


def test_patch_unknown_item_is_404(api):
    api.as_role("vendor")
    assert api.patch("/roadmap/4242", json={"title": "Tarifs par saison"}).status_code == 404
