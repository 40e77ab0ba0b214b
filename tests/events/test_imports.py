import io

import pytest
from sqlalchemy import func, select

from app.models import Role, Vote, Wish
from app.services.imports import import_wishes

HEADER = "title;body;product;category;territory;supporters;workshop\n"


def _count(db, model=Wish):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def admin(make):
    return make.user(role=Role.ADMIN)


def _run(db, admin, text, encoding="utf-8", **kw):
    data = text.encode(encoding) if isinstance(text, str) else text
    report = import_wishes(data=data, author=admin, **kw)
    if report.ok and not report.dry_run:
        db.session.commit()
    else:
        db.session.rollback()
    return report


def test_semicolon_file_imports_every_row_with_supporters(db, admin, catalog):
    text = HEADER + (
        "Tarification par saison;Grille par saison;open-pro;tarification;drome;ardeche;isere;\n"
        "Copier une grille tarifaire;;Open Pro;Tarification;Isère Attractivité;drome;\n"
    )
    # the supporters cell of line 2 is not quoted: "ardeche;isere" spills into workshop
    report = _run(db, admin, text)
    assert not report.ok  # too many cells is an error, not a silent loss
    text = HEADER + (
        'Tarification par saison;Grille par saison;open-pro;tarification;drome;"ardeche;isere";\n'
        "Copier une grille tarifaire;;Open Pro;Tarification;Isère Attractivité;drome;\n"
    )
    report = _run(db, admin, text)
    assert report.ok, report.lines()
    wishes = db.session.execute(select(Wish).order_by(Wish.id)).scalars().all()
    assert [(w.title, w.territory_id, w.territories_count) for w in wishes] == [
        ("Tarification par saison", catalog["drome"].id, 3),
        ("Copier une grille tarifaire", catalog["isere"].id, 2),
    ]
    assert wishes[0].body == "Grille par saison"
    assert report.created == [w.id for w in wishes]


def test_comma_file_with_bom_and_french_headers(db, admin, catalog):
    text = "\ufeffTitre,Description,Produit,Catégorie,TERRITOIRE,Soutiens\n" + (
        'Tarification par saison,"Texte, avec virgule",open-pro,tarification,drome,ardeche\n'
    )
    report = _run(db, admin, text)
    assert report.ok, report.lines()
    wish = db.session.execute(select(Wish)).scalar_one()
    assert wish.body == "Texte, avec virgule"
    assert wish.territories_count == 2


def test_event_and_workshop(db, admin, catalog, event):
    text = HEADER + "Tarification par saison;;open-pro;tarification;drome;;Passerelles SIT\n"
    report = _run(db, admin, text, event=event)
    assert report.ok, report.lines()
    wish = db.session.execute(select(Wish)).scalar_one()
    assert (wish.event_id, wish.workshop_id) == (event.id, event.workshops[1].id)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            HEADER + "Tarification par saison;;open-pro;tarification;nulle-part;;\n",
            2,
            "Territoire inconnu ou inactif : « nulle-part ».",
        ),
        (HEADER + ";;open-pro;tarification;drome;;\n", 2, "Le titre doit faire entre 5 et 160"),
        (HEADER + "Tar;;open-pro;tarification;drome;;\n", 2, "Le titre doit faire entre 5 et 160"),
        (
            HEADER + "Tarification par saison;;open-prout;tarification;drome;;\n",
            2,
            "Produit inconnu ou retiré du catalogue : « open-prout ».",
        ),
        (
            HEADER + "Tarification par saison;;open-pro;inconnue;drome;;\n",
            2,
            "Catégorie inconnue ou retirée du catalogue : « inconnue ».",
        ),
        (
            HEADER + "Tarification par saison;;open-pro;tarification;drome;lune;\n",
            2,
            "Territoire soutien inconnu ou inactif : « lune ».",
        ),
        (
            HEADER + "Tarification par saison;;open-pro;tarification;drome;;Atelier X\n",
            2,
            "indiquez la rencontre",
        ),
        (
            "title;product;category\nTarification par saison;open-pro;tarification\n",
            1,
            "colonne manquante : territory",
        ),
        ("", 1, "le fichier est vide"),
    ],
)
def test_malformed_files_import_nothing_and_say_why(db, admin, catalog, text, line, reason):
    good = "Une ligne correcte ici;;open-pro;tarification;drome;;\n"
    if text.startswith(HEADER):
        text = HEADER + good + text[len(HEADER) :]
        line += 1
    report = _run(db, admin, text)
    assert not report.ok
    assert [p.line for p in report.problems] == [line]
    assert reason in " ".join(report.problems[0].messages)
    assert _count(db) == 0


