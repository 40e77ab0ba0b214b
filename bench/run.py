"""Benchmark: server time and SQL queries of the main pages at 1,000 and 100,000 wishes.

Usage (from the repository root)::

    .venv/bin/python -m bench.run                      # sizes 1000,100000
    .venv/bin/python -m bench.run --sizes 1000 --repeat 20
    .venv/bin/python -m bench.run --reuse              # keep seeded files

For each size it builds a fresh SQLite file under ``bench/.data/`` (migrations, then
``seed synthetic`` with 10 votes per wish), then measures in-process with the Flask
test client (server time, no network): the wish list (default sort, 50 per page,
with filters, with text search), the duplicate finder, a wish page, the roadmap page
and a vote, interleaved (one request of each per round). It reports the median and
p95 time, SQL queries per request, and the ratio to a bare Flask route that renders
the same 50 rows (same layout and row template) from memory, measured in the same run,
with a CPU calibration figure taken before and after. Results are printed as a table
and saved as JSON in ``bench/results/``.
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


def seed(path: Path, wishes: int) -> dict:
    from flask_migrate import upgrade

    from app.demo.synthetic import seed_synthetic
    from app.extensions import db

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    app = make_app(path)
    with app.app_context():
        upgrade(directory=str(ROOT.parent / "migrations"))
        wall, cpu = time.perf_counter(), time.process_time()
        counts = seed_synthetic(wishes=wishes, votes=wishes * 10)
        db.session.commit()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        db.engine.dispose()
    return {"counts": counts.as_dict(), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def measure_all(client, plan: list[tuple], repeat: int, counter: Counter, warmup: int = 3) -> dict:
    """Time every ``(name, method, url_for_i)`` of ``plan``, interleaved: each round
    makes one request of each, so that a slower spell of a shared machine's CPU weighs
    on every measure alike (ratios stay comparable) instead of on whichever ran then."""
    samples = {name: ([], [], []) for name, _method, _url in plan}
    for i in range(warmup + repeat):
        for name, method, url_for_i in plan:
            url = url_for_i(i)
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


def calibration_ms() -> float:
    """A fixed pure-Python workload, best of five: how fast the CPU is right now (the
    shared machine's speed drifts; compare runs by this figure)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(range(1_000_000))
        best = min(best, (time.perf_counter() - start) * 1000)
    return round(best, 2)


def run_size(size: int, repeat: int, reuse: bool) -> dict:
    from flask import render_template_string
    from sqlalchemy import event, select

    from app.extensions import db
    from app.models import Role, User, Wish
    from app.selectors import wishes as selectors
    from app.services.delivery import deliveries_for
    from app.wishes.forms import EmptyForm

    DATA.mkdir(exist_ok=True)
    path = DATA / f"bench_{size}.db"
    seeding = None
    if not (reuse and path.exists()):
        print(f"[{size}] seeding {size} wishes, {size * 10} votes…", flush=True)
        seeding = seed(path, size)
        print(f"[{size}] seeded in {seeding['wall_s']} s (CPU {seeding['cpu_s']} s)", flush=True)
    app = make_app(path)

    bare_template = (
        '{% extends "base.html" %}{% block content %}'
        '{% for wish in rows %}{% include "wishes/_row.html" %}{% endfor %}'
        "{% endblock %}"
    )
    cache: dict = {}

    @app.get("/_bench/bare")
    def bare():
        return render_template_string(
            bare_template,
            rows=cache["rows"],
            deliveries=cache["deliveries"],
            voted=set(),
            can_vote=True,
            vote_form=EmptyForm(),
        )

    results: dict = {"size": size, "seeding": seeding, "measures": {}}
    with app.app_context():
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        rows = selectors.wish_page(selectors.WishFilters(), page=1, per_page=50).items
        cache["rows"], cache["deliveries"] = rows, deliveries_for(rows)
        db.session.expunge_all()
        user = User(
            email=f"bench-{time.time_ns()}@exemple.test",
            display_name="Banc d'essai",
            role=Role.REFERENT,
            territory_id=db.session.get(Wish, rows[0].id).territory_id,
        )
        db.session.add(user)
        db.session.commit()
        session_id = user.get_id()
        popular = rows[0].id
        typical = db.session.scalar(select(Wish.id).where(Wish.votes_count <= 3).limit(1))
        votable = list(
            db.session.scalars(
                select(Wish.id)
                .where(Wish.status.in_(("new", "under_review", "accepted")))
                .order_by(Wish.id.desc())
                .limit(repeat + 10)
            )
        )
        db.session.remove()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True

        plan = [
            ("bare_ceiling", "/_bench/bare"),
            ("list_default", "/wishes"),
            ("list_page_20", "/wishes?page=20"),
            ("list_filter_product_status", "/wishes?product=open-pro&status=accepted"),
            ("list_filter_region", "/wishes?region=Bretagne"),
            ("list_sort_new", "/wishes?sort=new"),
            ("search_list", "/wishes?q=tarifs+saisonniers"),
            ("search_list_rare", "/wishes?q=connecteur+decibelles"),
            ("search_list_typo", "/wishes?q=connecteur+decibeles"),
            ("search_list_synonym", "/wishes?q=agenda+activites"),
            ("similar_api", "/api/v1/wishes/similar?q=calendrier+des+activit"),
            ("wish_page_popular", f"/wishes/{popular}"),
            ("wish_page_typical", f"/wishes/{typical}"),
            ("roadmap_page", "/roadmap"),
        ]
        requests = [(name, "GET", lambda i, url=url: url) for name, url in plan]
        requests.append(("vote", "POST", lambda i: f"/wishes/{votable[i]}/vote"))
        results["calibration_ms"] = [calibration_ms()]
        results["measures"] = measure_all(client, requests, repeat, counter)
        results["calibration_ms"].append(calibration_ms())
        event.remove(db.engine, "before_cursor_execute", counter)
        db.engine.dispose()
    bare_p50 = results["measures"]["bare_ceiling"]["p50_ms"]
    for m in results["measures"].values():
        m["ratio_to_bare"] = round(m["p50_ms"] / bare_p50, 2) if bare_p50 else None
    return results


def verdicts(runs: list[dict]) -> dict:
    big = max(runs, key=lambda r: r["size"])
    small = min(runs, key=lambda r: r["size"])
    m = big["measures"]
    out = {
        "list_p50_ms": [m["list_default"]["p50_ms"], TARGETS["list_p50_ms"]],
        "list_ratio_to_bare": [m["list_default"]["ratio_to_bare"], TARGETS["list_ratio_to_bare"]],
        "search_p50_ms": [m["search_list"]["p50_ms"], TARGETS["search_p50_ms"]],
        "vote_p50_ms": [m["vote"]["p50_ms"], TARGETS["vote_p50_ms"]],
    }
    if big is not small:
        ratio = m["list_default"]["p50_ms"] / small["measures"]["list_default"]["p50_ms"]
        out["growth_p50_100k_over_1k"] = [round(ratio, 2), TARGETS["growth_p50_100k_over_1k"]]
    return {k: {"value": v, "target": t, "met": v <= t} for k, (v, t) in out.items()}


def print_table(runs: list[dict]) -> None:
    names = list(runs[0]["measures"])
    header = f"{'measure':30}" + "".join(
        f" | {r['size']:>7} p50 ms   p95 ms  cpu50  SQL  xbare" for r in runs
    )
    print(header)
    print("-" * len(header))
    for name in names:
        line = f"{name:30}"
        for r in runs:
            m = r["measures"].get(name)
            if m is None:
                line += " | " + " " * 43
                continue
            line += (
                f" | {m['p50_ms']:>14.2f} {m['p95_ms']:>8.2f} {m['cpu_p50_ms']:>6.1f} {m['queries']:>4} "
                f"{m['ratio_to_bare']:>6.2f}"
            )
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated wish counts")
    parser.add_argument("--repeat", type=int, default=40, help="requests per measure")
    parser.add_argument("--reuse", action="store_true", help="reuse seeded files if present")
    args = parser.parse_args(argv)
    os.environ.setdefault("FLASK_ENV", "production")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [run_size(size, args.repeat, args.reuse) for size in sizes]
    print_table(runs)
    for run in runs:
        before, after = run["calibration_ms"]
        print(
            f"[{run['size']}] CPU calibration, sum(range(10**6)): {before} ms before, {after} ms after"
        )
    checks = verdicts(runs)
    for name, check in checks.items():
        print(
            f"{name:28} {check['value']:>8} (target ≤ {check['target']}) {'met' if check['met'] else 'NOT met'}"
        )
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
        "targets": checks,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for name in (f"{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    print(f"saved bench/results/{stamp}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
