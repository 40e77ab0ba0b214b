"""Shared fixtures: an app on a fresh database per test, clients, logins, query counter.

SQLite in memory by default; PostgreSQL when ``TEST_DATABASE_URL`` is set (each pytest
worker gets its own database, tables are emptied after each test).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from flask import g
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import StaticPool

from app import create_app
from app.extensions import db as _db
from app.models import Base
from tests import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
if TEST_DATABASE_URL.startswith("postgresql://"):
    TEST_DATABASE_URL = "postgresql+psycopg://" + TEST_DATABASE_URL.removeprefix("postgresql://")


def _worker_database_url(worker: str) -> str:
    """A database of its own for each xdist worker on PostgreSQL."""
    if not TEST_DATABASE_URL or worker == "master":
        return TEST_DATABASE_URL
    from sqlalchemy.engine import make_url

    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(worker_id: str) -> str:
    return _worker_database_url(worker_id) if TEST_DATABASE_URL else "sqlite://"


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def make_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "localhost",
        "BASE_URL": "http://localhost",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,
    }
    if database_url.startswith("postgresql"):
        # Durability is not what tests check: skip the fsync at each commit.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": "-c synchronous_commit=off"}
        }
    if database_url == "sqlite://":
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _postgres_schema(database_url: str, is_postgres: bool):
    if not is_postgres:
        yield
        return
    engine = create_engine(database_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def app(database_url, is_postgres, _postgres_schema, app_config):
    app = create_app(make_config(database_url, **app_config))

    def _fresh_globals():
        # The test keeps one app context open; requests must not share ``g`` (the user
        # Flask-Login loaded for the previous request included): first of all hooks.
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_globals)

    with app.app_context():
        if not is_postgres:
            _db.create_all()
        yield app
        _db.session.remove()
        if is_postgres:
            # DELETE is much faster than TRUNCATE on small tables.
            with _db.engine.begin() as conn:
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(table.delete())
        else:
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(db):
    """Factories bound to the test database: ``make.wish(...)``, ``make.user(...)``."""
    return factories.Factory(db)


class Auth:
    def __init__(self, client, make):
        self.client = client
        self.make = make

    def login(self, user):
        with self.client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    def as_role(self, role: str, **kwargs):
        return self.login(self.make.user(role=role, **kwargs))

    def logout(self):
        with self.client.session_transaction() as session:
            session.clear()


@pytest.fixture
def auth(client, make):
    return Auth(client, make)


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(db):
    """``with count_queries() as counter: ...`` then read ``counter.count``."""

    @contextmanager
    def _count():
        counter = QueryCounter()

        def _before(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "PRAGMA")):
                counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", _before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", _before)

    return _count


@pytest.fixture
def roadmap(db, make):
    return factories.RoadmapMaker(db, make)
