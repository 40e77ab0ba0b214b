"""``seed demo``: a realistic French data set, and a second run changes nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.demo.seed import seed_demo
from app.extensions import db as _db
from app.models import (
    Base,
    Category,
    Club,
    ClubMembership,
    Comment,
    Product,
    Role,
    Territory,
    Vote,
    Wish,
)
from app.services import accounts
from tests.conftest import make_config


def _row_counts(session) -> dict[str, int]:
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def _fingerprint(session) -> tuple:
    """Counters that a second run must not change either."""
    return tuple(
        session.execute(
            select(Wish.id, Wish.votes_count, Wish.territories_count, Wish.comments_count).order_by(
                Wish.id
            )
        ).all()
    )


@pytest.fixture
def seeded(db):
    seed_demo()
    db.session.commit()
    return db


def test_demo_has_at_least_25_real_world_territories(seeded):
    territories = seeded.session.execute(select(Territory)).scalars().all()
    assert len(territories) >= 25
    assert {t.kind for t in territories} >= {"CRT", "ADT", "CDT", "OT"}
    assert len({t.region for t in territories}) >= 8
    assert sum(1 for t in territories if t.department_code) >= 20
    assert {"Apidae", "Tourinsoft", "Décibelles Data"} <= {t.sit for t in territories}
    assert all(t.providers_count > 0 and t.joined_year for t in territories)


def test_demo_has_clubs_with_members_products_and_categories(seeded):
    session = seeded.session
    assert session.execute(select(func.count(Club.id))).scalar_one() >= 1
    assert session.execute(select(func.count()).select_from(ClubMembership)).scalar_one() >= 3
    products = set(session.execute(select(Product.name)).scalars())
    assert {"Open Pro", "Open System"} <= products
    assert any("Addock" in name for name in products)
    assert session.execute(select(func.count(Category.id))).scalar_one() >= 4


def test_demo_has_about_forty_wishes_with_comments_and_support(seeded):
    session = seeded.session
    wishes = session.execute(select(Wish)).scalars().all()
    assert 35 <= len(wishes) <= 60
    assert session.execute(select(func.count(Comment.id))).scalar_one() >= 10
    assert session.execute(select(func.count(Vote.id))).scalar_one() > len(wishes)
    assert sum(1 for w in wishes if w.territories_count >= 3) >= 5
    filing = {w.territory_id for w in wishes}
    assert len(filing) >= 10
    assert any("saison" in w.title.lower() for w in wishes)


def test_demo_has_one_login_per_role(seeded):
    from app.demo import data

    roles = {}
    for email, _name, role, _t, _c in data.USERS:
        user = accounts.authenticate(email, data.DEMO_PASSWORD)
        assert user is not None, email
        roles.setdefault(role, user)
    assert set(roles) == set(Role.ALL)
    assert roles[Role.REFERENT].territory_id is not None
    assert roles[Role.CLUB_MEMBER].club_id is not None


def test_second_run_changes_nothing(seeded):
    before = _row_counts(seeded.session)
    fingerprint = _fingerprint(seeded.session)
    seed_demo()
    seeded.session.commit()
    assert _row_counts(seeded.session) == before
    assert _fingerprint(seeded.session) == fingerprint


@pytest.fixture
def migrated_database_url(tmp_path, database_url, is_postgres):
    """An empty database that only migrations will fill: a SQLite file, or a schema of
    its own inside the PostgreSQL test database."""
    if not is_postgres:
        yield f"sqlite:///{tmp_path / 'seed.db'}", {}
        return
    schema = f"seed_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(database_url).render_as_string(hide_password=False),
            {"connect_args": {"options": f"-csearch_path={schema}"}},
        )
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_seed_command_migrates_and_is_idempotent(migrated_database_url):
    url, engine_options = migrated_database_url
    config = make_config(url)
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    app = create_app(config)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "fictives" in first.output
    with app.app_context():
        before = _row_counts(_db.session)
        fingerprint = _fingerprint(_db.session)
        version = _db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        _db.session.remove()
    assert before["territory"] >= 25 and before["wish"] >= 35
    assert version
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert _row_counts(_db.session) == before
        assert _fingerprint(_db.session) == fingerprint
        _db.session.remove()
        _db.engine.dispose()
