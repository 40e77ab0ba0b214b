import pytest

from app.models import Role, Wish, WishStatus
from app.services import comments as comment_services
from app.services import votes as vote_services


def test_wish_list_needs_login(client):
    response = client.get("/wishes")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_visitor_role_cannot_browse_wishes(client, auth):
    auth.as_role(Role.VISITOR)
    assert client.get("/wishes").status_code == 403


def test_wish_list_shows_wishes_in_french(client, auth, make):
    make.wish(title="Tarification par saison")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes").get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "Tarification par saison" in html
    assert "Nouveau" in html


def test_empty_state(client, auth):
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes").get_data(as_text=True)
    assert "Aucun souhait pour l&#39;instant" in html or "Aucun souhait pour l'instant" in html


def _titles(html: str, titles: list[str]) -> list[str]:
    return sorted((t for t in titles if t in html), key=html.index)


def test_default_sort_is_distinct_territories_then_votes(client, auth, make, db):
    few = make.wish(title="Peu soutenu")
    many = make.wish(title="Très soutenu")
    for _ in range(3):
        vote_services.vote_add(user=make.user(role=Role.REFERENT), wish_id=many.id)
    same_territory = make.territory()
    middle = make.wish(title="Moyennement soutenu")
    for _ in range(4):  # many votes, but from one territory only
        vote_services.vote_add(
            user=make.user(role=Role.REFERENT, territory=same_territory), wish_id=middle.id
        )
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes").get_data(as_text=True)
    assert _titles(html, [few.title, many.title, middle.title]) == [
        "Très soutenu",
        "Moyennement soutenu",
        "Peu soutenu",
    ]
    html = client.get("/wishes?sort=votes").get_data(as_text=True)
    assert _titles(html, [few.title, many.title, middle.title])[0] == "Moyennement soutenu"


def test_sort_by_providers(client, auth, make, db):
    small = make.wish(title="Petit territoire", territory=make.territory(providers_count=5))
    big = make.wish(title="Grand territoire", territory=make.territory(providers_count=500))
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?sort=providers").get_data(as_text=True)
    assert _titles(html, [small.title, big.title]) == ["Grand territoire", "Petit territoire"]


def test_sort_newest(client, auth, make):
    make.wish(title="Premier souhait")
    make.wish(title="Second souhait")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?sort=new").get_data(as_text=True)
    assert _titles(html, ["Premier souhait", "Second souhait"]) == [
        "Second souhait",
        "Premier souhait",
    ]


@pytest.mark.parametrize(
    "param",
    ["status", "product", "category", "territory", "region", "club", "q"],
)
def test_filters_keep_only_matching_wishes(client, auth, make, db, param):
    territory_a = make.territory(region="Normandie")
    territory_b = make.territory(region="Bretagne")
    club = make.club(territories=[territory_a])
    product = make.product()
    category = make.category()
    kept = make.wish(
        title="Passerelle Tourinsoft", territory=territory_a, product=product, category=category
    )
    kept.status = WishStatus.ACCEPTED
    make.wish(title="Calendrier des activités", territory=territory_b)
    db.session.commit()
    value = {
        "status": "accepted",
        "product": product.slug,
        "category": category.slug,
        "territory": territory_a.slug,
        "region": "Normandie",
        "club": club.slug,
        "q": "tourinsoft",
    }[param]
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes", query_string={param: value}).get_data(as_text=True)
    assert "Passerelle Tourinsoft" in html
    assert "Calendrier des activités" not in html


def test_duplicates_hidden_by_default(client, auth, make, db):
    make.wish(title="Un doublon caché", status=WishStatus.DUPLICATE)
    auth.as_role(Role.CLUB_MEMBER)
    assert "Un doublon caché" not in client.get("/wishes").get_data(as_text=True)
    assert "Un doublon caché" in client.get("/wishes?status=duplicate").get_data(as_text=True)


