"""Benchmark: server time and SQL queries of every main page, on SQLite or PostgreSQL.

Usage (from the repository root)::

    .venv/bin/python -m bench.run                          # SQLite, sizes 1000,100000
    .venv/bin/python -m bench.run --database postgresql    # the same on PostgreSQL
    .venv/bin/python -m bench.run --sizes 1000 --repeat 20
    .venv/bin/python -m bench.run --reuse                  # keep seeded databases

For each size it builds a fresh database (a SQLite file under ``bench/.data/``, or a
PostgreSQL database ``souhaits_bench_<size>`` next to ``--postgresql-url``): migrations,
then ``seed synthetic`` with 10 votes per wish, plus a Rencontre with four workshops and
their dots and a club of ten territories. It then measures in-process with the Flask
test client (server time, no network), logged in as an admin (a referent for the vote),
one request of each page per round (interleaved): the wish list (default, deep page,
filters, search), the list and search API, similar wishes, a popular and a typical wish
page, the roadmap, shipped, the map, the dashboard, a territory and a club page, the
event page and a workshop board (page and API), and a vote. The map is measured three
times a round: as the round finds it (``map_page``), at once again with nothing changed
(``map_page_kept``) and right after a vote that moves a territory's figures, the vote
itself not timed (``map_page_after_vote``). It reports the median and
p95 time, SQL queries per request and two ratios: to a bare Flask route writing 50 rows
from memory into a plain HTML table (``bare_plain``, the physical floor), and to a bare
route rendering the same rows with the site's layout (``bare_layout``). A CPU
calibration figure is taken before and after. Results are printed as a table (and as
Markdown with ``--markdown``) and saved as JSON in ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / ".data"
RESULTS = ROOT / "results"

TARGETS = {
    "list_p50_ms": 30,
    "list_ratio_to_bare": 3,
    "search_p50_ms": 50,
    "vote_p50_ms": 10,
    "growth_p50_100k_over_1k": 2,
}
# p50 ratio to ``bare_plain`` each page should stay under (largest size measured).
PAGE_TARGETS = {
    "list_default": 2,
    "list_api": 2,
    "search_list": 2.5,
    "search_api": 2.5,
    "wish_page_popular": 3,
    "wish_page_typical": 3,
    "roadmap_page": 3,
    "shipped_page": 3,
    "territory_page": 3,
    "club_page": 3,
    "map_page": 4,
    "map_page_kept": 4,
    "map_page_after_vote": 4,
    "dashboard_page": 4,
    "vote": 1,
}
GROWTH_TARGET = 1.3
DEFAULT_POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def database_url(database: str, size: int, postgresql_url: str) -> str:
    if database == "postgresql":
        from sqlalchemy.engine import make_url

        return (
            make_url(postgresql_url)
            .set(database=f"souhaits_bench_{size}")
            .render_as_string(hide_password=False)
        )
    return f"sqlite:///{DATA / f'bench_{size}.db'}"


def make_app(url: str):
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
        }
    )


def database_exists(url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database or "").exists()
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).first()
    admin.dispose()
    return found is not None


def fresh_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


ROADMAP_ITEMS = 500
"""Roadmap items of every benchmark database, more at 200 wishes per item: enough
that the board's columns (20 cards each) and the shipped page are full at 1k wishes
too, so that those pages show as much at every size and their growth measures the
data, not a half-empty board."""


def seed(url: str, wishes: int) -> dict:
    from flask_migrate import upgrade

    from app.demo.synthetic import seed_synthetic, vacuum_after_load
    from app.extensions import db

    fresh_database(url)
    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT.parent / "migrations"))
        wall, cpu = time.perf_counter(), time.process_time()
        counts = seed_synthetic(
            wishes=wishes, votes=wishes * 10, roadmap_items=max(ROADMAP_ITEMS, wishes // 200)
        )
        db.session.commit()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        add_meeting_and_club()
        vacuum_after_load()
        db.engine.dispose()
    return {"counts": counts.as_dict(), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


def add_meeting_and_club() -> None:
    """A Rencontre with four workshops of 30 recent wishes each, 30 territories' dots on
    each, and a club of ten territories: what the event, board and club pages show."""
    import random

    from sqlalchemy import select, update

    from app.extensions import db
    from app.models import Club, ClubMembership, DotVote, Event, Territory, Wish, Workshop

    rng = random.Random(7)
    territory_ids = list(db.session.scalars(select(Territory.id).order_by(Territory.id)))
    event = Event(name="Rencontre nationale (banc d'essai)", slug="rencontre-bench")
    db.session.add(event)
    db.session.flush()
    recent = list(db.session.scalars(select(Wish.id).order_by(Wish.id.desc()).limit(120)))
    for position in range(4):
        workshop = Workshop(
            event_id=event.id,
            title=f"Atelier {position + 1}",
            slug=f"atelier-{position + 1}",
            position=position,
            is_open=True,
        )
        db.session.add(workshop)
        db.session.flush()
        wish_ids = recent[position * 30 : (position + 1) * 30]
        db.session.execute(
            update(Wish)
            .where(Wish.id.in_(wish_ids))
            .values(event_id=event.id, workshop_id=workshop.id)
        )
        for territory_id in territory_ids[:30]:
            for wish_id in rng.sample(wish_ids, 3):
                db.session.add(
                    DotVote(
                        workshop_id=workshop.id,
                        wish_id=wish_id,
                        territory_id=territory_id,
                        count=rng.randint(1, 2),
                    )
                )
    club = Club(name="Club du banc d'essai", slug="club-bench", host_territory_id=territory_ids[0])
    db.session.add(club)
    db.session.flush()
    for territory_id in territory_ids[:10]:
        db.session.add(ClubMembership(club_id=club.id, territory_id=territory_id))
    db.session.commit()


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def measure_all(plan: list[tuple], repeat: int, counter: Counter, warmup: int = 3) -> dict:
    """Time every ``(name, method, url_for_i, client[, before_i])`` of ``plan``,
    interleaved: each round makes one request of each, so that a slower spell of a shared
    machine's CPU weighs on every measure alike (ratios stay comparable) instead of on
    whichever ran then. ``before_i(i)``, when given, runs first, neither timed nor counted
    (a write whose effect the request is measured under)."""
    samples: dict[str, tuple[list, list, list]] = {name: ([], [], []) for name, *_ in plan}
    for i in range(warmup + repeat):
        for name, method, url_for_i, client, *before in plan:
            url = url_for_i(i)
            if before:
                before[0](i)
            counter.n = 0
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.open(url, method=method)
            elapsed = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu_start) * 1000
            if response.status_code >= 400 or (method == "GET" and response.status_code != 200):
                raise RuntimeError(f"{method} {url} -> {response.status_code}")
            if i >= warmup:
                times, cpu_times, queries = samples[name]
                times.append(elapsed)
                cpu_times.append(cpu)
                queries.append(counter.n)
    results = {}
    for name, (times, cpu_times, queries) in samples.items():
        times.sort()
        results[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "cpu_p50_ms": round(statistics.median(cpu_times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
            "queries": max(queries),
            "n": repeat,
        }
    return results


def _must_succeed(response) -> None:
    if response.status_code >= 400:
        raise RuntimeError(f"{response.request.path} -> {response.status_code}")


def calibration_ms() -> float:
    """A fixed pure-Python workload, best of five: how fast the CPU is right now (the
    shared machine's speed drifts; compare runs by this figure)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(range(1_000_000))
        best = min(best, (time.perf_counter() - start) * 1000)
    return round(best, 2)


PLAIN_TEMPLATE = (
    "<!doctype html><title>Souhaits</title><table>"
    '{% for wish in rows %}<tr><td><a href="/wishes/{{ wish.id }}">{{ wish.title }}</a></td>'
    "<td>{{ wish.status }}</td><td>{{ wish.territory_name }}</td>"
    "<td>{{ wish.territories_count }}</td><td>{{ wish.votes_count }}</td></tr>"
    "{% endfor %}</table>"
)
LAYOUT_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}'
    '{% for wish in rows %}{% include "wishes/_row.html" %}{% endfor %}'
    "{% endblock %}"
)


