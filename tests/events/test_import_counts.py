"""An import files its wishes as filing them one by one does, counters included, in a
number of statements per row that does not depend on the counters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Follow, Role, SearchWord, StatusChange, Vote, Wish, WishSupport
from app.services import imports
from app.services.imports import import_wishes
from app.services.wishes import wish_create
from tests.counted import assert_as_recounted, counted_tables

HEADER = "title;body;product;category;territory;supporters;workshop\n"

# (title, body, territory, supporters, workshop): supporters, workshops, a row identical
# to a wish already filed and one that looks like another row.
ROWS = [
    ("Tarification par saison", "Une grille par saison", "drome", ["ardeche", "isere"], ""),
    ("Copier une grille tarifaire", "", "isere", ["drome"], "Tarification"),
    ("Export des disponibilités", "Vers les partenaires", "ardeche", [], "Passerelles SIT"),
    ("Tarification par saisons", "Presque la même", "ardeche", ["drome"], ""),
    ("Réductions longue durée", "", "drome", [], ""),
]


@pytest.fixture
def admin(make):
    return make.user(role=Role.ADMIN)


@pytest.fixture
def filed_before(db, make, catalog, event, roadmap):
    """Wishes already counted on the map, one of them shipped."""
    drome, ardeche = catalog["drome"], catalog["ardeche"]
    first = make.wish(
        title="Tarification par saison",
        territory=drome,
        supporters=[ardeche],
        product=catalog["product"],
        category=catalog["category"],
    )
    first.event_id = event.id
    shipped = make.wish(territory=ardeche, product=catalog["product"])
    roadmap.item(wishes=[shipped], status="shipped")
    db.session.commit()
    return first


def _file(rows) -> bytes:
    return (
        HEADER
        + "".join(
            f'{title};{body};open-pro;tarification;{territory};"{";".join(others)}";{workshop}\n'
            for title, body, territory, others, workshop in rows
        )
    ).encode()


def _written(db, created: list[int]) -> dict:
    """What filing wrote for each wish, named by its place in ``created``, and the
    counted tables and the vocabulary."""
    place = {wish_id: n for n, wish_id in enumerate(created)}

    def of(*columns, model):
        rows = db.session.execute(select(model.wish_id, *columns).where(model.wish_id.in_(place)))
        return sorted((place[wish_id], *rest) for wish_id, *rest in rows)

    wishes = db.session.execute(
        select(
            Wish.id,
            Wish.title,
            Wish.body,
            Wish.territory_id,
            Wish.event_id,
            Wish.workshop_id,
            Wish.status,
            Wish.votes_count,
            Wish.territories_count,
            Wish.providers_count,
            Wish.search_title,
            Wish.search_body,
        ).where(Wish.id.in_(place))
    )
    return {
        "wishes": sorted((place[wish_id], *rest) for wish_id, *rest in wishes),
        "votes": of(
            Vote.territory_id,
            Vote.user_id,
            Vote.on_behalf,
            Vote.behalf_territory_id,
            Vote.recorded_by_id,
            model=Vote,
        ),
        "support": of(
            WishSupport.territory_id, WishSupport.votes, WishSupport.on_behalf, model=WishSupport
        ),
        "history": of(
            StatusChange.kind,
            StatusChange.actor_id,
            StatusChange.from_value,
            StatusChange.to_value,
            StatusChange.note,
            model=StatusChange,
        ),
        "follows": of(Follow.user_id, Follow.active, model=Follow),
        "counted": counted_tables(db),
        "words": set(
            db.session.execute(select(SearchWord.word, SearchWord.stem, SearchWord.wishes))
        ),
    }


def test_an_import_writes_what_filing_its_rows_one_by_one_writes(
    db, admin, catalog, event, filed_before, monkeypatch
):
    # Counted two by two: several batches, and an odd one at the end.
    monkeypatch.setattr(imports, "COUNTED_TOGETHER", 2)
    report = import_wishes(data=_file(ROWS), author=admin, event=event, allow_duplicates=True)
    assert report.ok, report.lines()
    assert len(report.created) == len(ROWS)
    assert report.duplicates
    imported = _written(db, report.created)
    assert_as_recounted(db)
    db.session.rollback()

    workshops = {w.title: w.id for w in event.workshops}
    one_by_one = [
        wish_create(
            author=admin,
            title=title,
            body=body,
            product_id=catalog["product"].id,
            category_id=catalog["category"].id,
            territory_id=catalog[territory].id,
            event_id=event.id,
            workshop_id=workshops.get(workshop),
            supporter_territory_ids=[catalog[s].id for s in others],
        ).id
        for title, body, territory, others, workshop in ROWS
    ]
    assert _written(db, one_by_one) == imported


def test_filing_a_row_costs_a_few_statements_whatever_the_counters(
    db, admin, catalog, event, filed_before, count_queries
):
    def statements_to_import(rows: int) -> int:
        text = HEADER + "".join(
            f'Souhait numéro {n};Texte {n};open-pro;tarification;drome;"ardeche;isere";'
            "Tarification\n"
            for n in range(rows)
        )
        with count_queries() as counter:
            report = import_wishes(data=text.encode(), author=admin, event=event)
        assert report.ok, report.lines()
        db.session.rollback()
        return counter.count

    per_row = (statements_to_import(50) - statements_to_import(10)) / 40
    # The wish, its words, its history, its three votes, its follow and the dashboard's
    # stamp: the counters, the support and the references cost a few statements per
    # import, not per row.
    assert per_row <= 8
