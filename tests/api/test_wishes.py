"""Wish endpoints: list, file, read, edit, support, comments; errors and query budgets."""

from __future__ import annotations

import re

import pytest

from app.models import Comment, Vote, Wish, WishStatus

ISO_WITH_TZ = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)$")


@pytest.fixture
def catalog(make):
    return make.product(slug="open-pro"), make.category(slug="tarifs")


# --- list -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["club_member", "referent", "vendor", "admin"])
def test_members_list_wishes(api, make, role):
    make.wish()
    api.as_role(role)
    response = api.get("/wishes")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 50


def test_visitor_cannot_list_wishes(api):
    api.as_role("visitor")
    assert api.get("/wishes").status_code == 403


def test_anonymous_list_is_401(api):
    assert api.get("/wishes").status_code == 401


def test_list_item_fields(api, make):
    territory = make.territory(slug="drome")
    wish = make.wish(territory=territory)
    api.as_role("club_member")
    item = api.get("/wishes").get_json()["items"][0]
    assert item["id"] == wish.id
    assert item["territory"] == "drome"
    assert item["votes"] == 1 and item["territories_count"] == 1
    assert item["delivery"] == "new"
    assert ISO_WITH_TZ.match(item["created_at"])
    assert item["url"].endswith(f"/wishes/{wish.id}")


def test_list_filters_by_product_slug(api, make, catalog):
    product, _category = catalog
    wanted = make.wish(product=product)
    make.wish()
    api.as_role("club_member")
    items = api.get("/wishes?product=open-pro").get_json()["items"]
    assert [i["id"] for i in items] == [wanted.id]


def test_list_filters_by_status(api, make):
    make.wish()
    accepted = make.wish(status=WishStatus.ACCEPTED)
    api.as_role("club_member")
    items = api.get("/wishes?status=accepted").get_json()["items"]
    assert [i["id"] for i in items] == [accepted.id]


def test_list_filters_by_club(api, make):
    member = make.territory()
    inside = make.wish(territory=member)
    make.wish()
    make.club(territories=[member], slug="club-sud")
    api.as_role("club_member")
    items = api.get("/wishes?club=club-sud").get_json()["items"]
    assert [i["id"] for i in items] == [inside.id]


def test_list_filters_by_text(api, make):
    wanted = make.wish(title="Tarification par saison")
    make.wish(title="Passerelle Apidae")
    api.as_role("club_member")
    items = api.get("/wishes?q=saison").get_json()["items"]
    assert [i["id"] for i in items] == [wanted.id]


def test_list_sorts_by_support_by_default(api, make):
    small = make.wish()
    big = make.wish(supporters=[make.territory(), make.territory()])
    api.as_role("club_member")
    assert [i["id"] for i in api.get("/wishes").get_json()["items"]] == [big.id, small.id]


def test_list_sorts_newest_first(api, make):
    old = make.wish(supporters=[make.territory()])
    new = make.wish()
    api.as_role("club_member")
    items = api.get("/wishes?sort=new").get_json()["items"]
    assert [i["id"] for i in items] == [new.id, old.id]


def test_unknown_sort_is_422(api):
    api.as_role("club_member")
    response = api.get("/wishes?sort=random")
    assert response.status_code == 422
    assert "sort" in response.get_json()["error"]["fields"]


def test_unknown_status_is_422(api):
    api.as_role("club_member")
    assert "status" in api.get("/wishes?status=bogus").get_json()["error"]["fields"]


def test_pagination(api, make):
    for _ in range(3):
        make.wish()
    api.as_role("club_member")
    body = api.get("/wishes?per_page=2&page=2").get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (2, 2, 3, 1)


def test_huge_per_page_is_capped_at_100(api):
    api.as_role("club_member")
    response = api.get("/wishes?per_page=100000")
    assert response.status_code == 200
    assert response.get_json()["per_page"] == 100


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=0", "per_page=-5", "page=1.5"])
def test_bad_pagination_is_422(api, query):
    api.as_role("club_member")
    response = api.get(f"/wishes?{query}")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) <= {"page", "per_page"}


