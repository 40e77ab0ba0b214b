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
            "territoire inconnu « nulle-part »",
        ),
        (HEADER + ";;open-pro;tarification;drome;;\n", 2, "titre vide"),
        (HEADER + "Tar;;open-pro;tarification;drome;;\n", 2, "titre trop court"),
        (
            HEADER + "Tarification par saison;;open-prout;tarification;drome;;\n",
            2,
            "produit inconnu",
        ),
        (HEADER + "Tarification par saison;;open-pro;inconnue;drome;;\n", 2, "catégorie inconnue"),
        (
            HEADER + "Tarification par saison;;open-pro;tarification;drome;lune;\n",
            2,
            "territoire soutien inconnu « lune »",
        ),
        (
            HEADER + "Tarification par saison;;open-pro;tarification;drome;;Atelier X\n",
            2,
            "indiquez la rencontre",
        ),
        (
            "title;product;category\nTarification par saison;open-pro;tarification\n",
            1,
            "colonne(s) manquante(s) : territory",
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


def test_bad_encoding_names_the_line(db, admin, catalog):
    data = (HEADER + "Une ligne correcte ici;;open-pro;tarification;drome;;\n").encode()
    data += "Tarification été;;open-pro;tarification;drome;;\n".encode("latin-1")
    report = _run(db, admin, data)
    assert [p.line for p in report.problems] == [3]
    assert "UTF-8" in report.problems[0].messages[0]
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