def test_default_list_count_leaves_duplicates_out(client, auth, make, db):
    make.wish(title="Premier souhait")
    make.wish(title="Second souhait")
    make.wish(title="Un doublon", status=WishStatus.DUPLICATE)
    auth.as_role(Role.CLUB_MEMBER)
    assert "2 souhaits" in client.get("/wishes").get_data(as_text=True)
    assert "1 souhait" in client.get("/wishes?status=duplicate").get_data(as_text=True)


def test_region_filter_pages_keep_the_sort(client, auth, make, db):
    kept = make.territory(region="Normandie")
    other = make.territory(region="Bretagne")
    for i in range(6):
        wish = make.wish(territory=kept, title=f"Souhait normand {i}")
        wish.votes_count = i
    make.wish(territory=other, title="Souhait breton")
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    page = client.get("/wishes?region=Normandie&per_page=4&sort=votes").get_data(as_text=True)
    assert "6 souhaits" in page and "Page 1 sur 2" in page
    assert page.index("Souhait normand 5") < page.index("Souhait normand 2")
    assert "Souhait normand 1" not in page and "Souhait breton" not in page
    page = client.get("/wishes?region=Normandie&per_page=4&page=2&sort=votes").get_data(
        as_text=True
    )
    assert "Souhait normand 1" in page and "Souhait normand 0" in page
    assert "Souhait normand 5" not in page


def test_pagination(client, auth, make):
    author = make.user(role=Role.REFERENT)
    product, category = make.product(), make.category()
    for i in range(7):
        make.wish(author=author, product=product, category=category, title=f"Souhait paginé {i}")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?per_page=5&sort=new").get_data(as_text=True)
    assert "Page 1 sur 2" in html
    assert "Souhait paginé 6" in html and "Souhait paginé 1" not in html
    html = client.get("/wishes?per_page=5&sort=new&page=2").get_data(as_text=True)
    assert "Souhait paginé 1" in html and "Souhait paginé 6" not in html


def test_wish_list_query_count_is_constant(client, auth, make, count_queries):
    auth.as_role(Role.REFERENT)
    author = make.user(role=Role.REFERENT)
    product, category = make.product(), make.category()
    make.wish(author=author, product=product, category=category)
    with count_queries() as few:
        assert client.get("/wishes").status_code == 200
    for _ in range(12):
        make.wish(product=make.product(), category=make.category())
    with count_queries() as many:
        assert client.get("/wishes").status_code == 200
    assert many.count == few.count


def test_wish_page_query_count_is_constant(client, auth, make, db, count_queries):
    wish = make.wish()
    auth.as_role(Role.REFERENT)
    with count_queries() as few:
        assert client.get(f"/wishes/{wish.id}").status_code == 200
    for i in range(8):
        supporter = make.user(role=Role.REFERENT)
        vote_services.vote_add(user=supporter, wish_id=wish.id)
        comment_services.comment_add(user=supporter, wish_id=wish.id, body=f"Commentaire {i}")
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/wishes/{wish.id}").status_code == 200
    assert many.count == few.count


def test_wish_page_shows_supporters_by_territory_and_history(client, auth, make, db):
    wish = make.wish(title="Paiement en plusieurs fois")
    supporter_territory = make.territory(name="Landes Tourisme")
    vote_services.vote_add(
        user=make.user(role=Role.REFERENT, territory=supporter_territory), wish_id=wish.id
    )
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert "Landes Tourisme" in html
    assert wish.territory.name in html
    assert "Création" in html


def test_wish_page_caps_the_names_shown_per_supporting_territory(client, auth, make, db):
    from app.selectors.wishes import SUPPORTER_NAMES_PER_TERRITORY as cap

    wish = make.wish()
    crowd = make.territory(name="Pays Basque Tourisme")
    names = [f"Soutien {i:02d}" for i in range(cap + 3)]
    for name in names:
        supporter = make.user(role=Role.REFERENT, territory=crowd, display_name=name)
        vote_services.vote_add(user=supporter, wish_id=wish.id)
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert all(name in html for name in names[:cap])
    assert not any(name in html for name in names[cap:])
    assert "+ 3 autres" in html


