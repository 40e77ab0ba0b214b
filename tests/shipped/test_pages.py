"""The /shipped page and its Atom feed: newest first, filters, and headings that name them."""

import xml.etree.ElementTree as ET

import pytest

from app.models import Role
from app.services import votes

ATOM = "{http://www.w3.org/2005/Atom}"


# --- shipped -------------------------------------------------------------------------


def test_shipped_newest_first_with_partial_delivery(client, auth, make, roadmap):
    wish = make.wish(title="Souhait en deux parties")
    roadmap.item(
        title="Partie livrée tôt", wishes=[wish], status="shipped", shipped_on="2024-01-10"
    )
    roadmap.item(title="Livraison récente", status="shipped", shipped_on="2024-05-10")
    roadmap.item(title="Partie à venir", wishes=[wish], status="planned")
    html = client.get("/shipped").get_data(as_text=True)
    assert html.index("Livraison récente") < html.index("Partie livrée tôt")
    assert "Partie à venir" not in html
    assert "Livré en partie" in html
    auth.as_role(Role.CLUB_MEMBER)
    assert "Livré en partie" in client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert "Livré en partie" in client.get("/wishes").get_data(as_text=True)


@pytest.fixture
def shipped_data(make, roadmap):
    t1, t2, t3 = (
        make.territory(slug="t-un"),
        make.territory(slug="t-deux"),
        make.territory(slug="t-trois"),
    )
    make.club(territories=[t2], slug="club-x")
    product = make.product(slug="open-pro-x")
    filed = make.wish(territory=t1, author=make.user(role=Role.REFERENT, territory=t1))
    supported = make.wish(supporters=[t2], author=make.user(role=Role.VENDOR), territory=t3)
    roadmap.item(title="Pour T1", wishes=[filed], status="shipped", shipped_on="2024-02-15")
    roadmap.item(
        title="Pour T2",
        wishes=[supported],
        status="shipped",
        shipped_on="2023-11-20",
        product_id=product.id,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("territory=t-un", {"Pour T1"}),
        ("territory=t-deux", {"Pour T2"}),
        ("club=club-x", {"Pour T2"}),
        ("product=open-pro-x", {"Pour T2"}),
        ("period=2024", {"Pour T1"}),
        ("period=2023-T4", {"Pour T2"}),
        ("period=2024-T2", set()),
        ("since=2024-01-01", {"Pour T1"}),
        ("", {"Pour T1", "Pour T2"}),
    ],
)
def test_shipped_filters(client, shipped_data, query, expected):
    html = client.get(f"/shipped?{query}").get_data(as_text=True)
    assert {t for t in ("Pour T1", "Pour T2") if t in html} == expected
    feed = ET.fromstring(client.get(f"/shipped.atom?{query}").data)
    titles = {e.find(f"{ATOM}title").text.split(" (")[0] for e in feed.findall(f"{ATOM}entry")}
    assert titles == expected


def test_shipped_for_a_territory_follows_its_support_after_delivery(client, make, roadmap, db):
    home = make.territory(slug="t-maison")
    referent = make.user(role=Role.REFERENT, territory=home)
    wish = make.wish(territory=make.territory())
    roadmap.item(title="Livré puis soutenu", wishes=[wish], status="shipped")

    def listed():
        return "Livré puis soutenu" in client.get("/shipped?territory=t-maison").get_data(
            as_text=True
        )

    assert not listed()
    votes.vote_add(user=referent, wish_id=wish.id)
    db.session.commit()
    assert listed()
    votes.vote_remove(user=referent, wish_id=wish.id)
    db.session.commit()
    assert not listed()


def test_shipped_bad_period_is_explained(client, shipped_data):
    html = client.get("/shipped?period=bientot").get_data(as_text=True)
    assert "Période invalide" in html


def test_atom_feed_is_valid_with_absolute_urls(client, make, roadmap, app):
    wish = make.wish(title="Bons <cadeaux> & co")
    item = roadmap.item(
        title="Bons cadeaux & <b>",
        wishes=[wish],
        status="shipped",
        description="**gras** <script>x</script>",
    )
    response = client.get("/shipped.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Bons cadeaux & <b>")
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://localhost/roadmap/{item.id}"
    assert "Bons <cadeaux> & co" in entry.find(f"{ATOM}summary").text
    assert "<script>" not in (entry.find(f"{ATOM}content").text or "")
    assert entry.find(f"{ATOM}published").text.startswith("2024-06-01T")


# --- shipped pages and feeds name their filter --------------------------------------


@pytest.fixture
def named_filters(make, roadmap):
    drome = make.territory(name="Drôme Tourisme", slug="drome")
    make.club(name="Club Rhône-Alpes", slug="club-ra", territories=[drome])
    product = make.product(name="Open Pro", slug="open-pro")
    wish = make.wish(territory=drome)
    roadmap.item(title="Livré", wishes=[wish], status="shipped", product_id=product.id)


@pytest.mark.parametrize(
    ("locale", "query", "heading"),
    [
        ("fr", "territory=drome", "Livré pour Drôme Tourisme"),
        ("fr", "club=club-ra", "Livré pour Club Rhône-Alpes"),
        ("fr", "product=open-pro", "Livré dans Open Pro"),
        ("fr", "territory=drome&product=open-pro", "Livré pour Drôme Tourisme dans Open Pro"),
        ("fr", "territory=drome&club=club-ra", "Livré pour Drôme Tourisme et Club Rhône-Alpes"),
        ("fr", "", "Nouveautés livrées"),
        ("fr", "territory=nowhere", "Nouveautés livrées"),
        ("en", "territory=drome", "Shipped for Drôme Tourisme"),
        ("en", "club=club-ra", "Shipped for Club Rhône-Alpes"),
        ("en", "product=open-pro", "Shipped in Open Pro"),
        ("en", "territory=drome&product=open-pro", "Shipped for Drôme Tourisme in Open Pro"),
        ("en", "", "What shipped"),
    ],
)
def test_shipped_page_and_feed_name_their_filter(
    client, auth, named_filters, locale, query, heading
):
    auth.as_role(Role.CLUB_MEMBER, locale=locale)
    html = client.get(f"/shipped?{query}").get_data(as_text=True)
    assert f'<h1 data-testid="shipped-heading">{heading}</h1>' in html
    assert f'type="application/atom+xml" title="{heading}"' in html
    feed = ET.fromstring(client.get(f"/shipped.atom?{query}").data)
    assert feed.find(f"{ATOM}title").text.endswith(f"— {heading}")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
