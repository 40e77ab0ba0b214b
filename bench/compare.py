"""Compare the API's server time in two checkouts, interleaved, on one seeded database.

Usage (from the repository root)::

    .venv/bin/python -m bench.compare OLD_CHECKOUT NEW_CHECKOUT [SIZE] [ROUNDS] [REPEAT]

Seeds ``bench/.data/compare_<SIZE>.db`` once (SQLite, ``seed synthetic``), then runs
ROUNDS rounds; each round measures both checkouts, one after the other in alternating
order, each in its own process (the list, search, wish and roadmap API, REPEAT requests
each, logged in as an admin). Prints the median of the rounds' p50 for each checkout
and their ratio, new over old: a shared machine's slow spells weigh on both alike.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"

CHILD = r"""
import json, sys
sys.path.insert(0, ".")
from sqlalchemy import select
from bench import run
app = run.make_app(URL)
from app.extensions import db
from app.models import Role, User, Wish
with app.app_context():
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
    if admin is None:
        admin = User(email="bench-admin@exemple.test", display_name="Admin", role=Role.ADMIN)
        db.session.add(admin)
        db.session.commit()
    admin_id = admin.get_id()
    popular = db.session.scalar(select(Wish.id).order_by(Wish.votes_count.desc()).limit(1))
    typical = db.session.scalar(select(Wish.id).order_by(Wish.id).offset(25).limit(1))
    db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = admin_id
        session["_fresh"] = True
    urls = {
        "list_api": "/api/v1/wishes",
        "list_api_100": "/api/v1/wishes?page=2&per_page=100",
        "search_api": "/api/v1/wishes?q=tarification+saison",
        "wish_api_popular": f"/api/v1/wishes/{popular}",
        "wish_api_typical": f"/api/v1/wishes/{typical}",
        "roadmap_api": "/api/v1/roadmap",
    }
    plan = [(name, "GET", (lambda url: lambda i: url)(url), client) for name, url in urls.items()]
    results = run.measure_all(plan, REPEAT, run.Counter())
print("RESULT" + json.dumps({name: r["p50_ms"] for name, r in results.items()}))
"""


def measure(checkout: str, url: str, repeat: int) -> dict[str, float]:
    code = f"URL = {url!r}\nREPEAT = {repeat}\n" + CHILD
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    if not lines:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(lines[0].removeprefix("RESULT"))


def main(argv: list[str]) -> int:
    old, new = argv[0], argv[1]
    size = int(argv[2]) if len(argv) > 2 else 1000
    rounds = int(argv[3]) if len(argv) > 3 else 6
    repeat = int(argv[4]) if len(argv) > 4 else 50
    DATA.mkdir(exist_ok=True)
    url = f"sqlite:///{DATA / f'compare_{size}.db'}"
    if not (DATA / f"compare_{size}.db").exists():
        code = (
            f"import sys; sys.path.insert(0, '.'); from bench import run; run.seed({url!r}, {size})"
        )
        subprocess.run([sys.executable, "-c", code], cwd=new, check=True)
    samples: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for i in range(rounds):
        order = [("old", old), ("new", new)]
        for name, checkout in order if i % 2 == 0 else reversed(order):
            samples[name].append(measure(checkout, url, repeat))
    print(f"{'measure':20} {'old p50 ms':>11} {'new p50 ms':>11} {'new/old':>8}")
    for measure_name in samples["old"][0]:
        before = statistics.median(s[measure_name] for s in samples["old"])
        after = statistics.median(s[measure_name] for s in samples["new"])
        print(f"{measure_name:20} {before:11.2f} {after:11.2f} {after / before:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