def run_size(
    size: int, repeat: int, reuse: bool, database: str = "sqlite", postgresql_url: str = ""
) -> dict:
    from flask import render_template_string
    from sqlalchemy import event, select

    from app.extensions import db
    from app.forms import EmptyForm
    from app.models import Club, Event, Role, Territory, User, Vote, Wish
    from app.selectors import wishes as selectors
    from app.selectors.delivery import deliveries_for

    DATA.mkdir(exist_ok=True)
    url = database_url(database, size, postgresql_url or DEFAULT_POSTGRESQL_URL)
    seeding = None
    if not (reuse and database_exists(url)):
        print(f"[{database} {size}] seeding {size} wishes, {size * 10} votes…", flush=True)
        seeding = seed(url, size)
        print(
            f"[{database} {size}] seeded in {seeding['wall_s']} s (CPU {seeding['cpu_s']} s)",
            flush=True,
        )
    app = make_app(url)
    cache: dict = {}

    @app.get("/_bench/plain")
    def bare_plain():
        return render_template_string(PLAIN_TEMPLATE, rows=cache["rows"])

    @app.get("/_bench/bare")
    def bare():
        return render_template_string(
            LAYOUT_TEMPLATE,
            rows=cache["rows"],
            deliveries=cache["deliveries"],
            voted=set(),
            can_vote=True,
            vote_form=EmptyForm(),
        )

    results: dict = {"size": size, "database": database, "seeding": seeding, "measures": {}}
    with app.app_context():
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        rows = selectors.wish_page(selectors.WishFilters(), page=1, per_page=50).items
        cache["rows"], cache["deliveries"] = rows, deliveries_for(rows)
        db.session.expunge_all()
        stamp = time.time_ns()
        referent_territory = db.session.get(Wish, rows[0].id).territory_id
        referent = User(
            email=f"bench-{stamp}@exemple.test",
            display_name="Banc d'essai",
            role=Role.REFERENT,
            territory_id=referent_territory,
        )
        admin = User(
            email=f"bench-admin-{stamp}@exemple.test", display_name="Admin", role=Role.ADMIN
        )
        db.session.add_all([referent, admin])
        db.session.commit()
        referent_id, admin_id = referent.get_id(), admin.get_id()
        popular = db.session.scalar(select(Wish.id).order_by(Wish.votes_count.desc()).limit(1))
        typical = rows[min(len(rows) - 1, 25)].id
        territory = db.session.scalar(select(Territory.slug).order_by(Territory.id).limit(1))
        club = db.session.scalar(select(Club.slug).order_by(Club.id).limit(1))
        meeting = db.session.scalar(select(Event).order_by(Event.id.desc()).limit(1))
        workshop = meeting.workshops[0] if meeting is not None and meeting.workshops else None
        deep_page = max(1, int(size * 0.9 / 50 * 0.75))
        votable = list(
            db.session.scalars(
                select(Wish.id)
                .where(Wish.status.in_(("new", "under_review", "accepted")))
                .order_by(Wish.id.desc())
                .limit(repeat + 10)
            )
        )
        # Wishes the referent's territory neither filed nor supports yet (earlier runs
        # on a reused database may have supported some): each vote moves its figures.
        map_votable = list(
            db.session.scalars(
                select(Wish.id)
                .where(
                    Wish.status.in_(("new", "under_review", "accepted")),
                    Wish.territory_id != referent_territory,
                    Wish.id.not_in(votable),
                    ~select(Vote.id)
                    .where(Vote.wish_id == Wish.id, Vote.territory_id == referent_territory)
                    .exists(),
                )
                .order_by(Wish.id)
                .limit(repeat + 10)
            )
        )
        db.session.remove()

        def client_for(user_id: str):
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = user_id
                session["_fresh"] = True
            return client

        admin_client, referent_client = client_for(admin_id), client_for(referent_id)
        plan = [
            ("bare_plain", "/_bench/plain"),
            ("bare_layout", "/_bench/bare"),
            ("list_default", "/wishes"),
            ("list_page_deep", f"/wishes?page={deep_page}"),
            ("list_filter_product_status", "/wishes?product=open-pro&status=accepted"),
            ("list_filter_region", "/wishes?region=Bretagne"),
            ("list_sort_new", "/wishes?sort=new"),
            ("list_api", "/api/v1/wishes"),
            ("search_list", "/wishes?q=tarifs+saisonniers"),
            ("search_list_rare", "/wishes?q=connecteur+decibelles"),
            ("search_api", "/api/v1/wishes?q=tarification+saison"),
            ("search_list_typo", "/wishes?q=connecteur+decibeles"),
            ("search_list_synonym", "/wishes?q=agenda+activites"),
            ("similar_api", "/api/v1/wishes/similar?q=calendrier+des+activit"),
            ("wish_page_popular", f"/wishes/{popular}"),
            ("wish_page_typical", f"/wishes/{typical}"),
            ("roadmap_page", "/roadmap"),
            ("shipped_page", "/shipped"),
            ("map_page", "/territories"),
            ("dashboard_page", "/dashboard"),
            ("territory_page", f"/territories/{territory}"),
        ]
        if club:
            plan.append(("club_page", f"/clubs/{club}"))
        if meeting is not None:
            plan.append(("event_page", f"/events/{meeting.slug}"))
        if workshop is not None:
            plan.append(("board_page", f"/events/{meeting.slug}/workshops/{workshop.slug}/board"))
            plan.append(("board_api", f"/api/v1/workshops/{workshop.id}/board"))
        requests = [(name, "GET", lambda i, url=url: url, admin_client) for name, url in plan]
        # The map again with nothing changed since, then after a vote that changed it.
        at = next(n for n, request in enumerate(requests) if request[0] == "map_page") + 1
        requests[at:at] = [
            ("map_page_kept", "GET", lambda i: "/territories", admin_client),
            (
                "map_page_after_vote",
                "GET",
                lambda i: "/territories",
                admin_client,
                lambda i: _must_succeed(referent_client.post(f"/wishes/{map_votable[i]}/vote")),
            ),
        ]
        requests.append(("vote", "POST", lambda i: f"/wishes/{votable[i]}/vote", referent_client))
        engine = db.engine
    # Requests run outside the setup's app context: each gets its own, as in production
    # (inside it, ``g`` and the signed-in user would carry over from one client to the next).
    results["calibration_ms"] = [calibration_ms()]
    results["measures"] = measure_all(requests, repeat, counter)
    results["calibration_ms"].append(calibration_ms())
    event.remove(engine, "before_cursor_execute", counter)
    engine.dispose()
    plain_p50 = results["measures"]["bare_plain"]["p50_ms"]
    layout_p50 = results["measures"]["bare_layout"]["p50_ms"]
    for m in results["measures"].values():
        m["ratio_to_plain"] = round(m["p50_ms"] / plain_p50, 2) if plain_p50 else None
        m["ratio_to_bare"] = round(m["p50_ms"] / layout_p50, 2) if layout_p50 else None
    return results


