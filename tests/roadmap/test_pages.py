import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import Comment, RoadmapItem, Role, Wish, WishLink
from app.roadmap.routes import ROADMAP_PER_PAGE
from app.selectors.roadmap import BOARD_COLUMN_SIZE
from app.services import comments as comment_services
from app.services import follows as follow_services

NON_STAFF = [Role.VISITOR, Role.CLUB_MEMBER, Role.REFERENT]


@pytest.fixture
def setup(make, roadmap):
    wish = make.wish(title="Tarification par saison")
    other = make.wish(title="Copier une grille")
    item = roadmap.item(title="Saisons tarifaires", wishes=[wish])
    comment = comment_services.comment_add(user=wish.author, wish_id=wish.id, body="Merci")
    make.db.session.commit()
    return {"wish": wish, "other": other, "item": item, "comment": comment}


def _staff_requests(setup):
    wish, other, item, comment = setup["wish"], setup["other"], setup["item"], setup["comment"]
    return [
        ("get", "/triage/triage", {}),
        (
            "post",
            "/triage/triage/bulk",
            {"wish": str(wish.id), "action": "status", "status": "accepted"},
        ),
        ("post", f"/vendor/wishes/{wish.id}/status", {"status": "accepted"}),
        ("post", f"/vendor/wishes/{wish.id}/merge", {"into": str(other.id)}),
        ("post", f"/vendor/wishes/{other.id}/link", {"item": str(item.id)}),
        ("post", f"/vendor/wishes/{wish.id}/unlink/{item.id}", {}),
        ("post", f"/vendor/comments/{comment.id}/official", {}),
        ("get", "/roadmap/new", {}),
        ("post", "/roadmap/new", {"title": "Pirate"}),
        ("get", f"/roadmap/{item.id}/edit", {}),
        ("post", f"/roadmap/{item.id}/edit", {"title": "Pirate"}),
        ("post", f"/roadmap/{item.id}/status", {"status": "planned"}),
        ("post", f"/roadmap/{item.id}/wishes", {"wish": str(other.id)}),
        ("post", f"/roadmap/{item.id}/wishes/{wish.id}/unlink", {}),
    ]


@pytest.mark.parametrize("role", NON_STAFF)
def test_staff_routes_forbidden_to_other_roles(client, auth, setup, db, role):
    auth.as_role(role)
    for method, url, data in _staff_requests(setup):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 403, (role, url)
    db.session.expire_all()
    wish = db.session.get(Wish, setup["wish"].id)
    assert wish.status == "new"
    assert db.session.get(RoadmapItem, setup["item"].id).title == "Saisons tarifaires"
    assert not db.session.get(Comment, setup["comment"].id).is_official
    assert db.session.execute(select(WishLink)).scalars().all().__len__() == 1


def test_staff_routes_need_login(client, setup):
    for method, url, data in _staff_requests(setup):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", [Role.VENDOR, Role.ADMIN])
def test_staff_reach_triage(client, auth, setup, role):
    auth.as_role(role)
    assert client.get("/triage/triage").status_code == 200
    assert client.get("/roadmap/new").status_code == 200


def test_triage_lists_new_and_under_review_oldest_first(client, auth, make, db):
    with freeze_time("2024-01-01"):
        old = make.wish(title="Le plus ancien")
    with freeze_time("2024-02-01"):
        review = make.wish(title="A l etude", status="under_review")
    with freeze_time("2024-03-01"):
        make.wish(title="Deja retenu", status="accepted")
    auth.as_role(Role.VENDOR)
    html = client.get("/triage/triage").get_data(as_text=True)
    assert "Deja retenu" not in html
    assert html.index(old.title) < html.index(review.title)
    assert f'data-testid="territories-{old.id}">1<' in html


def test_triage_declined_without_reason_is_refused(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    wish = setup["wish"]
    response = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "declined", "note": ""},
        follow_redirects=True,
    )
    assert "Indiquez pourquoi" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Wish, wish.id).status == "new"


def test_triage_declined_with_reason(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    wish = setup["wish"]
    response = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "declined", "note": "Hors périmètre", "next": "/triage/triage"},
    )
    assert response.headers["Location"].endswith("/triage/triage")
    db.session.expire_all()
    assert db.session.get(Wish, wish.id).status == "declined"
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert "Hors périmètre" in html


