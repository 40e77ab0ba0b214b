"""French full-text search: accents, case, stems, relevance (SQLite FTS5 and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.extensions import db as _db
from app.models import Role, Wish, WishStatus
from app.search import query as search_query
from app.search.query import wish_text_condition
from app.search.text import stemmed_text
from app.selectors.wishes import WishFilters, wish_list, wish_page


def titles_for(q: str, **filters) -> list[str]:
    query = wish_list(WishFilters.from_args({"q": q, **filters}))
    return [w.title for w in _db.session.execute(query).unique().scalars()]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("péage", "PEAGE"),
        ("tarifs saisonniers", "tarification saison"),
        ("Passerelles", "passerelle"),
        ("chèques cadeaux", "cheque cadeau"),
        ("activités", "activites"),
        ("durée du séjour", "DUREE DU SEJOUR"),
        ("réservation anticipée", "reservation anticipee"),
        ("l'agenda", "agenda"),
        ("d’activités", "activité"),
        ("saisonnalité", "saison"),
    ],
)
def test_stemmer_folds_accents_case_and_inflections(left, right):
    assert stemmed_text(left) == stemmed_text(right)


def test_stop_words_are_ignored():
    assert stemmed_text("la tarification par saison") == stemmed_text("tarification saison")


def test_search_ignores_accents(make):
    make.wish(title="Gestion du péage des parkings")
    make.wish(title="Calendrier des activités")
    assert titles_for("peage") == ["Gestion du péage des parkings"]


@pytest.mark.parametrize(
    "q",
    [
        "activites",
        "duree du sejour",
        "reservation anticipee",
        "calendrier activites",
        "l'agenda",
        "d'activités",
        "AGENDA D’ACTIVITES",
    ],
)
def test_a_query_without_accents_finds_what_the_accented_query_finds(make, q):
    make.wish(
        title="Agenda des activités",
        body="Un calendrier selon la durée du séjour, avec réservation anticipée.",
    )
    make.wish(title="Paiement en plusieurs fois")
    assert titles_for(q) == ["Agenda des activités"]


def test_search_ignores_case(make):
    make.wish(title="Connecteur Décibelles Data")
    assert titles_for("DECIBELLES") == ["Connecteur Décibelles Data"]


def test_search_uses_french_stems(make):
    make.wish(title="Tarification par saison dans Open Pro")
    make.wish(title="Paiement en plusieurs fois")
    assert titles_for("tarifs saisonniers") == ["Tarification par saison dans Open Pro"]


def test_search_needs_every_word(make):
    make.wish(title="Bons cadeaux Addock")
    make.wish(title="Bons de commande")
    assert titles_for("bons cadeaux") == ["Bons cadeaux Addock"]


def test_search_reads_the_body(make):
    make.wish(title="Une demande", body="Nos prestataires veulent une **passerelle** Apidae.")
    assert titles_for("passerelles apidae") == ["Une demande"]


def test_results_are_ranked_by_relevance_without_explicit_sort(make, db):
    body_only = make.wish(title="Demande des campings", body="Un calendrier serait utile.")
    in_title = make.wish(title="Calendrier public des activités", body="Pour les visiteurs.")
    # The body-only wish has more support: the default sort would put it first.
    body_only.territories_count = 9
    db.session.commit()
    assert titles_for("calendrier") == [in_title.title, body_only.title]


def test_explicit_sort_wins_over_relevance(make, db):
    body_only = make.wish(title="Demande des campings", body="Un calendrier serait utile.")
    make.wish(title="Calendrier public des activités")
    body_only.territories_count = 9
    db.session.commit()
    assert titles_for("calendrier", sort="support")[0] == body_only.title


def test_index_follows_edits(make, db):
    wish = make.wish(title="Export pour l'observatoire")
    wish.title = "Facturation électronique"
    db.session.commit()
    assert titles_for("observatoire") == []
    assert titles_for("facturation") == ["Facturation électronique"]


def test_index_follows_deletes(make, db):
    wish = make.wish(title="Liste d'attente des activités")
    db.session.execute(_db.text("DELETE FROM status_change"))
    db.session.execute(_db.text("DELETE FROM follow"))
    db.session.execute(_db.text("DELETE FROM vote"))
    db.session.execute(_db.text("DELETE FROM wish_support"))
    db.session.delete(wish)
    db.session.commit()
    assert titles_for("attente") == []


def test_query_of_stop_words_only_filters_nothing(make):
    make.wish(title="Widget de réservation")
    assert titles_for("de la") == ["Widget de réservation"]


def test_query_with_fts_syntax_is_harmless(make):
    make.wish(title="Paiement différé pour les groupes")
    assert titles_for('"paiement*" (-^') == ["Paiement différé pour les groupes"]


def test_text_condition_alone_filters(make, db):
    from sqlalchemy import select

    from app.models import Wish

    make.wish(title="Promotions de dernière minute")
    make.wish(title="Vidéos de formation")
    rows = db.session.execute(select(Wish.title).where(wish_text_condition("promotion"))).all()
    assert [r.title for r in rows] == ["Promotions de dernière minute"]


def test_wish_list_page_searches(client, auth, make):
    make.wish(title="Tarification par saison")
    make.wish(title="Vidéos de formation")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?q=tarifs+saisonniers").get_data(as_text=True)
    assert "Tarification par saison" in html
    assert "Vidéos de formation" not in html


def test_duplicates_stay_hidden_from_search(make, db):
    wish = make.wish(title="Calendrier des animations")
    wish.status = WishStatus.DUPLICATE
    db.session.commit()
    assert titles_for("calendrier") == []


def test_list_and_search_query_counts_do_not_grow(client, auth, make, count_queries):
    auth.as_role(Role.REFERENT)

    def measure(url):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    make.wish(title="Tarification par saison A")
    small = (measure("/wishes"), measure("/wishes?q=tarif"))
    for n in range(8):
        make.wish(title=f"Tarification par saison {n}", body="Les tarifs des campings.")
    large = (measure("/wishes"), measure("/wishes?q=tarif"))
    assert large == small


def page_of(q: str, *, page: int = 1, per_page: int = 50, **filters) -> tuple[int, list[str]]:
    result = wish_page(WishFilters.from_args({"q": q, **filters}), page=page, per_page=per_page)
    return result.total, [w.title for w in result.items]


@pytest.fixture
def calendar_wishes(make, db):
    """Five matches (two in the title, three in the body), a duplicate, one unrelated."""
    product = make.product()
    make.wish(product=product, title="Calendrier public des activités")
    make.wish(product=product, title="Calendrier des animations estivales")
    for n in range(3):
        make.wish(product=product, title=f"Demande {n} des campings", body="Un calendrier.")
    make.wish(product=product, title="Calendrier en double").status = WishStatus.DUPLICATE
    make.wish(product=product, title="Bons cadeaux Addock")
    db.session.commit()
    return product


def test_the_list_page_ranks_and_counts_matches_like_the_search_query(calendar_wishes):
    expected = titles_for("calendrier")
    assert page_of("calendrier") == (5, expected)
    assert set(expected[:2]) == {
        "Calendrier public des activités",
        "Calendrier des animations estivales",
    }


def test_a_search_alone_and_a_search_with_filters_agree(calendar_wishes):
    """Without other filters SQLite answers from the full-text index alone."""
    assert page_of("calendrier") == page_of("calendrier", product=calendar_wishes.slug)


def test_search_results_are_paginated_in_relevance_order(calendar_wishes):
    _total, everything = page_of("calendrier")
    pages = [page_of("calendrier", page=n, per_page=2) for n in (1, 2, 3)]
    assert [total for total, _ in pages] == [5, 5, 5]
    assert [title for _, titles in pages for title in titles] == everything


def test_a_search_page_past_the_end_still_counts_the_matches(calendar_wishes):
    assert page_of("calendrier", page=4, per_page=2) == (5, [])
    assert page_of("calendrier", page=4, per_page=2) == page_of(
        "calendrier", page=4, per_page=2, product=calendar_wishes.slug
    )


def test_the_api_pages_a_search_like_the_list_page(calendar_wishes, client, auth):
    """A search alone is ranked in one pass, then only the page's wishes are read."""
    auth.as_role(Role.REFERENT)
    for page in (1, 2, 3, 4):
        body = client.get(f"/api/v1/wishes?q=calendrier&page={page}&per_page=2").get_json()
        assert (body["total"], [item["title"] for item in body["items"]]) == page_of(
            "calendrier", page=page, per_page=2
        )
    assert page_of("calendrier", page=4, per_page=2) == (5, [])