def verdicts(runs: list[dict]) -> dict:
    """Each target against the largest size measured; growth from the smallest."""
    big = max(runs, key=lambda r: r["size"])
    small = min(runs, key=lambda r: r["size"])
    m = big["measures"]
    out = {
        "list_p50_ms": [m["list_default"]["p50_ms"], TARGETS["list_p50_ms"]],
        "list_ratio_to_bare": [m["list_default"]["ratio_to_bare"], TARGETS["list_ratio_to_bare"]],
        "search_p50_ms": [m["search_list"]["p50_ms"], TARGETS["search_p50_ms"]],
        "vote_p50_ms": [m["vote"]["p50_ms"], TARGETS["vote_p50_ms"]],
    }
    for name, target in PAGE_TARGETS.items():
        if name in m:
            out[f"{name}_x_plain"] = [m[name]["ratio_to_plain"], target]
    if big is not small:
        ratio = m["list_default"]["p50_ms"] / small["measures"]["list_default"]["p50_ms"]
        out["growth_p50_100k_over_1k"] = [round(ratio, 2), TARGETS["growth_p50_100k_over_1k"]]
        for name, measure in m.items():
            before = small["measures"].get(name)
            if name.startswith("bare_") or before is None or name == "vote":
                continue
            # Growth of the ratio to the plain route, so a slower spell of the machine
            # during one size does not read as growth.
            grown = measure["ratio_to_plain"] / before["ratio_to_plain"]
            out[f"{name}_growth"] = [round(grown, 2), GROWTH_TARGET]
    return {k: {"value": v, "target": t, "met": v <= t} for k, (v, t) in out.items()}