def test_merge_by_id_from_page(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    wish, other = setup["wish"], setup["other"]
    client.post(f"/vendor/wishes/{other.id}/merge", data={"into": f"#{wish.id}"})
    db.session.expire_all()
    assert db.session.get(Wish, other.id).merged_into_id == wish.id
    html = client.get(f"/wishes/{other.id}").get_data(as_text=True)
    assert f'href="/wishes/{wish.id}"' in html and "doublon" in html


def test_merge_by_title_search(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    client.post(f"/vendor/wishes/{setup['other'].id}/merge", data={"into": "par saison"})
    db.session.expire_all()
    assert db.session.get(Wish, setup["other"].id).merged_into_id == setup["wish"].id


def test_merge_into_itself_from_page_shows_error(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    wish = setup["wish"]
    html = client.post(
        f"/vendor/wishes/{wish.id}/merge", data={"into": str(wish.id)}, follow_redirects=True
    ).get_data(as_text=True)
    assert "lui-même" in html


def test_wish_page_staff_controls(client, auth, setup):
    auth.as_role(Role.VENDOR)
    html = client.get(f"/wishes/{setup['wish'].id}").get_data(as_text=True)
    assert "/vendor/wishes/" in html and "Marquer comme réponse officielle" in html
    auth.as_role(Role.REFERENT)
    html = client.get(f"/wishes/{setup['wish'].id}").get_data(as_text=True)
    assert "/vendor/wishes/" not in html and "Marquer comme réponse officielle" not in html


def test_mark_official_from_page(client, auth, setup, db):
    auth.as_role(Role.VENDOR)
    client.post(f"/vendor/comments/{setup['comment'].id}/official", data={"official": "1"})
    db.session.expire_all()
    assert db.session.get(Comment, setup["comment"].id).is_official
    html = client.get(f"/wishes/{setup['wish'].id}").get_data(as_text=True)
    assert (
        "Réponse officielle de l&#39;éditeur" in html or "Réponse officielle de l'éditeur" in html
    )


# --- roadmap pages -------------------------------------------------------------------


def test_roadmap_public_for_anonymous(client, setup):
    html = client.get("/roadmap").get_data(as_text=True)
    assert "Saisons tarifaires" in html
    assert client.get(f"/roadmap/{setup['item'].id}").status_code == 200
    assert client.get("/shipped").status_code == 200
    assert client.get("/shipped.atom").status_code == 200


class TestPrivateRoadmap:
    @pytest.fixture
    def app_config(self):
        return {"PUBLIC_ROADMAP": False}

    def test_anonymous_sent_to_login(self, client, setup):
        for url in ("/roadmap", f"/roadmap/{setup['item'].id}", "/shipped", "/shipped.atom"):
            response = client.get(url)
            assert response.status_code == 302 and "/login" in response.headers["Location"]

    def test_visitor_forbidden_members_allowed(self, client, auth, setup):
        auth.as_role(Role.VISITOR)
        assert client.get("/roadmap").status_code == 403
        auth.as_role(Role.CLUB_MEMBER)
        assert client.get("/roadmap").status_code == 200
        assert client.get("/shipped").status_code == 200


def test_roadmap_board_counts_wishes_and_territories(client, make, roadmap):
    shared = make.territory()
    a = make.wish(supporters=[shared])
    b = make.wish(supporters=[shared])
    item = roadmap.item(title="Deux souhaits", wishes=[a, b], target="2025-T2")
    html = client.get("/roadmap").get_data(as_text=True)
    card = html[html.index(f'id="item-{item.id}"') :]
    assert 'data-testid="item-wishes">2<' in card[:1500]
    assert 'data-testid="item-territories">3<' in card[:1500]
    html = client.get("/roadmap?view=periods").get_data(as_text=True)
    assert "2025-T2" in html and "Deux souhaits" in html


def test_roadmap_item_page_shows_wishes_territories_history(client, auth, make, roadmap):
    wish = make.wish(title="Souhait lié")
    item = roadmap.item(title="Élément suivi", wishes=[wish], status="planned")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert "Souhait lié" in html and wish.territory.name in html
    assert "Planifié" in html and "Lié à la feuille de route" in html
    assert "Changer le statut" not in html


def test_vendor_creates_item_then_ships_it(client, auth, make, db):
    product = make.product()
    a = make.wish(title="Souhait A")
    b = make.wish(title="Souhait B")
    auth.as_role(Role.VENDOR)
    response = client.post(
        "/roadmap/new",
        data={
            "title": "Nouvel élément",
            "product": product.id,
            "target": "2025-T3",
            "external_ref": "OP-42",
            "status": "planned",
        },
    )
    item = db.session.execute(select(RoadmapItem)).scalar_one()
    assert response.headers["Location"].endswith(f"/roadmap/{item.id}")
    for wish in (a, b):
        client.post(f"/roadmap/{item.id}/wishes", data={"wish": f"#{wish.id}"})
    response = client.post(
        f"/roadmap/{item.id}/status",
        data={
            "status": "shipped",
            "shipped_on": "2024-09-10",
            "release": "Open Pro 2024.3",
            "version": str(item.version),
        },
    )
    assert response.status_code == 302
    auth.login(a.author)
    html = client.get(f"/wishes/{a.id}").get_data(as_text=True)
    assert 'data-testid="delivery">Livré<' in html
    html = client.get("/shipped").get_data(as_text=True)
    assert "Nouvel élément" in html and "Open Pro 2024.3" in html and a.territory.name in html


def test_new_item_bad_target_keeps_input(client, auth, db):
    auth.as_role(Role.VENDOR)
    response = client.post("/roadmap/new", data={"title": "Mon élément", "target": "bientôt"})
    html = response.get_data(as_text=True)
    assert "Échéance invalide" in html and 'value="Mon élément"' in html
    assert db.session.execute(select(RoadmapItem)).first() is None


def test_shipping_without_release_refused_on_page(client, auth, roadmap, db):
    item = roadmap.item()
    auth.as_role(Role.VENDOR)
    response = client.post(f"/roadmap/{item.id}/status", data={"status": "shipped"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Indiquez la date de livraison" in html and "Indiquez la version livrée" in html
    db.session.expire_all()
    assert db.session.get(RoadmapItem, item.id).status == "considering"


def test_edit_with_stale_version_shows_conflict(client, auth, roadmap, db):
    item = roadmap.item(title="Original")
    stale = item.version
    auth.as_role(Role.VENDOR)
    client.post(f"/roadmap/{item.id}/edit", data={"title": "Premier", "version": stale})
    response = client.post(f"/roadmap/{item.id}/edit", data={"title": "Second", "version": stale})
    assert response.status_code == 409
    assert "modifié entre-temps par" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RoadmapItem, item.id).title == "Premier"


def test_follow_roadmap_item(client, auth, roadmap):
    item = roadmap.item()
    user = auth.as_role(Role.CLUB_MEMBER)
    client.post(f"/roadmap/{item.id}/follow")
    assert follow_services.is_following(user, roadmap_item_id=item.id)
    client.post(f"/roadmap/{item.id}/unfollow")
    assert not follow_services.is_following(user, roadmap_item_id=item.id)


# --- bounded board, status lists and periods -----------------------------------------


def _column(html, status):
    """The HTML of one status column of the board."""
    start = html.index(f'id="col-{status}"')
    return html[start : html.index("</section>", start)]


def _cards(html):
    return re.findall(r'id="item-(\d+)"', html)


def test_board_column_caps_at_n_and_links_to_the_full_list(client, roadmap):
    planned = [
        roadmap.item(
            title=f"Planifié {i:02d}", status="planned", target=f"{2025 + i // 4}-T{1 + i % 4}"
        )
        for i in range(BOARD_COLUMN_SIZE + 3)
    ]
    roadmap.item(title="Seul envisagé")
    html = client.get("/roadmap").get_data(as_text=True)
    column = _column(html, "planned")
    assert _cards(column) == [str(item.id) for item in planned[:BOARD_COLUMN_SIZE]]
    assert 'data-testid="column-total">(23)<' in column
    assert "Voir les 23 éléments « Planifié »" in column
    assert 'href="/roadmap?status=planned"' in column
    considering = _column(html, "considering")
    assert len(_cards(considering)) == 1 and 'data-testid="column-total">(1)<' in considering
    assert "column-more" not in considering


def test_board_shipped_column_keeps_most_recent_first(client, roadmap):
    for day in range(1, BOARD_COLUMN_SIZE + 2):
        roadmap.item(title=f"Livré le {day:02d}", status="shipped", shipped_on=f"2024-03-{day:02d}")
    column = _column(client.get("/roadmap").get_data(as_text=True), "shipped")
    titles = re.findall(r"Livré le (\d+)", column)
    assert titles == [f"{day:02d}" for day in range(BOARD_COLUMN_SIZE + 1, 1, -1)]
    assert "Voir les 21 éléments « Livré »" in column


def test_status_list_paginates_in_column_order(client, roadmap, db):
    for i in range(ROADMAP_PER_PAGE + 1):
        roadmap.item(title=f"Planifié {i}", status="planned", target="2026" if i else "2025")
    roadmap.item(title="Autre statut")
    first = client.get("/roadmap?status=planned").get_data(as_text=True)
    ids = [
        str(i)
        for i in db.session.execute(
            select(RoadmapItem.id).where(RoadmapItem.status == "planned").order_by(RoadmapItem.id)
        ).scalars()
    ]
    assert _cards(first) == ids[:ROADMAP_PER_PAGE]
    assert "Autre statut" not in first and 'data-testid="status-total">(51)<' in first
    assert "Page 1 sur 2" in first and 'href="/roadmap?status=planned&amp;page=2"' in first
    assert '<a href="/roadmap" data-testid="back-to-board">' in first
    second = client.get("/roadmap?status=planned&page=2").get_data(as_text=True)
    assert _cards(second) == ids[ROADMAP_PER_PAGE:]


def test_periods_paginate_in_target_order_grouped_by_period(client, roadmap):
    early = roadmap.item(title="Sans date", target=None)
    for i in range(ROADMAP_PER_PAGE):
        roadmap.item(title=f"En 2025 {i}", target="2025-T1" if i < 10 else "2025-T3")
    first = client.get("/roadmap?view=periods").get_data(as_text=True)
    assert len(_cards(first)) == ROADMAP_PER_PAGE and "Sans échéance" not in first
    assert first.index("2025-T1") < first.index("2025-T3") and "Page 1 sur 2" in first
    second = client.get("/roadmap?view=periods&page=2").get_data(as_text=True)
    assert _cards(second) == [str(early.id)] and "Sans échéance" in second


def test_product_filter_applies_to_every_view(client, make, roadmap):
    mine, other = make.product(slug="open-pro"), make.product(slug="autre")
    for i in range(BOARD_COLUMN_SIZE + 1):
        roadmap.item(title=f"Mien {i}", status="planned", product_id=mine.id)
    roadmap.item(title="Étranger planifié", status="planned", product_id=other.id)
    roadmap.item(title="Étranger envisagé", product_id=other.id)
    board = client.get("/roadmap?product=open-pro").get_data(as_text=True)
    assert "Étranger" not in board
    assert "Voir les 21 éléments « Planifié »" in board
    assert 'href="/roadmap?product=open-pro&amp;status=planned"' in board
    assert 'data-testid="column-total">(0)<' in _column(board, "considering")
    for url in (
        "/roadmap?product=open-pro&status=planned",
        "/roadmap?product=open-pro&view=periods",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Étranger" not in html and len(_cards(html)) == BOARD_COLUMN_SIZE + 1, url
    html = client.get("/roadmap?product=autre&status=planned").get_data(as_text=True)
    assert _cards(html) and "Mien" not in html and "Étranger envisagé" not in html


@pytest.mark.parametrize("url", ["/roadmap", "/roadmap?view=periods"])
def test_empty_roadmap(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "La feuille de route est vide pour l" in html and not _cards(html)


def test_empty_status_list_links_back_to_the_board(client, roadmap):
    roadmap.item(title="Envisagé")
    html = client.get("/roadmap?status=shipped").get_data(as_text=True)
    assert not _cards(html) and "Aucun élément." in html
    assert "Retour au tableau par statut" in html and "Pagination" not in html


def test_unknown_status_shows_the_board(client, roadmap):
    item = roadmap.item(title="Envisagé")
    response = client.get("/roadmap?status=bientot")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="col-considering"' in html
    assert _cards(html) == [str(item.id)]


@pytest.mark.parametrize("page", ["abc", "-3", "0", ""])
def test_invalid_page_shows_the_first(client, roadmap, page):
    item = roadmap.item(title="Envisagé")
    for url in (f"/roadmap?status=considering&page={page}", f"/roadmap?view=periods&page={page}"):
        response = client.get(url)
        assert response.status_code == 200 and _cards(response.get_data(as_text=True)) == [
            str(item.id)
        ], url


def test_page_past_the_end_is_empty_not_an_error(client, roadmap):
    roadmap.item(title="Envisagé")
    for url in ("/roadmap?status=considering&page=9", "/roadmap?view=periods&page=9"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and not _cards(html), url
        assert "Aucun élément sur cette page." in html, url
        assert re.search(
            r'href="/roadmap\?(status=considering|view=periods)" data-testid="first-page"', html
        ), url


def test_counts_only_for_the_items_shown(client, roadmap, monkeypatch):
    from app.selectors import roadmap as selectors

    for i in range(BOARD_COLUMN_SIZE + 2):
        roadmap.item(title=f"Planifié {i}", status="planned")
    asked = []
    original = selectors.item_counts
    monkeypatch.setattr(
        selectors, "item_counts", lambda ids: asked.append(sorted(ids)) or original(ids)
    )
    html = client.get("/roadmap").get_data(as_text=True)
    assert asked == [sorted(int(i) for i in _cards(html))]
    assert len(asked[0]) == BOARD_COLUMN_SIZE


# --- query counts --------------------------------------------------------------------


def _grow(make, roadmap, n):
    territories = [make.territory() for _ in range(3)]
    for i in range(n):
        wish = make.wish(supporters=territories[: 1 + i % 3])
        roadmap.item(
            title=f"Élément {i}",
            wishes=[wish],
            status="shipped" if i % 2 else None,
            target=f"202{5 + i % 2}",
            product_id=make.product().id,
        )


@pytest.mark.parametrize(
    "url_for_size",
    [
        "/roadmap",
        "/roadmap?view=periods",
        "/roadmap?status=shipped",
        "/shipped",
        "/shipped.atom",
        "/triage/triage",
        "item",
    ],
)
def test_constant_query_counts(client, auth, make, roadmap, count_queries, url_for_size, db):
    auth.as_role(Role.VENDOR)

    def measure():
        url = url_for_size
        if url == "item":
            item = (
                db.session.execute(select(RoadmapItem).order_by(RoadmapItem.id)).scalars().first()
            )
            url = f"/roadmap/{item.id}"
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    _grow(make, roadmap, 2)
    small = measure()
    _grow(make, roadmap, 6)
    if url_for_size == "item":
        first = db.session.execute(select(RoadmapItem).order_by(RoadmapItem.id)).scalars().first()
        for wish in [make.wish(supporters=[make.territory()]) for _ in range(4)]:
            from app.services import roadmap as services

            services.wish_link(actor=roadmap.vendor, item_id=first.id, wish_id=wish.id)
        db.session.commit()
    assert measure() == small


@pytest.mark.parametrize("url", ["/roadmap", "/roadmap?view=periods", "/roadmap?status=planned"])
def test_roadmap_queries_do_not_grow_with_the_items(client, make, roadmap, count_queries, url, db):
    """3 items, then 60 across statuses (longer columns than the board shows, more
    than a page): the same queries."""
    territory = make.territory()

    def add(n, status):
        for i in range(n):
            roadmap.item(
                title=f"{status} {i}",
                wishes=[make.wish(supporters=[territory])] if i % 5 == 0 else (),
                status=status,
                target=f"{2025 + i % 3}-T{1 + i % 4}",
            )

    def measure():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    for status in ("planned", "shipped", None):
        add(1, status)
    small = measure()
    add(BOARD_COLUMN_SIZE + 7, "planned")
    add(BOARD_COLUMN_SIZE + 5, "shipped")
    add(5, None)
    assert "column-more" in client.get("/roadmap").get_data(as_text=True)
    assert measure() == small


def test_column_link_in_english(client, auth, roadmap):
    for i in range(BOARD_COLUMN_SIZE + 1):
        roadmap.item(title=f"Planned {i}", status="planned")
    auth.as_role(Role.CLUB_MEMBER, locale="en")
    html = client.get("/roadmap").get_data(as_text=True)
    assert "See all 21 “Planned” items" in html
    html = client.get("/roadmap?status=planned").get_data(as_text=True)
    assert "Back to the board by status" in html


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_external_reference_is_a_link_to_the_tracker(client, auth, make, roadmap, locale):
    product = make.product(ticket_url_pattern="https://tracker.example/browse/{ref}")
    item = roadmap.item(title="Suivi", product_id=product.id, external_ref="OP-77")
    plain = roadmap.item(title="Sans adresse", product_id=make.product().id, external_ref="X-1")
    auth.as_role(Role.CLUB_MEMBER, locale=locale)
    html = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert (
        '<a href="https://tracker.example/browse/OP-77" rel="noopener noreferrer" '
        'data-testid="external-ref"><code>OP-77</code></a>'
    ) in html
    html = client.get(f"/roadmap/{plain.id}").get_data(as_text=True)
    assert '<code data-testid="external-ref">X-1</code>' in html