def test_unknown_wish_is_a_404_page(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.get("/wishes/999999")
    assert response.status_code == 404
    assert "Cette page n&#39;existe pas" in response.get_data(
        as_text=True
    ) or "existe pas" in response.get_data(as_text=True)


def test_script_in_title_body_and_comment_is_shown_as_text(client, auth, make, db):
    wish = make.wish(
        title="<script>alert('t')</script> titre",
        body="<script>alert('b')</script> **gras** [lien](javascript:alert(1))",
    )
    comment_services.comment_add(
        user=wish.author, wish_id=wish.id, body="<img src=x onerror=alert(1)>"
    )
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onerror=" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html
    assert "<strong>gras</strong>" in html
    listing = client.get("/wishes").get_data(as_text=True)
    assert "<script>alert" not in listing


def test_referent_files_a_wish_through_the_form(client, auth, make, db):
    product, category = make.product(), make.category()
    referent = auth.as_role(Role.REFERENT)
    response = client.post(
        "/wishes/new",
        data={
            "title": "Bons cadeaux à montant libre",
            "body": "Valables 12 mois.",
            "product": product.id,
            "category": category.id,
            "providers_asking": "12",
        },
    )
    assert response.status_code == 302
    wish = db.session.query(Wish).one()
    assert wish.territory_id == referent.territory_id
    assert wish.providers_asking == 12


def test_invalid_form_keeps_input_and_saves_nothing(client, auth, make, db):
    auth.as_role(Role.REFERENT)
    product = make.product()
    response = client.post(
        "/wishes/new", data={"title": "abc", "body": "Mon long texte", "product": product.id}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mon long texte" in html
    assert 'aria-invalid="true"' in html
    assert db.session.query(Wish).count() == 0


def test_club_member_cannot_open_the_filing_form(client, auth):
    auth.as_role(Role.CLUB_MEMBER)
    assert client.get("/wishes/new").status_code == 403


def test_vote_and_unvote_buttons(client, auth, make, db):
    wish = make.wish()
    auth.as_role(Role.REFERENT)
    client.post(f"/wishes/{wish.id}/vote")
    client.post(f"/wishes/{wish.id}/vote")
    db.session.refresh(wish)
    assert wish.votes_count == 2
    client.post(f"/wishes/{wish.id}/unvote")
    db.session.refresh(wish)
    assert wish.votes_count == 1


def test_voting_a_declined_wish_shows_a_message(client, auth, make, db):
    wish = make.wish(status=WishStatus.DECLINED)
    auth.as_role(Role.REFERENT)
    response = client.post(f"/wishes/{wish.id}/vote", follow_redirects=True)
    assert "ne reçoit plus de soutien" in response.get_data(as_text=True)
    db.session.refresh(wish)
    assert wish.votes_count == 1


def test_author_edit_page_and_other_referent_forbidden(client, auth, make, db):
    wish = make.wish()
    auth.login(wish.author)
    assert client.get(f"/wishes/{wish.id}/edit").status_code == 200
    auth.as_role(Role.REFERENT)
    assert client.get(f"/wishes/{wish.id}/edit").status_code == 403


def test_english_when_the_browser_asks(client, auth, make):
    make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="en"' in html


def test_user_can_choose_the_language(client, auth):
    auth.as_role(Role.CLUB_MEMBER)
    client.post("/locale", data={"locale": "en", "next": "/wishes"})
    html = client.get("/wishes").get_data(as_text=True)
    assert '<html lang="en"' in html


@pytest.fixture
def long_discussion(make, db, monkeypatch):
    """A wish with seven comments, three per page."""
    from app.selectors.wishes import page as selectors

    monkeypatch.setattr(selectors, "COMMENTS_PER_PAGE", 3)
    wish = make.wish()
    for i in range(7):
        comment_services.comment_add(user=wish.author, wish_id=wish.id, body=f"Commentaire n° {i}")
    db.session.commit()
    return wish


def test_comments_are_paginated_oldest_first(client, auth, long_discussion):
    auth.as_role(Role.CLUB_MEMBER)
    first = client.get(f"/wishes/{long_discussion.id}").get_data(as_text=True)
    last = client.get(f"/wishes/{long_discussion.id}?comments_page=3").get_data(as_text=True)
    assert "Commentaires (7)" in first
    assert "Commentaire n° 0" in first and "Commentaire n° 3" not in first
    assert "comments_page=2#comments" in first
    assert "Commentaire n° 6" in last and "Commentaire n° 5" not in last
    assert "Page 3 sur 3" in last


def test_the_wish_page_shows_twenty_comments_a_page(client, auth, make, db):
    wish = make.wish()
    for i in range(21):
        comment_services.comment_add(user=wish.author, wish_id=wish.id, body=f"Réponse n° {i}")
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    first = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    second = client.get(f"/wishes/{wish.id}?comments_page=2").get_data(as_text=True)
    assert first.count('data-testid="comment"') == 20
    assert "Commentaires (21)" in first and "comments_page=2#comments" in first
    assert second.count('data-testid="comment"') == 1 and "Réponse n° 20" in second


def test_a_new_comment_leads_to_the_page_showing_it(client, auth, long_discussion):
    auth.login(long_discussion.author)
    response = client.post(f"/wishes/{long_discussion.id}/comments", data={"body": "Et de huit"})
    assert response.headers["Location"].endswith("?comments_page=3#comments")


def test_a_comments_page_out_of_range_shows_no_comment(client, auth, long_discussion):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes/{long_discussion.id}?comments_page=99").get_data(as_text=True)
    assert "Commentaire n° " not in html
    assert "Commentaires (7)" in html


def test_filters_keep_the_chosen_territory_selected(client, auth, make):
    chosen = make.territory(name="Côte d'Opale & Marquenterre")
    make.territory(name="Drôme Tourisme")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes?territory={chosen.slug}").get_data(as_text=True)
    assert (
        f'<option value="{chosen.slug}" selected>Côte d&#39;Opale &amp; Marquenterre</option>'
        in html
    )
    assert html.count("<option value=") > html.count(" selected>") >= 1


def test_a_popular_wish_lists_its_first_territories_and_counts_the_others(
    client, auth, make, db, count_queries, monkeypatch
):
    from app.selectors.wishes import page as wish_selectors

    monkeypatch.setattr(wish_selectors, "SUPPORTING_TERRITORIES_LISTED", 3)
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    names = [f"Territoire {i:02d}" for i in range(8)]

    def support(chosen: list[str]) -> None:
        for name in chosen:
            territory = make.territory(name=name)
            vote_services.vote_add(
                user=make.user(role=Role.REFERENT, territory=territory), wish_id=wish.id
            )
        db.session.commit()
        db.session.expire_all()

    def supporters_section() -> str:
        html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
        return html.split('id="supporters-title"')[1].split('id="roadmap-title"')[0]

    support(names[:2])
    with count_queries() as few:
        section = supporters_section()
    assert 'data-testid="supporting-territories-more"' not in section
    support(names[2:])
    with count_queries() as many:
        section = supporters_section()
    listed = wish_selectors.supporters_by_territory(wish.id)
    shown = [entry["territory"].name for entry in listed.entries]
    assert len(shown) == 3
    assert len(listed.territories) == listed.more + 3 >= len(names)
    assert all(f"<strong>{name}</strong>" in section for name in shown)
    hidden = [t.name for t in listed.territories if t.name not in shown]
    assert not any(f"<strong>{name}</strong>" in section for name in hidden)
    assert f"et {listed.more} autres territoires" in section
    assert many.count == few.count
