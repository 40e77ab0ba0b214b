"""``backup`` / ``restore``: every row of the demo data set survives a round trip."""

import gzip
import json

import pytest
from sqlalchemy import select

from app.demo.seed import seed_demo
from app.models import Base


def _snapshot(db) -> dict[str, list[tuple]]:
    db.session.expire_all()
    result = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        result[table.name] = [
            tuple(row) for row in db.session.execute(select(table).order_by(*order))
        ]
    return result


def _empty(db) -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def demo(db):
    seed_demo()
    db.session.commit()
    return _snapshot(db)


def test_round_trip_keeps_every_row(runner, db, demo, tmp_path):
    path = tmp_path / "souhaits.json.gz"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    _empty(db)
    assert all(not rows for rows in _snapshot(db).values())
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    assert _snapshot(db) == demo
    assert sum(len(rows) for rows in demo.values()) > 50


def test_backup_is_gzipped_json_listing_tables_in_dependency_order(runner, demo, tmp_path):
    path = tmp_path / "souhaits.json.gz"
    runner.invoke(args=["backup", str(path)])
    document = json.loads(gzip.decompress(path.read_bytes()))
    names = [table["name"] for table in document["tables"]]
    assert names == [t.name for t in Base.metadata.sorted_tables]
    assert names.index("territory") < names.index("user_account") < names.index("wish")
    wishes = next(t for t in document["tables"] if t["name"] == "wish")
    assert len(wishes["rows"]) == len(demo["wish"])


def test_restore_refuses_a_database_that_holds_data(runner, db, demo, tmp_path):
    path = tmp_path / "souhaits.json.gz"
    runner.invoke(args=["backup", str(path)])
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "pas vide" in result.output
    assert _snapshot(db) == demo


def test_restore_with_force_replaces_the_data(runner, db, make, demo, tmp_path):
    path = tmp_path / "souhaits.json.gz"
    runner.invoke(args=["backup", str(path)])
    make.territory(name="Ajouté après la sauvegarde")
    result = runner.invoke(args=["restore", "--force", str(path)])
    assert result.exit_code == 0, result.output
    assert _snapshot(db) == demo


def test_new_rows_after_restore_get_fresh_ids(runner, db, make, demo, tmp_path):
    """On PostgreSQL, the id sequences are moved past the restored ids."""
    path = tmp_path / "souhaits.json.gz"
    runner.invoke(args=["backup", str(path)])
    _empty(db)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER SEQUENCE territory_id_seq RESTART WITH 1")
    runner.invoke(args=["restore", str(path)])
    territory = make.territory()
    assert territory.id > max(row[0] for row in demo["territory"])


def test_merged_wishes_pointing_at_later_wishes_restore(runner, db, make, tmp_path):
    older, newer = make.wish(), make.wish()
    older.merged_into_id = newer.id
    older.status = "duplicate"
    db.session.commit()
    before = _snapshot(db)
    path = tmp_path / "souhaits.json.gz"
    runner.invoke(args=["backup", str(path)])
    _empty(db)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    assert _snapshot(db) == before


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    path = tmp_path / "other.json.gz"
    path.write_bytes(gzip.compress(b'{"hello": 1}'))
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "pas une sauvegarde" in result.output