def test_a_row_gets_every_problem_in_the_words_of_the_form(db, make, catalog):
    referent = make.user(role=Role.REFERENT, territory=catalog["drome"])
    text = HEADER + "Tarf;;;tarif;isere;lune;\n"
    report = _run(db, referent, text)
    assert [(p.line, p.messages) for p in report.problems] == [
        (
            2,
            [
                "Le titre doit faire entre 5 et 160 caractères.",
                "Indiquez le produit.",
                "Catégorie inconnue ou retirée du catalogue : « tarif ».",
                "Un référent dépose des souhaits pour son propre territoire.",
                "Territoire soutien inconnu ou inactif : « lune ».",
            ],
        )
    ]


def test_checking_a_file_costs_no_query_per_row(db, admin, catalog, event, count_queries):
    def queries_to_check(rows: int) -> int:
        text = HEADER + "".join(
            f"Souhait d'atelier numéro {n};;open-pro;tarification;drome;ardeche;Tarification\n"
            for n in range(rows)
        )
        with count_queries() as counter:
            report = _run(db, admin, text, event=event, dry_run=True)
        assert report.ok, report.lines()
        return counter.count

    assert queries_to_check(1) == queries_to_check(40)


def test_windows_1252_file_from_french_excel_is_read_as_such(db, admin, catalog):
    # Excel's "CSV (séparateur : point-virgule)": Windows-1252, CRLF, French headers
    text = (
        "Titre;Description;Produit;Catégorie;Territoire\r\n"
        "Tarification d’été à la journée;Œuvre « spéciale » — 5 €;open-pro;tarification;"
        "Isère Attractivité\r\n"
    )
    report = _run(db, admin, text.encode("cp1252"))
    assert report.ok, report.lines()
    wish = db.session.execute(select(Wish)).scalar_one()
    assert wish.title == "Tarification d’été à la journée"
    assert wish.body == "Œuvre « spéciale » — 5 €"
    assert wish.territory_id == catalog["isere"].id


def test_utf16_file_with_its_mark_is_read(db, admin, catalog):
    text = HEADER + "Tarification été;;open-pro;tarification;drome;;\n"
    report = _run(db, admin, text.encode("utf-16"))
    assert report.ok, report.lines()
    assert db.session.execute(select(Wish.title)).scalar_one() == "Tarification été"


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        # UTF-8 accents on line 2, a Latin-1 byte on line 3: two encodings in one file
        (
            (HEADER + "Une ligne été;;open-pro;tarification;drome;;\n").encode()
            + "Tarification été;;open-pro;tarification;drome;;\n".encode("latin-1"),
            3,
            "mélange deux encodages",
        ),
        # 0x81 is defined neither in UTF-8 (alone) nor in Windows-1252
        (HEADER.encode() + b"Tarif \x81;;open-pro;tarification;drome;;\n", 2, "ni UTF-8"),
        (HEADER.encode() + b"\x00\x01\x02binary;;;\n", 2, "caractère nul"),
    ],
)
def test_really_undecodable_files_are_refused_with_the_line(db, admin, catalog, data, line, reason):
    report = _run(db, admin, data)
    assert [p.line for p in report.problems] == [line]
    assert reason in report.problems[0].messages[0]
    assert _count(db) == 0


def test_every_bad_row_is_reported(db, admin, catalog):
    text = HEADER + (
        ";;open-pro;tarification;drome;;\n"
        "Une ligne correcte ici;;open-pro;tarification;drome;;\n"
        "Une autre ligne;;open-pro;tarification;mars;;\n"
    )
    report = _run(db, admin, text)
    assert [p.line for p in report.problems] == [2, 4]
    assert _count(db) == 0


def test_dry_run_writes_nothing(db, admin, catalog):
    text = HEADER + "Tarification par saison;;open-pro;tarification;drome;ardeche;\n"
    report = _run(db, admin, text, dry_run=True)
    assert report.ok and report.rows == 1 and report.created == []
    assert _count(db) == 0 and _count(db, Vote) == 0


def test_likely_duplicates_are_reported(db, admin, catalog, make):
    existing = make.wish(title="Tarification par saison dans Open Pro")
    text = HEADER + (
        "tarification par saison dans open pro !;;open-pro;tarification;drome;;\n"
        "Saison : tarification dans Open Pro pour les gîtes;;open-pro;tarification;drome;;\n"
        "Calendrier public des activités;;open-pro;tarification;drome;;\n"
        "Calendrier public des activités du mois;;open-pro;tarification;drome;;\n"
    )
    report = _run(db, admin, text, dry_run=True)
    assert report.ok
    found = {(d.line, d.wish_id, d.other_line) for d in report.duplicates}
    assert found == {(2, existing.id, None), (3, existing.id, None), (5, None, 4)}
    assert report.duplicates[0].same_title