@pytest.fixture
def few_candidates(monkeypatch):
    """A search reads, counts and ranks its first three matches only."""
    monkeypatch.setattr(search_query, "CANDIDATES", 3)


def test_a_search_counts_its_first_matches_and_says_there_are_more(calendar_wishes, few_candidates):
    found = wish_page(WishFilters.from_args({"q": "calendrier"}), page=1, per_page=50)
    assert (found.total, found.more) == (3, True)
    assert len(found.items) == 3


def test_a_search_within_its_bound_is_counted_exactly(calendar_wishes):
    found = wish_page(WishFilters.from_args({"q": "calendrier"}), page=1, per_page=50)
    assert (found.total, found.more) == (5, False)


def test_the_pages_of_a_bounded_search_cover_its_total(calendar_wishes, few_candidates):
    pages = [page_of("calendrier", page=n, per_page=2) for n in (1, 2, 3)]
    assert pages[2] == (3, [])
    shown = [title for _, titles in pages for title in titles]
    assert len(shown) == len(set(shown)) == 3
    assert set(shown) <= set(titles_for("calendrier"))


def test_the_list_page_says_more_than_the_bound(calendar_wishes, few_candidates, client, auth):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?q=calendrier").get_data(as_text=True)
    assert "Plus de 3 souhaits" in html


