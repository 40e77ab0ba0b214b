"""Migrations upgrade and downgrade on SQLite and PostgreSQL, empty or holding the demo
data, with no loss, and match the models exactly.

SQLite: a temporary file. PostgreSQL (when ``TEST_DATABASE_URL`` is set): a schema of
its own inside the test database, dropped afterwards.
"""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, table, text

from app import create_app
from app.extensions import db
from app.models import Base
from app.search.index import include_object, is_search_index_table
from tests.conftest import TEST_DATABASE_URL, make_config


def _sqlite_target(tmp_path):
    yield f"sqlite:///{tmp_path / 'migrations.db'}", {}


def _postgres_target(database_url):
    schema = f"migrations_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield database_url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_app(request, tmp_path, database_url, is_postgres):
    if request.param == "sqlite":
        target = _sqlite_target(tmp_path)
    else:
        if not (TEST_DATABASE_URL and is_postgres):
            pytest.skip("PostgreSQL: set TEST_DATABASE_URL")
        target = _postgres_target(database_url)
    url, engine_options = next(target)
    app = create_app(
        make_config(url, SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, **engine_options})
    )
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
            next(target, None)


def _all_tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _tables() -> set[str]:
    """The tables the models describe (not the SQLite full-text index tables)."""
    return {name for name in _all_tables() if not is_search_index_table(name)}


def _counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in _tables()
        }


def _heads(app) -> list[str]:
    return list(
        ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_heads()
    )


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return compare_metadata(context, Base.metadata)


def test_upgrade_and_downgrade_an_empty_database(migrated_app):
    upgrade(revision="heads")
    assert _tables() == {t.name for t in Base.metadata.sorted_tables}
    downgrade(revision="base")
    assert _all_tables() == set()
    upgrade(revision="heads")
    assert _tables() == {t.name for t in Base.metadata.sorted_tables}


def test_models_and_migrations_agree(migrated_app):
    """What ``alembic check`` does: autogenerate finds nothing to add."""
    upgrade(revision="heads")
    assert _differences() == []


def test_downgrade_and_upgrade_one_step_keeps_the_demo_data(migrated_app):
    from app.demo.seed import seed_demo

    upgrade(revision="heads")
    seed_demo()
    db.session.commit()
    db.session.remove()
    before = _counts()
    assert before["wish"] > 0 and before["user_account"] > 0
    for head in _heads(migrated_app):
        downgrade(revision=f"{head}-1")
        after_down = _counts()
        # Tables that still exist keep all their rows.
        assert {name: before[name] for name in after_down} == after_down
        upgrade(revision="heads")
        assert {name: _counts()[name] for name in after_down} == after_down
    # And the users can still log in: their session tokens were filled again.
    with db.engine.connect() as connection:
        tokens = connection.execute(text("SELECT session_token FROM user_account")).scalars().all()
    assert tokens and all(len(token) == 32 for token in tokens)
    assert len(set(tokens)) == len(tokens)


def test_downgrade_to_base_from_the_demo_data(migrated_app):
    from app.demo.seed import seed_demo

    upgrade(revision="heads")
    seed_demo()
    db.session.commit()
    db.session.remove()
    downgrade(revision="base")
    assert _tables() == set()


def _refused(statement: str) -> bool:
    from sqlalchemy.exc import IntegrityError

    with db.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.exec_driver_sql(statement)
        except IntegrityError:
            return True
        finally:
            transaction.rollback()
    return False


def test_closed_vocabularies_are_checked_from_0019(migrated_app):
    from app.demo.seed import seed_demo

    upgrade(revision="heads")
    seed_demo()
    db.session.commit()
    db.session.remove()
    unknown = {
        "wish": "UPDATE wish SET status = 'lost'",
        "roadmap_item": "UPDATE roadmap_item SET status = 'lost'",
        "role": "UPDATE user_account SET role = 'king'",
        "preference": "UPDATE user_account SET notification_preference = 'hourly'",
        "territory": "UPDATE territory SET kind = 'SIT'",
        "history": "UPDATE status_change SET kind = 'rewritten'",
    }
    assert {name: _refused(sql) for name, sql in unknown.items()} == dict.fromkeys(unknown, True)
    assert not _refused("UPDATE wish SET status = 'accepted'")
    # Expression indexes, which the inspector does not reflect on SQLite.
    index_names = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if db.engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    )
    with db.engine.connect() as connection:
        indexes = set(connection.exec_driver_sql(index_names).scalars())
    assert {"ix_wish_rank_providers_asking", "uq_user_account_email_lower"} <= indexes
    if db.engine.dialect.name == "sqlite":  # the rebuilt wish table keeps its search triggers
        with db.engine.connect() as connection:
            triggers = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'wish'"
            ).scalars()
            assert {"wish_fts_ai", "wish_fts_ad", "wish_fts_au"} <= set(triggers)

    downgrade(revision="0018")
    assert {name: _refused(sql) for name, sql in unknown.items()} == dict.fromkeys(unknown, False)


def _summaries() -> dict[str, set]:
    """The rows of the tables the services keep in step, as a full recount leaves them
    (rows brought back to zero left out)."""
    queries = {
        "territory_shipped_wish": "SELECT territory_id, wish_id, listed, shipped_on "
        "FROM territory_shipped_wish",
        "wish_support": "SELECT wish_id, territory_id, votes, on_behalf FROM wish_support "
        "WHERE votes > 0 OR on_behalf",
        "roadmap_item_territory": "SELECT roadmap_item_id, territory_id, wishes "
        "FROM roadmap_item_territory WHERE wishes > 0",
    }
    with db.engine.connect() as connection:
        return {
            name: {
                tuple(bool(v) if isinstance(v, bool) else v for v in row)
                for row in connection.execute(text(query))
            }
            for name, query in queries.items()
        }


def test_upgrade_from_0023_fills_the_counted_tables_as_the_services_keep_them(migrated_app):
    from app.demo.seed import seed_demo
    from app.services.votes import rebuild_support_counts

    upgrade(revision="heads")
    seed_demo()
    rebuild_support_counts()
    db.session.commit()
    db.session.remove()
    kept = _summaries()
    assert all(kept.values()), kept
    downgrade(revision="0023")
    upgrade(revision="heads")
    assert _summaries() == kept


def _schema() -> dict[str, tuple]:
    found = inspect(db.engine)
    return {
        name: (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)),
            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)),
        )
        for name in _all_tables()
    }


def test_downgrade_to_0023_restores_its_schema(migrated_app):
    upgrade(revision="0023")
    before = _schema()
    db.engine.dispose()
    upgrade(revision="heads")
    downgrade(revision="0023")
    db.engine.dispose()
    assert _schema() == before