def test_list_runs_a_constant_number_of_queries(api, make, count_queries):
    api.as_role("club_member")
    api.get("/wishes")  # records last use of the token
    make.wish()
    with count_queries() as one:
        api.get("/wishes")
    for _ in range(5):
        make.wish(supporters=[make.territory()])
    with count_queries() as many:
        api.get("/wishes")
    assert many.count == one.count
    assert one.count <= 5


def _supported_wishes(make, count):
    """``count`` wishes, the n-th supported by n territories besides its own."""
    others = [make.territory() for _ in range(count)]
    return [make.wish(supporters=others[:n]) for n in range(count)]


@pytest.mark.parametrize("sort", ["support", "votes", "new", "updated"])
def test_every_page_holds_the_items_of_the_whole_list_in_order(api, make, sort):
    _supported_wishes(make, 7)
    api.as_role("club_member")
    whole = api.get(f"/wishes?sort={sort}&per_page=100").get_json()["items"]
    pages = []
    for page in range(1, 5):
        body = api.get(f"/wishes?sort={sort}&per_page=2&page={page}").get_json()
        assert body["total"] == 7 and body["page"] == page
        pages += body["items"]
    assert pages == whole
    if sort == "support":
        supports = [item["territories_count"] for item in whole]
        assert supports == sorted(supports, reverse=True) and supports[0] == 7


def test_the_first_page_costs_four_queries_and_any_other_five(api, make, count_queries):
    """The first page reads its total with its ids; a later page counts apart, to walk
    from the nearer end of the list."""
    _supported_wishes(make, 7)
    api.as_role("club_member")
    api.get("/wishes")  # records last use of the token
    counts = []
    for page in (1, 2, 3, 4):  # from the top, then from the end of the list
        with count_queries() as counter:
            assert api.get(f"/wishes?per_page=2&page={page}").status_code == 200
        counts.append(counter.count)
    assert counts == [4, 5, 5, 5], counts


# --- create ---------------------------------------------------------------------------


