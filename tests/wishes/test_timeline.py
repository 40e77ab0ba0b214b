"""A wish's whole story in one timeline: its own history, its supports and what happened
to the roadmap items linked to it, each with its date and actor, on the page and in the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from app.models import Role
from app.selectors.timeline import wish_timeline
from app.services import roadmap as roadmap_services
from app.services import triage
from app.services import votes as vote_services
from app.services import wishes as wish_services


@pytest.fixture
def story(make, db):
    """Filed on 10 Jan 2024 by Drôme, supported by Manche, triaged, linked to an item that
    was then planned and shipped in Open Pro 2024.3, and a duplicate merged into it."""
    drome = make.territory(name="Drôme Tourisme")
    manche = make.territory(name="Attitude Manche")
    filer = make.user(role=Role.REFERENT, territory=drome, display_name="Alice Filer")
    supporter = make.user(role=Role.REFERENT, territory=manche, display_name="Bruno Soutien")
    vendor = make.user(role=Role.VENDOR, display_name="Éditeur Véra")
    product, category = make.product(), make.category()

    def at(day: str):
        return freeze_time(f"{day} 09:00:00")

    with at("2023-11-02"):  # the item exists before the wish: its early life is not the wish's
        item = roadmap_services.roadmap_item_create(actor=vendor, title="Saisons tarifaires")
        roadmap_services.roadmap_item_set_status(actor=vendor, item_id=item.id, status="planned")
    with at("2024-01-10"):
        wish = wish_services.wish_create(
            author=filer,
            title="Tarification par saison",
            body="Des tarifs différents selon la saison.",
            product_id=product.id,
            category_id=category.id,
        )
        duplicate = wish_services.wish_create(
            author=supporter,
            title="Tarifs saisonniers",
            body="Pareil.",
            product_id=product.id,
            category_id=category.id,
        )
    with at("2024-01-12"):
        vote_services.vote_add(user=supporter, wish_id=wish.id)
    with at("2024-01-15"):
        triage.wish_set_status(
            actor=vendor, wish_id=wish.id, status="accepted", note="Prévu cette année."
        )
    with at("2024-01-20"):
        roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    with at("2024-03-01"):
        roadmap_services.roadmap_item_set_status(
            actor=vendor, item_id=item.id, status="in_progress"
        )
    with at("2024-04-02"):
        triage.wish_merge(actor=vendor, wish_id=duplicate.id, into_id=wish.id)
    with at("2024-05-10"):
        roadmap_services.roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status="shipped",
            shipped_on="2024-05-10",
            release="Open Pro 2024.3",
        )
    db.session.commit()
    return wish, item, duplicate


def _summary(entries):
    return [(e.at.date().isoformat(), e.kind, e.actor) for e in entries]


def test_timeline_tells_the_whole_story_in_order(story):
    wish, item, duplicate = story
    page = wish_timeline(wish.id)
    assert _summary(page.items) == [
        ("2024-01-10", "created", "Alice Filer"),
        ("2024-01-12", "supported", "Bruno Soutien"),
        ("2024-01-15", "status", "Éditeur Véra"),
        ("2024-01-20", "link", "Éditeur Véra"),
        ("2024-03-01", "item_status", "Éditeur Véra"),
        ("2024-04-02", "merged_from", "Éditeur Véra"),
        ("2024-05-10", "item_shipped", "Éditeur Véra"),
    ]
    assert page.total == 7
    supported, status = page.items[1], page.items[2]
    assert supported.territory == "Attitude Manche"
    assert (status.from_value, status.to_value, status.note) == (
        "new",
        "accepted",
        "Prévu cette année.",
    )
    progress, shipped = page.items[4], page.items[6]
    assert (progress.item_id, progress.from_value, progress.to_value) == (
        item.id,
        "planned",
        "in_progress",
    )
    assert (shipped.item_title, shipped.release, str(shipped.shipped_on)) == (
        "Saisons tarifaires",
        "Open Pro 2024.3",
        "2024-05-10",
    )
    assert all(e.at.tzinfo is not None for e in page.items)


def test_nothing_in_the_timeline_is_older_than_the_wish(story):
    wish, _item, _dup = story
    filed = wish.created_at
    assert min(e.at for e in wish_timeline(wish.id).items) == filed
    assert filed == datetime(2024, 1, 10, 9, tzinfo=UTC)


def test_timeline_pages(story):
    wish, _item, _dup = story
    first = wish_timeline(wish.id, page=1, per_page=3)
    last = wish_timeline(wish.id, page=3, per_page=3)
    assert [e.kind for e in first.items] == ["created", "supported", "status"]
    assert [e.kind for e in last.items] == ["item_shipped"]
    assert (first.total, first.pages) == (7, 3)


def test_each_call_reads_its_own_wish_and_page(story):
    """The queries are built once and bound per call: a call for another wish, or
    another page size, does not carry over to the next."""
    wish, _item, duplicate = story
    whole = wish_timeline(wish.id, page=1, per_page=50)
    other = wish_timeline(duplicate.id, page=1, per_page=1)
    again = wish_timeline(wish.id, page=2, per_page=2)
    assert other.total != whole.total and len(other.items) == 1
    assert again.items == whole.items[2:4]
    assert (again.total, again.pages) == (7, 4)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "fr",
            [
                "Création",
                "Soutien : Attitude Manche",
                "Changement de statut : Nouveau → Retenu",
                "Lié à la feuille de route : Saisons tarifaires",
                "Élément lié : changement de statut : Saisons tarifaires, Planifié → En développement",
                "Doublon fusionné : #DUP",
                "Élément lié livré : Saisons tarifaires, version Open Pro 2024.3, livré le 10 mai 2024",
            ],
        ),
        (
            "en",
            [
                "Created",
                "Support: Attitude Manche",
                "Status change: New → Accepted",
                "Linked to the roadmap: Saisons tarifaires",
                "Linked item status change: Saisons tarifaires, Planned → In progress",
                "Duplicate merged: #DUP",
                "Linked item shipped: Saisons tarifaires, release Open Pro 2024.3, shipped on 10 May 2024",
            ],
        ),
    ],
)
def test_wish_page_shows_the_timeline(client, auth, story, locale, expected):
    wish, item, duplicate = story
    expected = [e.replace("#DUP", f"#{duplicate.id}") for e in expected]
    auth.as_role(Role.CLUB_MEMBER, locale=locale)
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    section = html[html.index('data-testid="timeline"') :]
    section = section[: section.index("</ol>")]
    entries = re.findall(r"<li data-kind=\"[a-z_]+\">(.*?)</li>", section, re.S)
    texts = []
    for entry in entries:
        text = re.sub(
            r"<time[^>]*>.*?</time>|<small>— .*?</small>|<blockquote>.*?</blockquote>",
            "",
            entry,
            flags=re.S,
        )
        texts.append(" ".join(re.sub(r"<[^>]+>", "", text).split()))
    assert [t.replace("\u202f", " ").replace("\xa0", " ") for t in texts] == expected
    assert "— Éditeur Véra" in section and "— Alice Filer" in section
    assert f'href="/roadmap/{item.id}"' in section


def test_wish_page_timeline_pages(client, auth, make, db):
    wish = make.wish()
    supporters = [make.territory() for _ in range(55)]
    vendor = make.user(role=Role.VENDOR)
    for territory in supporters:
        vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=wish.id, territory_id=territory.id
        )
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    first = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert first.count("<li data-kind=") == 20
    assert "timeline_page=2#history" in first
    second = client.get(f"/wishes/{wish.id}?timeline_page=2").get_data(as_text=True)
    assert second.count('<li data-kind="supported">') == 20
    assert "timeline_page=3#history" in second
    last = client.get(f"/wishes/{wish.id}?timeline_page=3").get_data(as_text=True)
    assert 0 < last.count('<li data-kind="supported">') <= 16
    assert "timeline_page=4#history" not in last


def test_api_wish_detail_has_the_timeline_and_keeps_history(client, auth, story):
    wish, item, _dup = story
    auth.as_role(Role.CLUB_MEMBER)
    body = client.get(f"/api/v1/wishes/{wish.id}").get_json()
    assert [h["kind"] for h in body["history"]] == ["created", "status", "link", "merged_from"]
    assert [e["kind"] for e in body["timeline"]] == [
        "created",
        "supported",
        "status",
        "link",
        "item_status",
        "merged_from",
        "item_shipped",
    ]
    assert (body["timeline_page"], body["timeline_total"]) == (1, 7)
    shipped = body["timeline"][-1]
    assert shipped["at"].startswith("2024-05-10T09:00:00")
    assert shipped["by"] == "Éditeur Véra"
    assert shipped["roadmap_item"] == {
        "id": item.id,
        "title": "Saisons tarifaires",
        "release": "Open Pro 2024.3",
        "shipped_on": "2024-05-10",
    }
    assert body["timeline"][1]["territory"] == "Attitude Manche"
    paged = client.get(f"/api/v1/wishes/{wish.id}?timeline_page=2&timeline_per_page=5").get_json()
    assert [e["kind"] for e in paged["timeline"]] == ["merged_from", "item_shipped"]
    assert paged["timeline_per_page"] == 5


@pytest.mark.parametrize("url", ["/wishes/{id}", "/api/v1/wishes/{id}"])
def test_timeline_costs_a_constant_number_of_queries(
    client, auth, make, db, story, count_queries, url
):
    wish, item, _dup = story
    auth.as_role(Role.CLUB_MEMBER)
    path = url.format(id=wish.id)
    client.get(path)
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(path).status_code == 200
    vendor = make.user(role=Role.VENDOR)
    for _ in range(5):
        vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=wish.id, territory_id=make.territory().id
        )
        other = roadmap_services.roadmap_item_create(actor=vendor, title="Autre")
        roadmap_services.wish_link(actor=vendor, item_id=other.id, wish_id=wish.id)
        roadmap_services.roadmap_item_set_status(actor=vendor, item_id=other.id, status="planned")
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert many.count == few.count


def test_pages_of_a_popular_wish_join_into_its_whole_story(make, db):
    wish = make.wish()
    vendor = make.user(role=Role.VENDOR)
    for _ in range(9):
        vote_services.vote_add_on_behalf(
            recorder=vendor, wish_id=wish.id, territory_id=make.territory().id
        )
    db.session.commit()
    whole = wish_timeline(wish.id, per_page=100)
    pages = [wish_timeline(wish.id, page=n, per_page=4) for n in range(1, whole.total // 4 + 2)]
    assert [e for page in pages for e in page.items] == whole.items
    assert len(whole.items) == whole.total >= 10