def test_referent_imports_only_for_own_territory(db, make, catalog):
    referent = make.user(role=Role.REFERENT, territory=catalog["drome"])
    text = HEADER + (
        "Tarification par saison;;open-pro;tarification;drome;;\n"
        "Copier une grille tarifaire;;open-pro;tarification;isere;;\n"
        "Réductions longue durée;;open-pro;tarification;drome;ardeche;\n"
    )
    report = _run(db, referent, text)
    assert [p.line for p in report.problems] == [3, 4]
    assert _count(db) == 0


def test_club_member_cannot_import(db, make, catalog):
    report = _run(db, make.user(role=Role.CLUB_MEMBER), HEADER)
    assert not report.ok


def test_admin_import_page(client, auth, db, catalog):
    auth.as_role(Role.ADMIN)
    data = (HEADER + "Tarification par saison;;open-pro;tarification;drome;ardeche;\n").encode()
    response = client.post(
        "/events/import",
        data={"file": (io.BytesIO(data), "souhaits.csv"), "event": "", "dry_run": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Essai : 1 souhait valide" in response.get_data(as_text=True)
    assert _count(db) == 0
    response = client.post(
        "/events/import",
        data={"file": (io.BytesIO(data), "souhaits.csv"), "event": ""},
        content_type="multipart/form-data",
    )
    assert "1 souhait importé" in response.get_data(as_text=True)
    assert _count(db) == 1


def test_admin_import_page_reports_bad_lines(client, auth, db, catalog):
    auth.as_role(Role.ADMIN)
    data = (HEADER + "Tarification par saison;;open-pro;tarification;nulle-part;;\n").encode()
    response = client.post(
        "/events/import",
        data={"file": (io.BytesIO(data), "souhaits.csv"), "event": ""},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nulle-part" in html and "<td>2</td>" in html
    assert _count(db) == 0


def test_reimporting_the_same_file_skips_identical_rows(db, admin, catalog, event):
    text = HEADER + (
        "Tarification par saison;;open-pro;tarification;drome;;\n"
        "Copier une grille tarifaire;;open-pro;tarification;isere;;\n"
    )
    first = _run(db, admin, text, event=event)
    assert first.ok and len(first.created) == 2
    # same titles (case and punctuation aside), one row for another territory, one new
    again = HEADER + (
        "TARIFICATION PAR SAISON !;;open-pro;tarification;drome;;\n"
        "Copier une grille tarifaire;;open-pro;tarification;drome;;\n"
        "Réductions longue durée;;open-pro;tarification;drome;;\n"
    )
    report = _run(db, admin, again, event=event)
    assert report.ok, report.lines()
    assert [(s.line, s.wish_id) for s in report.skipped] == [(2, first.created[0])]
    assert len(report.created) == 2
    assert _count(db) == 4
    assert "Ligne 2 : déjà importée" in " ".join(report.lines())


def test_same_title_at_another_event_is_not_a_reimport(db, admin, catalog, event):
    row = HEADER + "Tarification par saison;;open-pro;tarification;drome;;\n"
    assert _run(db, admin, row).ok
    report = _run(db, admin, row, event=event)
    assert report.skipped == [] and len(report.created) == 1
    assert report.duplicates[0].same_title  # still flagged for a person to merge


def test_allow_duplicates_imports_identical_rows_again(db, admin, catalog):
    row = HEADER + "Tarification par saison;;open-pro;tarification;drome;;\n"
    assert _run(db, admin, row).ok
    report = _run(db, admin, row, allow_duplicates=True)
    assert report.skipped == [] and len(report.created) == 1
    assert _count(db) == 2


def test_a_file_over_the_row_bound_is_refused_whole(db, admin, catalog):
    rows = "".join(f"Souhait numéro {i};;open-pro;tarification;drome;;\n" for i in range(4))
    report = _run(db, admin, HEADER + rows, max_rows=3)
    assert not report.ok and report.bounded == "rows"
    assert "Trop de lignes : 4 (3 au plus" in report.problems[0].messages[0]
    assert "3 lignes" in report.limits_text()
    assert _count(db) == 0
    assert _run(db, admin, HEADER + rows, max_rows=4).ok


def test_a_file_over_the_byte_bound_is_refused(db, admin, catalog):
    filler = "x" * 1000
    rows = "".join(
        f"Souhait numéro {i};{filler};open-pro;tarification;drome;;\n" for i in range(5300)
    )
    report = _run(db, admin, HEADER + rows)
    assert not report.ok and report.bounded == "bytes"
    assert "5 Mo au plus" in report.problems[0].messages[0]


def test_an_import_past_its_time_bound_writes_nothing_and_says_so(db, admin, catalog):
    rows = "".join(f"Souhait numéro {i};;open-pro;tarification;drome;;\n" for i in range(3))
    report = _run(db, admin, HEADER + rows, max_seconds=0)
    assert not report.ok and report.bounded == "time"
    assert "Import interrompu après 0 s" in report.problems[0].messages[0]
    assert _count(db) == 0


def _brute_force(titles):
    """The definition the indexed finder must agree with: each title against every
    earlier one (Jaccard >= threshold over significant words, two words in common)."""
    from app.services.imports import SIMILARITY_THRESHOLD, normalise_title, title_words

    found = []
    for i, title in enumerate(titles):
        words = title_words(title)
        match = None
        for j in range(i):
            if normalise_title(titles[j]) == normalise_title(title):
                match = j
                break
        if match is None and len(words) >= 2:
            best = 0.0
            for j in range(i):
                other = title_words(titles[j])
                shared = len(words & other)
                score = shared / len(words | other) if other else 0
                if shared >= 2 and score >= SIMILARITY_THRESHOLD and score > best:
                    match, best = j, score
        found.append(match is not None)
    return found


def test_indexed_duplicate_check_finds_what_comparing_every_pair_finds(monkeypatch):
    import random

    from app.services.imports import duplicates
    from app.services.imports.duplicates import DuplicateFinder

    # the algorithm itself, without the caps that bound its cost on huge files
    monkeypatch.setattr(duplicates, "MAX_CANDIDATES", 10**9)
    monkeypatch.setattr(duplicates, "MAX_POSTINGS", 10**9)

    rng = random.Random(13)
    vocabulary = [f"mot{i}" for i in range(40)] + ["tarif", "saison", "export", "gites"]
    titles = [
        " ".join(rng.sample(vocabulary, rng.randint(1, 7))) + ("" if rng.random() < 0.7 else " !")
        for _ in range(600)
    ]
    finder = DuplicateFinder([], titles)
    indexed = []
    for title in titles:
        indexed.append(finder.find(title) is not None)
        finder.add(title)
    assert finder.capped == 0
    assert indexed == _brute_force(titles)
    assert sum(indexed) > 50  # the sample does exercise matches


def test_import_template_reads_back(client, auth, db, catalog):
    auth.as_role(Role.ADMIN)
    page = client.get("/events/import").get_data(as_text=True)
    assert "/events/import/modele.csv" in page
    response = client.get("/events/import/modele.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufefftitre;description;produit;catégorie;territoire;")
    header, example = text.splitlines()  # one example row, made of this network's names
    assert example.startswith("Saisir une grille tarifaire par saison;")
    report = import_wishes(data=text.encode("utf-8"), author=auth.as_role(Role.ADMIN))
    assert report.ok, report.lines()
    assert report.rows == 1
    filled = header + "\r\nTarification par saison;;open-pro;tarification;drome;ardeche;;\r\n"
    report = import_wishes(
        data=filled.encode("cp1252", errors="ignore"), author=auth.as_role(Role.ADMIN)
    )
    assert report.ok, report.lines()
    english = client.get("/events/import/modele.csv", headers={"Accept-Language": "en"})
    english_text = english.get_data(as_text=True)
    assert english_text.startswith("\ufefftitle;body;product;")
    assert import_wishes(data=english_text.encode(), author=auth.as_role(Role.ADMIN)).ok


def test_import_template_is_for_admins_only(client, auth, db):
    auth.as_role(Role.REFERENT)
    assert client.get("/events/import/modele.csv").status_code == 403


def test_import_page_skips_reimported_rows_unless_the_box_is_ticked(client, auth, db, catalog):
    auth.as_role(Role.ADMIN)
    data = (HEADER + "Tarification par saison;;open-pro;tarification;drome;;\n").encode("cp1252")

    def post(**extra):
        return client.post(
            "/events/import",
            data={"file": (io.BytesIO(data), "souhaits.csv"), "event": "", **extra},
            content_type="multipart/form-data",
        ).get_data(as_text=True)

    assert "1 souhait importé" in post()
    page = post()
    assert "1 ligne déjà importée, ignorée" in page and _count(db) == 1
    assert "Limites de cet import : 5 Mo, 2000 lignes, 20 s." in page
    assert "1 souhait importé" in post(allow_duplicates="y")
    assert _count(db) == 2