def test_referent_files_a_wish(api, db, catalog):
    user = api.as_role("referent")
    response = api.post(
        "/wishes",
        json={
            "title": "Calendrier des activités",
            "body": "Des détails.",
            "product": "open-pro",
            "category": "tarifs",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["territory"] == user.territory.slug
    assert body["supporters"] == [user.territory.slug]
    assert response.headers["Location"].endswith(f"/api/v1/wishes/{body['id']}")
    assert db.session.get(Wish, body["id"]).author_id == user.id


def test_vendor_files_for_a_territory(api, make, catalog):
    territory = make.territory(slug="vienne")
    api.as_role("vendor")
    response = api.post(
        "/wishes",
        json={
            "title": "Bons cadeaux Addock",
            "product": "open-pro",
            "category": "tarifs",
            "territory": "vienne",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["territory"] == territory.slug


def test_vendor_without_territory_gets_422(api, catalog):
    api.as_role("vendor")
    response = api.post(
        "/wishes",
        json={"title": "Bons cadeaux Addock", "product": "open-pro", "category": "tarifs"},
    )
    assert response.status_code == 422
    assert "territory" in response.get_json()["error"]["fields"]


def test_referent_cannot_file_for_another_territory(api, make, catalog):
    other = make.territory(slug="ailleurs")
    api.as_role("referent")
    response = api.post(
        "/wishes",
        json={
            "title": "Bons cadeaux Addock",
            "product": "open-pro",
            "category": "tarifs",
            "territory": other.slug,
        },
    )
    assert response.status_code == 403


def test_club_member_cannot_file(api, catalog):
    api.as_role("club_member")
    response = api.post(
        "/wishes",
        json={"title": "Bons cadeaux Addock", "product": "open-pro", "category": "tarifs"},
    )
    assert response.status_code == 403


def test_create_reports_every_bad_field(api, db, catalog):
    api.as_role("referent")
    response = api.post("/wishes", json={"title": "x", "product": "inconnu", "category": 12})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"title", "product", "category"} <= set(fields)
    assert db.session.query(Wish).count() == 0


def test_create_wrong_types_is_422(api, catalog):
    api.as_role("referent")
    response = api.post(
        "/wishes",
        json={
            "title": ["liste"],
            "product": "open-pro",
            "category": "tarifs",
            "providers_asking": "beaucoup",
        },
    )
    assert response.status_code == 422
    assert {"title", "providers_asking"} <= set(response.get_json()["error"]["fields"])


def test_create_unknown_field_is_422(api, catalog):
    api.as_role("referent")
    response = api.post(
        "/wishes",
        json={
            "title": "Calendrier des activités",
            "product": "open-pro",
            "category": "tarifs",
            "status": "accepted",
        },
    )
    assert response.status_code == 422
    assert "status" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "{not json", "headers": {"Content-Type": "application/json"}},
        {"data": "title=x", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {"json": ["a", "list"]},
        {"data": "", "headers": {"Content-Type": "application/json"}},
    ],
)
def test_malformed_body_is_400_json(api, db, kwargs):
    api.as_role("referent")
    response = api.post("/wishes", **kwargs)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


# --- detail ---------------------------------------------------------------------------


def test_detail_has_body_supporters_and_history(api, make):
    territory = make.territory(slug="ardeche")
    other = make.territory(slug="drome")
    wish = make.wish(territory=territory, supporters=[other], body="**Gras**")
    api.as_role("club_member")
    body = api.get(f"/wishes/{wish.id}").get_json()
    assert body["body"] == "**Gras**"
    assert body["supporters"] == ["ardeche", "drome"]
    assert body["roadmap_items"] == []
    assert body["history"][0]["kind"] == "created"
    assert body["history"][0]["to"] == "new"
    assert ISO_WITH_TZ.match(body["history"][0]["at"])


def test_detail_unknown_is_404(api):
    api.as_role("club_member")
    response = api.get("/wishes/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_detail_visitor_is_403(api, make):
    wish = make.wish()
    api.as_role("visitor")
    assert api.get(f"/wishes/{wish.id}").status_code == 403


def test_detail_runs_a_constant_number_of_queries(api, make, count_queries):
    api.as_role("club_member")
    small = make.wish().id
    big = make.wish(supporters=[make.territory() for _ in range(5)]).id
    api.get(f"/wishes/{small}")
    with count_queries() as one:
        api.get(f"/wishes/{small}")
    with count_queries() as many:
        api.get(f"/wishes/{big}")
    assert many.count == one.count, "\n".join(many.statements)


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(api):
    api.as_role("club_member")
    response = api.client.delete("/api/v1/wishes", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 405
    assert "error" in response.get_json()


# --- edit -----------------------------------------------------------------------------


def test_author_edits_new_wish(api, make, catalog):
    user = api.as_role("referent")
    wish = make.wish(author=user)
    response = api.patch(f"/wishes/{wish.id}", json={"title": "Un titre plus clair"})
    assert response.status_code == 200
    assert response.get_json()["title"] == "Un titre plus clair"


def test_other_referent_cannot_edit(api, make):
    wish = make.wish()
    api.as_role("referent")
    assert api.patch(f"/wishes/{wish.id}", json={"title": "Un autre titre"}).status_code == 403


def test_edit_invalid_title_is_422(api, make, db):
    user = api.as_role("referent")
    wish = make.wish(author=user, title="Titre d'origine")
    response = api.patch(f"/wishes/{wish.id}", json={"title": "x"})
    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Wish, wish.id).title == "Titre d'origine"


def test_edit_unknown_wish_is_404(api):
    api.as_role("vendor")
    assert api.patch("/wishes/424242", json={"title": "Un autre titre"}).status_code == 404


def test_edit_empty_body_is_422(api, make):
    user = api.as_role("referent")
    wish = make.wish(author=user)
    assert api.patch(f"/wishes/{wish.id}", json={}).status_code == 422


def test_note_without_status_is_422(api, make):
    wish = make.wish()
    api.as_role("vendor")
    response = api.patch(f"/wishes/{wish.id}", json={"note": "Pourquoi pas"})
    assert "note" in response.get_json()["error"]["fields"]


def test_unknown_status_in_patch_is_422(api, make):
    wish = make.wish()
    api.as_role("vendor")
    response = api.patch(f"/wishes/{wish.id}", json={"status": "maybe"})
    assert response.status_code == 422
    assert "status" in response.get_json()["error"]["fields"]


# --- support --------------------------------------------------------------------------


def test_vote_is_idempotent(api, make, db):
    wish = make.wish()
    user = api.as_role("referent")
    first = api.put(f"/wishes/{wish.id}/vote")
    second = api.put(f"/wishes/{wish.id}/vote")
    assert first.status_code == second.status_code == 200
    assert second.get_json() == {
        "wish_id": wish.id,
        "voted": True,
        "votes": 2,
        "territories_count": 2,
    }
    assert db.session.query(Vote).filter_by(user_id=user.id).count() == 1


def test_unvote_removes_support(api, make):
    wish = make.wish()
    api.as_role("referent")
    api.put(f"/wishes/{wish.id}/vote")
    response = api.delete(f"/wishes/{wish.id}/vote")
    assert response.status_code == 200
    assert response.get_json()["voted"] is False
    assert response.get_json()["votes"] == 1


def test_unvote_without_support_is_a_noop(api, make):
    wish = make.wish()
    api.as_role("referent")
    response = api.delete(f"/wishes/{wish.id}/vote")
    assert response.status_code == 200
    assert response.get_json()["votes"] == 1


@pytest.mark.parametrize("status", [WishStatus.DECLINED, WishStatus.DUPLICATE])
def test_vote_on_closed_wish_is_409(api, make, status):
    wish = make.wish(status=status)
    api.as_role("referent")
    response = api.put(f"/wishes/{wish.id}/vote")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "wish_closed"


def test_club_member_cannot_vote(api, make):
    wish = make.wish()
    api.as_role("club_member")
    assert api.put(f"/wishes/{wish.id}/vote").status_code == 403


def test_vote_unknown_wish_is_404(api):
    api.as_role("referent")
    assert api.put("/wishes/98765/vote").status_code == 404


def test_vendor_records_support_on_behalf_of_a_territory(api, make):
    wish = make.wish()
    make.territory(slug="loire")
    api.as_role("vendor")
    response = api.put(f"/wishes/{wish.id}/vote", json={"territory": "loire"})
    assert response.status_code == 200
    assert response.get_json()["territories_count"] == 2


def test_vote_for_unknown_territory_is_422(api, make):
    wish = make.wish()
    api.as_role("vendor")
    response = api.put(f"/wishes/{wish.id}/vote", json={"territory": "nulle-part"})
    assert response.status_code == 422
    assert "territory" in response.get_json()["error"]["fields"]


def test_referent_cannot_vote_on_behalf_of_another_territory(api, make):
    wish = make.wish()
    make.territory(slug="loire")
    api.as_role("referent")
    assert api.put(f"/wishes/{wish.id}/vote", json={"territory": "loire"}).status_code == 403


# --- comments -------------------------------------------------------------------------


def test_comments_are_listed_oldest_first(api, make, db):
    wish = make.wish()
    author = make.user(role="club_member", display_name="Claire")
    for text in ("Premier", "Second"):
        db.session.add(Comment(wish_id=wish.id, author_id=author.id, body=text))
        db.session.commit()
    api.as_role("club_member")
    body = api.get(f"/wishes/{wish.id}/comments").get_json()
    assert [c["body"] for c in body["items"]] == ["Premier", "Second"]
    assert body["items"][0]["author"] == "Claire"
    assert body["total"] == 2


def test_club_member_comments(api, make):
    wish = make.wish()
    api.as_role("club_member", display_name="Léa")
    response = api.post(f"/wishes/{wish.id}/comments", json={"body": "Même besoin ici."})
    assert response.status_code == 201
    assert response.get_json()["author"] == "Léa"
    assert response.get_json()["is_official"] is False


def test_empty_comment_is_422(api, make, db):
    wish = make.wish()
    api.as_role("club_member")
    response = api.post(f"/wishes/{wish.id}/comments", json={"body": "   "})
    assert response.status_code == 422
    assert "body" in response.get_json()["error"]["fields"]
    assert db.session.query(Comment).count() == 0


def test_comment_on_unknown_wish_is_404(api):
    api.as_role("club_member")
    assert api.post("/wishes/55555/comments", json={"body": "Bonjour"}).status_code == 404
    assert api.get("/wishes/55555/comments").status_code == 404


def test_visitor_cannot_comment(api, make):
    wish = make.wish()
    api.as_role("visitor")
    assert api.post(f"/wishes/{wish.id}/comments", json={"body": "Bonjour"}).status_code == 403
