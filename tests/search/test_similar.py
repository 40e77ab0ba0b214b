"""GET /api/v1/wishes/similar: duplicate candidates while typing a title."""

from __future__ import annotations

from app.models import Role, WishStatus


def test_similar_needs_login_with_json_error(client):
    response = client.get("/api/v1/wishes/similar?q=tarif")
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}


def test_visitor_is_refused(client, auth):
    auth.as_role(Role.VISITOR)
    assert client.get("/api/v1/wishes/similar?q=tarif").status_code == 403


def test_similar_returns_closest_first_with_status_and_support(client, auth, make):
    close = make.wish(title="Tarification par saison dans Open Pro")
    make.wish(title="Remise selon la saison", body="Des tarifs adaptés.")
    make.wish(title="Vidéos de formation")
    auth.as_role(Role.REFERENT)
    items = client.get("/api/v1/wishes/similar?q=tarifs saisonniers").get_json()["items"]
    assert [i["id"] for i in items][0] == close.id
    assert len(items) == 2
    first = items[0]
    assert set(first) >= {
        "id",
        "title",
        "status",
        "delivery",
        "territory",
        "votes",
        "territories_count",
        "url",
    }
    assert first["status"] == "new"
    assert first["votes"] == 1
    assert first["territory"] == close.territory.slug
    assert first["url"].endswith(f"/wishes/{close.id}")


def test_similar_matches_a_word_being_typed(client, auth, make):
    wish = make.wish(title="Passerelle Tourinsoft")
    auth.as_role(Role.REFERENT)
    items = client.get("/api/v1/wishes/similar?q=passerelle tourins").get_json()["items"]
    assert [i["id"] for i in items] == [wish.id]


def test_similar_excludes_duplicates(client, auth, make, db):
    merged = make.wish(title="Bons cadeaux multi-prestataires")
    kept = make.wish(title="Bons cadeaux du territoire")
    merged.status = WishStatus.DUPLICATE
    merged.merged_into_id = kept.id
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    items = client.get("/api/v1/wishes/similar?q=bons cadeaux").get_json()["items"]
    assert [i["id"] for i in items] == [kept.id]


def test_similar_respects_limit_and_empty_query(client, auth, make):
    for n in range(4):
        make.wish(title=f"Calendrier des activités {n}")
    auth.as_role(Role.REFERENT)
    assert len(client.get("/api/v1/wishes/similar?q=calendrier&limit=2").get_json()["items"]) == 2
    assert client.get("/api/v1/wishes/similar?q=").get_json() == {"items": []}
    assert client.get("/api/v1/wishes/similar?q=x&limit=abc").status_code == 400


def test_similar_query_count_is_constant(client, auth, make, count_queries):
    auth.as_role(Role.REFERENT)
    make.wish(title="Calendrier des activités")

    def measure():
        with count_queries() as counter:
            client.get("/api/v1/wishes/similar?q=calendrier")
        return counter.count

    small = measure()
    for n in range(6):
        make.wish(title=f"Calendrier numéro {n}")
    assert measure() == small


def test_form_loads_the_suggestions_script(client, auth):
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes/new").get_data(as_text=True)
    assert "js/similar.js" in html
    assert 'data-similar-url="/api/v1/wishes/similar"' in html


def test_a_word_most_wishes_hold_proposes_no_candidate(make, db, monkeypatch):
    """``activités`` is in every wish here: only ``calendrier`` proposes candidates, but
    both still count in the coverage."""
    from app.search import similar as search

    monkeypatch.setattr(search, "COMMON_FLOOR", 2)
    for n in range(4):
        make.wish(title=f"Programme {n} des activités")
    make.wish(title="Calendrier des activités")
    make.wish(title="Calendrier des marées", body="Pour les activités nautiques.")
    db.session.commit()
    assert search._proposing_terms(search.search_terms("calendrier des activit")) == (
        ["calendri"],
        False,
    )
    found = search.similar_wishes("calendrier des activit")
    assert {w.title for w in found} == {"Calendrier des activités", "Calendrier des marées"}


def test_when_every_word_is_common_the_rarest_proposes(make, db, monkeypatch):
    from app.search import similar as search

    monkeypatch.setattr(search, "COMMON_FLOOR", 1)
    monkeypatch.setattr(search, "COMMON_SHARE", 0.0)
    for n in range(3):
        make.wish(title=f"Gestion du péage des activités {n}")
    for n in range(3):
        make.wish(title=f"Péage des parkings {n}")
    db.session.commit()
    assert search._proposing_terms(search.search_terms("péage activités")) == (
        ["activ"],
        True,
    )