def print_table(runs: list[dict]) -> None:
    names = list(runs[0]["measures"])
    header = f"{'measure':28}" + "".join(
        f" | {r['database'][:6]} {r['size']:>7}: p50 ms  p95 ms  SQL xplain xlayout" for r in runs
    )
    print(header)
    print("-" * len(header))
    for name in names:
        line = f"{name:28}"
        for r in runs:
            m = r["measures"].get(name)
            if m is None:
                line += " | " + " " * 53
                continue
            line += (
                f" | {'':15}{m['p50_ms']:>8.2f} {m['p95_ms']:>7.2f} {m['queries']:>4} "
                f"{m['ratio_to_plain']:>6.2f} {m['ratio_to_bare']:>7.2f}"
            )
        print(line)


def measured_when(runs: list[dict], module: str, argv: list[str] | None) -> str:
    """When, with which command, on what machine and at which CPU calibration ``runs``
    were measured: the sentence a table in ``docs/benchmarks.md`` opens with."""
    command = " ".join([f"python -m {module}", *(sys.argv[1:] if argv is None else argv)])
    calibrations = "; ".join(
        f"{r['database']} {r['size']:,}".replace(",", " ")
        + f": {r['calibration_ms'][0]} ms before, {r['calibration_ms'][1]} ms after"
        for r in runs
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`, on "
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {load}. CPU calibration (`sum(range(10**6))`, best of five): "
        f"{calibrations}."
    )


def save_results(runs: list[dict], prefix: str = "", **extra) -> str:
    """Save ``runs`` with the date and the machine as JSON in ``bench/results/``, under
    the date and as ``<prefix>latest.json``; return the dated file's name."""
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_avg": os.getloadavg(),
        },
        "runs": runs,
        **extra,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for name in (f"{prefix}{stamp}.json", f"{prefix}latest.json"):
        (RESULTS / name).write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return f"{prefix}{stamp}.json"


def markdown_table(runs: list[dict], argv: list[str] | None = None) -> str:
    """The same figures as a Markdown table (p50 ms, queries, ratio to the plain route).

    It opens with the date, the command, the machine and its CPU calibration, so that a
    table pasted into ``docs/benchmarks.md`` says when and where it was measured.
    """
    preamble = [
        measured_when(runs, "bench.run", argv),
        "",
        "Each cell: p50 · SQL queries per request · ratio to the plain bare route.",
        "",
    ]
    names = list(runs[0]["measures"])
    head = "| page | " + " | ".join(
        f"{r['database']} {r['size']:,}".replace(",", " ") for r in runs
    )
    lines = [head + " |", "|---" * (len(runs) + 1) + "|"]
    for name in names:
        cells = []
        for r in runs:
            m = r["measures"].get(name)
            cells.append(
                ""
                if m is None
                else f"{m['p50_ms']:.1f} ms · {m['queries']} q · ×{m['ratio_to_plain']:.1f}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(preamble + lines)


def database_arguments(doc: str | None) -> argparse.ArgumentParser:
    """The options every benchmark of the seeded databases takes: sizes, database, server,
    Markdown."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated wish counts")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL_URL),
        help="server to create the souhaits_bench_<size> databases on",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = database_arguments(__doc__)
    parser.add_argument("--repeat", type=int, default=40, help="requests per measure")
    parser.add_argument("--reuse", action="store_true", help="reuse seeded databases if present")
    args = parser.parse_args(argv)
    os.environ.setdefault("FLASK_ENV", "production")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [
        run_size(size, args.repeat, args.reuse, args.database, args.postgresql_url)
        for size in sizes
    ]
    print_table(runs)
    if args.markdown:
        print(markdown_table(runs, argv))
    for run in runs:
        before, after = run["calibration_ms"]
        print(
            f"[{run['database']} {run['size']}] CPU calibration, sum(range(10**6)): "
            f"{before} ms before, {after} ms after"
        )
    checks = verdicts(runs)
    for name, check in checks.items():
        print(
            f"{name:34} {check['value']:>8} (target ≤ {check['target']}) {'met' if check['met'] else 'NOT met'}"
        )
    print(f"saved bench/results/{save_results(runs, targets=checks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
