"""Benchmark: one poll of a workshop board, as thirty phones and a projector do it.

Usage (from the repository root)::

    .venv/bin/python -m bench.board                     # 40 wishes, 30 territories
    .venv/bin/python -m bench.board --wishes 80 --repeat 300

Builds an in-memory SQLite database, a workshop with ``--wishes`` wishes on its table and
30 territories that spent their 5 dots, then measures in-process (Flask test client,
server time, no network) the board API call with a stale ETag (200 with the body) and
with the current one (304, no body): median and p95 milliseconds and SQL queries per
poll.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime


def build(wishes: int, territories: int):
    from sqlalchemy.pool import StaticPool

    from app import create_app
    from app.extensions import db
    from app.models import Category, Event, Product, Role, Territory, User, Wish, Workshop
    from app.services import rencontre
    from app.services.tokens import token_create

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "poolclass": StaticPool,
                "connect_args": {"check_same_thread": False},
            },
            "TESTING": True,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        product, category = (
            Product(name="Open Pro", slug="open-pro"),
            Category(name="Tarifs", slug="tarifs"),
        )
        places = [
            Territory(name=f"Territoire {n}", slug=f"t-{n}", kind="ADT", region="Région")
            for n in range(territories)
        ]
        event = Event(name="Rencontre", slug="rencontre")
        db.session.add_all([product, category, event, *places])
        db.session.flush()
        workshop = Workshop(event_id=event.id, title="Atelier", slug="atelier", is_open=True)
        db.session.add(workshop)
        db.session.flush()
        rows = [
            Wish(
                title=f"Souhait {n}",
                product_id=product.id,
                category_id=category.id,
                territory_id=places[n % territories].id,
                event_id=event.id,
                workshop_id=workshop.id,
            )
            for n in range(wishes)
        ]
        db.session.add_all(rows)
        vendor = User(email="v@example.org", display_name="V", role=Role.VENDOR, password_hash="")
        db.session.add(vendor)
        db.session.flush()
        for n, place in enumerate(places):
            for k in range(5):
                rencontre.dots_set(
                    actor=vendor,
                    workshop_id=workshop.id,
                    wish_id=rows[(n * 7 + k) % wishes].id,
                    count=1,
                    territory_id=place.id,
                )
        _token, plaintext = token_create(user=vendor, name="bench")
        db.session.commit()
        return app, workshop.id, plaintext


def measure(app, url: str, headers: dict, repeat: int) -> tuple[list[float], int, int]:
    from sqlalchemy import event

    from app.extensions import db

    client = app.test_client()
    client.get(url, headers=headers)  # warm up
    timings, statuses = [], set()
    with app.app_context():
        engine = db.engine
    counted: list[str] = []

    def _count(conn, cursor, statement, *args):
        counted.append(statement)

    for _ in range(repeat):
        counted.clear()
        event.listen(engine, "before_cursor_execute", _count)
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - start) * 1000)
        event.remove(engine, "before_cursor_execute", _count)
        statuses.add(response.status_code)
    queries = len([s for s in counted if not s.lstrip().upper().startswith(("PRAGMA",))])
    return timings, queries, statuses.pop() if len(statuses) == 1 else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wishes", type=int, default=40)
    parser.add_argument("--territories", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    app, workshop_id, token = build(args.wishes, args.territories)
    url = f"/api/v1/workshops/{workshop_id}/board"
    auth = {"Authorization": f"Bearer {token}"}
    etag = app.test_client().get(url, headers=auth).headers["ETag"]
    print(
        f"board poll, {args.wishes} wishes, {args.territories} territories, "
        f"{args.repeat} polls, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    for label, headers in (
        ("changed (200)", {**auth, "If-None-Match": '"stale"'}),
        ("unchanged (304)", {**auth, "If-None-Match": etag}),
    ):
        timings, queries, status = measure(app, url, headers, args.repeat)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"  {label:16} status {status}  median {statistics.median(timings):.2f} ms  "
            f"p95 {p95:.2f} ms  queries {queries}"
        )


if __name__ == "__main__":
    main()