def test_the_api_says_a_search_has_more_matches(calendar_wishes, few_candidates, client, auth):
    auth.as_role(Role.REFERENT)
    body = client.get("/api/v1/wishes?q=calendrier").get_json()
    assert (body["total"], len(body["items"]), body["more"]) == (3, 3, True)
    assert client.get("/api/v1/wishes?q=campings").get_json()["more"] is False


def test_sqlite_leaves_duplicates_out_by_looking_each_match_up(calendar_wishes, db):
    """One index probe per match read, not the list of every duplicate of the site."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    captured = []

    def capture(conn, cursor, statement, parameters, *args):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        page_of("calendrier")
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    [(statement, parameters)] = [(s, p) for s, p in captured if "wish_fts MATCH" in s]
    plan = [
        row[-1]
        for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
    ]
    assert "SEARCH excluded USING COVERING INDEX ix_wish_status (status=? AND rowid=?)" in plan
    assert not any("LIST SUBQUERY" in step for step in plan), plan


def test_a_search_reads_its_first_300_matches(make, db):
    """The bound the list and the API show past it ("Plus de 300 souhaits")."""
    first = make.wish(title="Calendrier 0")
    columns = ("body", "product_id", "category_id", "territory_id", "author_id", "status")
    db.session.add_all(
        Wish(title=f"Calendrier {n}", **{c: getattr(first, c) for c in columns})
        for n in range(1, search_query.CANDIDATES + 1)
    )
    db.session.commit()
    found = wish_page(WishFilters.from_args({"q": "calendrier"}), page=1, per_page=50)
    assert (search_query.CANDIDATES, found.total, found.more) == (300, 300, True)
