"""Benchmark: time to produce a board report of a territory with 200 wishes that year.

Usage (from the repository root)::

    .venv/bin/python -m bench.report               # --repeat 10

Builds a fresh SQLite file under ``bench/.data/`` (migrations, then a territory whose
year holds 150 wishes it filed and 50 it supported, the vendor's answers, 20 shipped
items, 10 late ones and 10 pledges), then times ``/territories/<slug>/report.pdf`` (the
WeasyPrint PDF) and the same report as HTML with the Flask test client, after one
warm-up request. Prints the median and worst wall time, the median CPU time (what the
process itself spent, whatever else the machine runs) and the PDF's pages; the target
is a PDF in under 2 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / ".data"
TARGET_S = 2.0
YEAR = 2026


def make_app(path: Path):
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
        }
    )


def seed() -> int:
    """The territory's year; returns the referent's id."""
    from freezegun import freeze_time

    from app.extensions import db
    from app.models import Category, Product, Role, Territory, User
    from app.services import funding, roadmap, triage
    from app.services import votes as vote_services
    from app.services import wishes as wish_services

    drome = Territory(
        name="Drôme Tourisme",
        slug="drome",
        kind="ADT",
        region="Auvergne-Rhône-Alpes",
        department_code="26",
        sit="Apidae",
        providers_count=310,
    )
    others = [
        Territory(name=f"Territoire {n}", slug=f"t-{n}", kind="OT", region="Bretagne")
        for n in range(10)
    ]
    product, category = Product(name="Open Pro", slug="open-pro"), Category(name="Tarifs", slug="t")
    db.session.add_all([drome, *others, product, category])
    db.session.flush()
    referent = User(email="r@bench", display_name="Référente", role=Role.REFERENT)
    referent.territory_id = drome.id
    vendor = User(email="v@bench", display_name="Éditeur", role=Role.VENDOR)
    filers = [
        User(email=f"o{n}@bench", display_name=f"R{n}", role=Role.REFERENT, territory_id=t.id)
        for n, t in enumerate(others)
    ]
    db.session.add_all([referent, vendor, *filers])
    db.session.flush()
    items = []
    for n in range(200):
        with freeze_time(datetime(YEAR, 1 + n % 11, 1 + n % 27, 10, tzinfo=UTC)):
            author = referent if n < 150 else filers[n % 10]
            wish = wish_services.wish_create(
                author=author,
                title=f"Souhait de démonstration numéro {n} pour le bilan annuel",
                body="Texte.",
                product_id=product.id,
                category_id=category.id,
            )
            if n >= 150:
                vote_services.vote_add(user=referent, wish_id=wish.id)
            if n % 3 == 0:
                triage.wish_set_status(actor=vendor, wish_id=wish.id, status="under_review")
            if n % 6 == 0:
                item = roadmap.roadmap_item_create(
                    actor=vendor, title=f"Élément {n}", target=f"{YEAR}-T1", status="planned"
                )
                roadmap.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
                items.append(item)
    with freeze_time(datetime(YEAR, 11, 20, 10, tzinfo=UTC)):
        for item in items[:20]:
            roadmap.roadmap_item_set_status(
                actor=vendor,
                item_id=item.id,
                status="shipped",
                shipped_on=date(YEAR, 11, 20),
                release="Open Pro 2026.5",
            )
        for n, item in enumerate(items[20:30]):
            funding.funding_set_goal(actor=vendor, item_id=item.id, goal=10_000)
            funding.pledge_set(
                actor=referent, item_id=item.id, territory_slug="drome", amount=1000 + n
            )
    db.session.commit()
    return referent.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    from flask_migrate import upgrade
    from pypdf import PdfReader

    from app.extensions import db

    DATA.mkdir(exist_ok=True)
    path = DATA / "report.sqlite"
    path.unlink(missing_ok=True)
    app = make_app(path)
    with app.app_context():
        upgrade(directory=str(ROOT.parent / "migrations"))
        user_id = seed()
        from app.models import User

        session_id = db.session.get(User, user_id).get_id()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    results = {}
    for name, url in (
        ("pdf", f"/territories/drome/report.pdf?year={YEAR}"),
        ("html", f"/territories/drome/report?year={YEAR}"),
    ):
        client.get(url)  # warm-up: templates, fonts, the map
        times, cpu = [], []
        for _ in range(args.repeat):
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
            assert response.status_code == 200, response.status_code
        results[name] = (statistics.median(times), max(times), statistics.median(cpu), response)
    pages = len(PdfReader(io.BytesIO(results["pdf"][3].data)).pages)
    print(f"board report, 200 wishes, {args.repeat} runs after one warm-up")
    for name, (median, worst, cpu, response) in results.items():
        print(
            f"  {name:4}  median {median:.3f} s  worst {worst:.3f} s  CPU median {cpu:.3f} s"
            f"  {len(response.data)} bytes"
        )
    print(f"  PDF pages: {pages}")
    wall, cpu = results["pdf"][0], results["pdf"][2]
    print(
        f"  target: PDF under {TARGET_S:.0f} s — wall {'met' if wall < TARGET_S else 'MISSED'},"
        f" CPU {'met' if cpu < TARGET_S else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
