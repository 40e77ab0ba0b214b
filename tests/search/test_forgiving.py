"""A search that forgives: the network's synonyms, one-letter typos and a "Vouliez-vous
dire…" suggestion (SQLite FTS5 and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Role, SearchWord, Synonym
from app.search import thesaurus as thesaurus_module
from app.search.query import _lookup, parse
from app.search.thesaurus import group_stems
from app.selectors.wishes import WishFilters, wish_list


def titles_for(q: str) -> list[str]:
    query = wish_list(WishFilters.from_args({"q": q}))
    return [w.title for w in _db.session.execute(query).unique().scalars()]


@pytest.fixture
def thesaurus(db):
    db.session.add_all(
        Synonym(terms=terms)
        for terms in (
            "agenda, calendrier",
            "chèque cadeau, bon cadeau",
            "OT, office de tourisme",
        )
    )
    db.session.commit()


def test_a_synonym_finds_the_wishes_that_use_the_other_word(make, thesaurus):
    make.wish(title="Calendrier public des activités")
    make.wish(title="Paiement en plusieurs fois")
    assert titles_for("agenda des activités") == ["Calendrier public des activités"]


def test_without_its_group_a_synonym_finds_nothing(make, db):
    make.wish(title="Calendrier public des activités")
    assert titles_for("agenda") == []


def test_an_expression_of_several_words_stands_for_its_group(make, thesaurus):
    make.wish(title="Bons cadeaux multi-prestataires")
    make.wish(title="Bons de commande des groupes")
    make.wish(title="Vente au comptoir de l'office de tourisme")
    assert titles_for("chèques cadeaux") == ["Bons cadeaux multi-prestataires"]
    assert titles_for("vente OT") == ["Vente au comptoir de l'office de tourisme"]


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("reservaton anticipée", "Réservation anticipée des activités"),
        ("Tourinsfot", "Disponibilités Tourinsoft vers les fiches SIT"),
        ("calendrer", "Calendrier public des activités"),
        ("passerrelle apidae", "Passerelle Apidae vers Open Pro"),
    ],
)
def test_a_one_letter_typo_finds_the_wish(make, typed, title):
    for other in (
        "Réservation anticipée des activités",
        "Disponibilités Tourinsoft vers les fiches SIT",
        "Calendrier public des activités",
        "Passerelle Apidae vers Open Pro",
    ):
        make.wish(title=other)
    assert titles_for(typed) == [title]


def test_a_corrected_query_is_suggested_as_the_wishes_spell_it(make):
    make.wish(title="Réservation anticipée des activités")
    assert parse("Reservaton anticipée").suggestion == "réservation anticipée"
    assert parse("réservation anticipée").suggestion is None


def test_a_word_some_wish_holds_is_never_corrected(make):
    make.wish(title="Page d'accueil du territoire")
    make.wish(title="Plage privée des campings")
    assert titles_for("page") == ["Page d'accueil du territoire"]
    assert parse("pages").suggestion is None


def test_the_correction_goes_to_the_word_most_wishes_hold(make):
    make.wish(title="Tarifs des groupes")
    make.wish(title="Tarifs des enfants")
    make.wish(title="Tarots du vendredi")
    assert parse("tarits").suggestion == "tarifs"


def test_each_misspelt_word_is_corrected_beside_known_ones(make):
    make.wish(title="Réservation anticipée des activités")
    make.wish(title="Passerelle Apidae vers Open Pro")
    query = parse("passerrelle apidae reservaton")
    assert query.suggestion == "passerelle apidae réservation"
    assert query.terms == ["passerel", "apida", "reserv"]


def test_only_the_words_no_wish_holds_look_up_their_variants(make):
    """A known word is never corrected: its one-edit variants are not read."""
    make.wish(title="Page d'accueil du territoire")
    make.wish(title="Plage privée des campings")
    known, candidates, _ = _lookup(["pag"], {"page": "pag"})
    assert (known, candidates) == ({"pag"}, {})
    known, candidates, _ = _lookup(["pagx"], {"pagx": "pagx"})
    assert (known, set(candidates)) == (set(), {"page"})


def vocabulary(word: str) -> tuple[str, int] | None:
    row = _db.session.execute(
        select(SearchWord.spelling, SearchWord.wishes).where(SearchWord.word == word)
    ).first()
    return None if row is None else tuple(row)


def test_the_vocabulary_follows_the_wishes_text(make, db):
    wish = make.wish(title="Passerelle Décibelles Data")
    make.wish(title="Passerelle Apidae")
    assert vocabulary("decibelles") == ("décibelles", 1)
    assert vocabulary("passerelle") == ("passerelle", 2)
    wish.title = "Passerelle LEI"
    db.session.commit()
    assert vocabulary("decibelles") == ("décibelles", 0)
    assert vocabulary("lei") == ("lei", 1)
    assert vocabulary("passerelle") == ("passerelle", 2)
    assert titles_for("decibeles") == []


def test_the_list_page_suggests_the_corrected_query(client, auth, make):
    make.wish(title="Réservation anticipée des activités")
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes?q=reservaton").get_data(as_text=True)
    assert "Vouliez-vous dire" in html
    assert "/wishes?q=r%C3%A9servation" in html
    assert "Réservation anticipée des activités" in html
    assert "Vouliez-vous dire" not in client.get("/wishes?q=reservation").get_data(as_text=True)


def test_typos_and_synonyms_cost_no_extra_query(client, auth, make, thesaurus, count_queries):
    for n in range(3):
        make.wish(title=f"Réservation anticipée {n}", body="Un calendrier des activités.")
    auth.as_role(Role.REFERENT)
    counts = []
    for q in ("reservation", "reservaton", "agenda activites", "l%27agenda"):
        with count_queries() as counter:
            assert client.get(f"/wishes?q={q}").status_code == 200
        counts.append(counter.count)
    assert len(set(counts)) == 1, counts


def test_the_admin_edits_the_thesaurus(client, auth, make, db, thesaurus):
    make.wish(title="Connecteur Décibelles Data")
    auth.as_role(Role.ADMIN)
    html = client.get("/admin/synonyms").get_data(as_text=True)
    assert "chèque cadeau, bon cadeau" in html
    response = client.post(
        "/admin/synonyms", data={"groups": "agenda,  calendrier\n\nconnecteur, passerelle\n"}
    )
    assert response.status_code == 302
    assert [s.terms for s in db.session.query(Synonym).order_by(Synonym.id)] == [
        "agenda, calendrier",
        "connecteur, passerelle",
    ]
    assert titles_for("passerelle") == ["Connecteur Décibelles Data"]


def test_a_faulty_thesaurus_line_is_reported_and_nothing_changes(client, auth, db, thesaurus):
    auth.as_role(Role.ADMIN)
    html = client.post(
        "/admin/synonyms", data={"groups": "agenda, calendrier\nremise\nOT, OT"}
    ).get_data(as_text=True)
    assert "ligne 2" in html and "ligne 3" in html
    assert db.session.query(Synonym).count() == 3


def test_the_thesaurus_form_needs_its_csrf_token(app, client, auth, db, thesaurus):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.as_role(Role.ADMIN)
    response = client.post("/admin/synonyms", data={"groups": "a, b"})
    assert response.status_code in (200, 400)
    assert db.session.query(Synonym).count() == 3


def test_a_long_or_odd_query_is_searched_without_error(make):
    make.wish(title="Réservation anticipée des activités")
    long_query = " ".join(["réservaton"] * 30 + ["x" * 500, "Ωμέγα", "ß", "l'", "'"])
    assert titles_for(long_query) == []
    assert titles_for("reservaton " + "a" * 300) == []


def test_the_thesaurus_groups_are_stemmed_once(monkeypatch):
    """Every search reads every group: they are stemmed the first time only."""
    stemmed: list[str] = []
    stems = thesaurus_module.stems
    monkeypatch.setattr(thesaurus_module, "stems", lambda text: stemmed.append(text) or stems(text))
    group = "tableur partagé, feuille de calcul commune"
    assert (
        group_stems(group)
        == group_stems(group)
        == [("tableur", "partag"), ("feuill", "calcul", "commun")]
    )
    assert stemmed == ["tableur partagé", "feuille de calcul commune"]
