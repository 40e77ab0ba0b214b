import json

import pytest
from sqlalchemy import func, select

from app.demo import data as demo_data
from app.demo.seed import demo_event, seed_demo
from app.demo.timeline import DemoTimeline
from app.models import (
    Category,
    Event,
    Product,
    Role,
    ShippedConcern,
    Territory,
    Vote,
    Wish,
    WishStatus,
    WishSupport,
)
from app.selectors.events import supporting_territories

HEADER = "title;body;product;category;territory;supporters;workshop\n"


def _count(db, model=Wish):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def admin(make):
    return make.user(role=Role.ADMIN)


def test_cli_import(runner, db, admin, catalog, tmp_path):
    path = tmp_path / "souhaits.csv"
    path.write_text(HEADER + "Tarification par saison;;open-pro;tarification;drome;ardeche;\n")
    result = runner.invoke(args=["import", "wishes", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 souhait importé," in result.output
    wish = db.session.execute(select(Wish)).scalar_one()
    assert wish.author_id == admin.id


def test_cli_import_invalid_exits_non_zero_and_imports_nothing(
    runner, db, admin, catalog, tmp_path
):
    path = tmp_path / "souhaits.csv"
    path.write_text(
        HEADER
        + "Tarification par saison;;open-pro;tarification;drome;;\n"
        + ";;open-pro;tarification;atlantide;;\n"
    )
    result = runner.invoke(args=["import", "wishes", str(path)])
    assert result.exit_code == 1
    assert "Ligne 3" in result.output and "Le titre doit faire entre" in result.output
    assert "atlantide" in result.output
    assert _count(db) == 0


def test_cli_dry_run_writes_nothing(runner, db, admin, catalog, tmp_path):
    path = tmp_path / "souhaits.csv"
    path.write_text(HEADER + "Tarification par saison;;open-pro;tarification;drome;;\n")
    result = runner.invoke(args=["import", "wishes", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "Rien n'a été écrit" in result.output
    assert _count(db) == 0


def test_cli_import_with_event_and_author(runner, db, make, catalog, event, tmp_path):
    vendor = make.user(role=Role.VENDOR, email="editeur@example.org")
    path = tmp_path / "souhaits.csv"
    path.write_text(HEADER + "Tarification par saison;;open-pro;tarification;drome;;tarification\n")
    result = runner.invoke(
        args=["import", "wishes", str(path), "--event", "rn-2023", "--as", "editeur@example.org"]
    )
    assert result.exit_code == 0, result.output
    wish = db.session.execute(select(Wish)).scalar_one()
    assert (wish.author_id, wish.event_id) == (vendor.id, event.id)
    assert runner.invoke(args=["import", "wishes", str(path), "--event", "nope"]).exit_code == 2


def test_cli_export_formats_and_filters(runner, make, catalog, tmp_path):
    make.wish(title="Souhait de la Drôme", territory=catalog["drome"])
    make.wish(title="Souhait de l'Isère", territory=catalog["isere"])
    out = tmp_path / "w.csv"
    result = runner.invoke(args=["export", "wishes", "--territory", "drome", "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffNuméro;Titre;")
    assert "Souhait de la Drôme" in text and "Isère" not in text
    assert ";Nouveau;" in text
    result = runner.invoke(args=["export", "wishes", "--lang", "en", "--output", str(out)])
    assert result.exit_code == 0, result.output
    english = out.read_text(encoding="utf-8")
    assert english.startswith("\ufeffNumber;Title;") and ";New;" in english
    result = runner.invoke(args=["export", "wishes", "--format", "json"])
    assert {i["title"] for i in json.loads(result.output)} == {
        "Souhait de la Drôme",
        "Souhait de l'Isère",
    }
    result = runner.invoke(args=["export", "roadmap", "--format", "json"])
    assert json.loads(result.output) == []


def _demo_snapshot(db):
    # A merged duplicate lives on in the wish that absorbed it (its support moved
    # there), so the export, like the list, carries the wishes that are not duplicates.
    wishes = (
        db.session.execute(
            select(Wish).where(Wish.status != WishStatus.DUPLICATE).order_by(Wish.title)
        )
        .scalars()
        .all()
    )
    supporters = supporting_territories(wishes)
    return [
        (
            w.title,
            w.body,
            db.session.get(Product, w.product_id).slug,
            db.session.get(Category, w.category_id).slug,
            db.session.get(Territory, w.territory_id).slug,
            sorted(t.slug for t in supporters.get(w.id, [])),
            w.territories_count,
        )
        for w in wishes
    ]


def test_demo_round_trip_through_csv(app, runner, db, tmp_path):
    seed_demo()
    db.session.commit()
    before = _demo_snapshot(db)
    merged = db.session.execute(
        select(func.count()).select_from(Wish).where(Wish.status == WishStatus.DUPLICATE)
    ).scalar_one()
    out = tmp_path / "demo.csv"
    assert runner.invoke(args=["export", "wishes", "--output", str(out)]).exit_code == 0
    # An empty database with the same territories, products, categories and one admin.
    for model in (Vote, WishSupport, ShippedConcern):
        db.session.query(model).delete()
    from app.models import (
        Comment,
        DotVote,
        Follow,
        Notification,
        OutboxEmail,
        RestitutionEntry,
        StatusChange,
        WishLink,
        WorkshopAgendaItem,
    )

    rencontre = (DotVote, RestitutionEntry, WorkshopAgendaItem)
    for model in (Comment, Follow, StatusChange, WishLink, Notification, OutboxEmail, *rencontre):
        db.session.query(model).delete()
    db.session.query(Wish).delete()
    db.session.commit()
    assert _count(db) == 0
    result = runner.invoke(args=["import", "wishes", str(out)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert _demo_snapshot(db) == before
    assert len(before) == len(demo_data.WISHES) - merged


def test_demo_event_is_seeded_once_with_workshops(db):
    seed_demo()
    seed_demo()
    db.session.commit()
    # The meeting of the story, and the next one in preparation.
    assert _count(db, Event) == 2
    slug = demo_event(DemoTimeline.for_today())["slug"]
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
    assert event.location == "Orléans"
    assert [w.title for w in event.workshops] == [
        "Tarification",
        "Passerelles SIT",
        "Addock et distribution",
        "Activités",
    ]
    assert len(event.workshops) == 4
    attached = db.session.execute(
        select(func.count()).select_from(Wish).where(Wish.event_id == event.id)
    ).scalar_one()
    assert attached >= 8


def test_cli_reimport_skips_identical_rows_and_counts_them(runner, db, admin, catalog, tmp_path):
    path = tmp_path / "souhaits.csv"
    path.write_bytes(
        (HEADER + "Tarification été;;open-pro;tarification;drome;;\n").encode("cp1252")
    )
    assert runner.invoke(args=["import", "wishes", str(path)]).exit_code == 0
    result = runner.invoke(args=["import", "wishes", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 souhait importé, 1 ligne déjà importée ignorée" in result.output
    result = runner.invoke(args=["import", "wishes", str(path), "--allow-duplicates"])
    assert "1 souhait importé, 0 ligne déjà importée ignorée" in result.output
    assert _count(db) == 2


def test_cli_bounds_rows_and_says_so(runner, db, admin, catalog, tmp_path):
    path = tmp_path / "souhaits.csv"
    path.write_text(
        HEADER + "".join(f"Souhait numéro {i};;open-pro;tarification;drome;;\n" for i in range(3))
    )
    result = runner.invoke(args=["import", "wishes", str(path), "--max-rows", "2"])
    assert result.exit_code == 1
    assert "Trop de lignes : 3 (2 au plus" in result.output
    assert "Limites de cet import : 5 Mo, 2 lignes." in result.output
    result = runner.invoke(args=["import", "wishes", str(path), "--max-seconds", "60"])
    assert result.exit_code == 0 and "Limites de cet import : 5 Mo, 60 s." in result.output
