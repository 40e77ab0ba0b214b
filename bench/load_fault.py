"""Load and fault: clients against gunicorn on PostgreSQL, a worker killed, the database
restarted; then counters must equal rows, and no 500 outside the database's downtime.

Usage (from the repository root, as root or a user allowed to run ``pg_ctlcluster``)::

    .venv/bin/python -m bench.load_fault                   # 16 clients, 4 workers, 90 s
    .venv/bin/python -m bench.load_fault --duration 60 --clients 8

It runs against its own PostgreSQL cluster (``--cluster 15/loadfault`` on port
``--pg-port 5499``, created with ``pg_createcluster`` if missing), so that restarting
the database disturbs nothing else on the machine. Steps:

1. a fresh database, ``db upgrade``, ``seed synthetic`` (``--wishes``) and an API token
   for each of ``--clients`` referents of different territories;
2. ``gunicorn -w 4`` on loopback (production settings);
3. the clients, each one request at a time (bounded: a closed loop with a 10 s timeout),
   mix reads and writes as people do: wish lists (sorts, pages, a search), wish pages,
   the roadmap and shipped pages, support given and withdrawn on a small set of popular
   wishes (contention), comments;
4. at a quarter of the run one worker is killed (``SIGKILL``; gunicorn starts another),
   at half the run the database is restarted (``pg_ctlcluster … restart``); the
   database's downtime is from the restart until ``/healthz`` answers 200 again;
5. after the run: every wish's ``votes_count``, ``territories_count`` and
   ``comments_count`` must equal its rows, and no request may have had a 500 (or lost
   its connection) outside the downtime and the killed worker's in-flight requests.

It prints a table and saves the figures as JSON in ``bench/results/``; the exit code is
1 when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent


@dataclass
class Sample:
    action: str
    start: float
    end: float
    status: int | None  # None: the connection failed
    error: str = ""


@dataclass
class Timeline:
    kill_at: float | None = None
    killed_pid: int | None = None
    restart_at: float | None = None
    restart_done_at: float | None = None
    healthy_at: float | None = None
    events: list[str] = field(default_factory=list)


def run(cmd: list[str], env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def ensure_cluster(version: str, name: str, port: int) -> None:
    clusters = run(["pg_lsclusters", "--no-header"])
    if not any(line.split()[:2] == [version, name] for line in clusters.splitlines()):
        run(
            [
                "pg_createcluster",
                version,
                name,
                "--port",
                str(port),
                "--",
                "--auth-local=trust",
                "--auth-host=trust",
            ]
        )
    run(["pg_ctlcluster", version, name, "start"], check=False)


def psql(port: int, sql: str, database: str = "postgres") -> str:
    return run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database]
        + ["-v", "ON_ERROR_STOP=1", "-tAc", sql]
    )


def prepare_database(args, env: dict) -> dict:
    psql(args.pg_port, "DROP DATABASE IF EXISTS souhaits_load WITH (FORCE)")
    psql(args.pg_port, "CREATE DATABASE souhaits_load")
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    run([*flask, "db", "upgrade"], env=env)
    run([*flask, "seed", "synthetic", "--wishes", str(args.wishes)], env=env)
    script = f"""
import json
from sqlalchemy import select
from app import create_app
from app.extensions import db
from app.models import Role, User, Wish, WishStatus
from app.services.tokens import token_create
app = create_app()
with app.app_context():
    users, seen = [], set()
    for user in db.session.execute(
        select(User).where(User.role == Role.REFERENT, User.active.is_(True)).order_by(User.id)
    ).scalars():
        if user.territory_id not in seen:
            seen.add(user.territory_id)
            users.append(user)
        if len(users) == {args.clients}:
            break
    tokens = [token_create(user=u, name="load")[1] for u in users]
    open_ids = list(db.session.execute(
        select(Wish.id).where(Wish.status.not_in(WishStatus.CLOSED_TO_SUPPORT))
        .order_by(Wish.territories_count.desc()).limit(200)
    ).scalars())
    db.session.commit()
    print(json.dumps({{"tokens": tokens, "wish_ids": open_ids}}))
"""
    out = run([sys.executable, "-c", script], env=env)
    return json.loads(out.strip().splitlines()[-1])


def gunicorn_children(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def wait_healthy(port: int, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.1)
    return None


class Client(threading.Thread):
    def __init__(self, number: int, port: int, token: str, wish_ids: list[int], stop, out):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.port = port
        self.token = token
        self.wish_ids = wish_ids
        self.hot = wish_ids[:30]
        self.stop = stop
        self.out = out
        self.supported: set[int] = set()

    def choose(self) -> tuple[str, str, str, dict | None]:
        r = self.rng.random()
        wish = self.rng.choice(self.wish_ids)
        if r < 0.30:
            sort = self.rng.choice(["support", "votes", "new", "updated", "providers"])
            page = self.rng.randint(1, 20)
            return "list", "GET", f"/api/v1/wishes?sort={sort}&page={page}", None
        if r < 0.38:
            q = self.rng.choice(["tarif", "export", "réservation", "calendrier", "gîtes"])
            return "search", "GET", f"/api/v1/wishes?q={quote(q)}", None
        if r < 0.53:
            return "wish", "GET", f"/api/v1/wishes/{wish}", None
        if r < 0.60:
            return "page", "GET", self.rng.choice(["/roadmap", "/shipped", "/shipped.atom"]), None
        if r < 0.95:
            hot = self.rng.choice(self.hot)
            method = "DELETE" if hot in self.supported and self.rng.random() < 0.6 else "PUT"
            return "vote", method, f"/api/v1/wishes/{hot}/vote", None
        body = {"body": f"Même besoin chez nous (client {self.name}, {time.time():.0f})."}
        return "comment", "POST", f"/api/v1/wishes/{wish}/comments", body

    def run(self) -> None:
        while not self.stop.is_set():
            action, method, path, body = self.choose()
            headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
            payload = None
            if body is not None:
                payload = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request(method, path, body=payload, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                status, error = response.status, ""
            except (OSError, http.client.HTTPException) as exc:
                status, error = None, type(exc).__name__
            self.out.append(Sample(action, start, time.monotonic(), status, error))
            if action == "vote" and status in (200, 201, 204):
                wish_id = int(path.split("/")[4])
                (self.supported.add if method == "PUT" else self.supported.discard)(wish_id)


def check_counters(port: int) -> dict:
    sql = """
    SELECT
      count(*) FILTER (WHERE w.votes_count <> coalesce(v.n, 0)),
      count(*) FILTER (WHERE w.territories_count <> coalesce(v.t, 0)),
      count(*) FILTER (WHERE w.comments_count <> coalesce(c.n, 0)),
      coalesce(sum(w.votes_count), 0), coalesce(sum(v.n), 0),
      coalesce(sum(w.comments_count), 0), coalesce(sum(c.n), 0)
    FROM wish w
    LEFT JOIN (SELECT wish_id, count(*) n, count(DISTINCT territory_id) t
               FROM vote GROUP BY wish_id) v ON v.wish_id = w.id
    LEFT JOIN (SELECT wish_id, count(*) n FROM comment GROUP BY wish_id) c
               ON c.wish_id = w.id
    """
    values = [int(x) for x in psql(port, sql, "souhaits_load").strip().split("|")]
    keys = [
        "wishes_votes_count_wrong",
        "wishes_territories_count_wrong",
        "wishes_comments_count_wrong",
        "votes_counted",
        "vote_rows",
        "comments_counted",
        "comment_rows",
    ]
    return dict(zip(keys, values, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=90.0, help="seconds of load")
    parser.add_argument("--wishes", type=int, default=2000)
    parser.add_argument("--cluster", default="15/loadfault", help="VERSION/NAME")
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port")
    parser.add_argument("--kill-grace", type=float, default=2.0)
    args = parser.parse_args()
    version, cluster = args.cluster.split("/")

    ensure_cluster(version, cluster, args.pg_port)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{args.pg_port}/souhaits_load",
        "SOUHAITS_ENV": "production",
        "SECRET_KEY": "load-fault-" + os.urandom(8).hex(),
        "SESSION_COOKIE_SECURE": "0",
        "BASE_URL": f"http://127.0.0.1:{args.port}",
        "TRUSTED_HOSTS": f"127.0.0.1:{args.port},127.0.0.1",
        "RATELIMIT_ENABLED": "0",
        "FLASK_APP": "wsgi",
    }
    print("preparing the database…", flush=True)
    prepared = prepare_database(args, env)
    gunicorn = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "30",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
    )
    timeline = Timeline()
    samples: list[Sample] = []
    try:
        if wait_healthy(args.port, 60) is None:
            raise RuntimeError("gunicorn did not answer /healthz")
        stop = threading.Event()
        clients = [
            Client(i, args.port, token, prepared["wish_ids"], stop, samples)
            for i, token in enumerate(prepared["tokens"])
        ]
        print(f"{len(clients)} clients, {args.workers} workers, {args.duration:g} s…", flush=True)
        began = time.monotonic()
        for client in clients:
            client.start()
        time.sleep(args.duration * 0.25)
        children = gunicorn_children(gunicorn.pid)
        if children:
            timeline.killed_pid = random.Random(1).choice(children)
            timeline.kill_at = time.monotonic()
            os.kill(timeline.killed_pid, signal.SIGKILL)
        time.sleep(max(0.0, began + args.duration * 0.5 - time.monotonic()))
        timeline.restart_at = time.monotonic()
        run(["pg_ctlcluster", version, cluster, "restart", "-m", "fast"])
        timeline.restart_done_at = time.monotonic()
        timeline.healthy_at = wait_healthy(args.port, 60)
        time.sleep(max(0.0, began + args.duration - time.monotonic()))
        stop.set()
        for client in clients:
            client.join(timeout=15)
        ended = time.monotonic()
        workers_at_end = len(gunicorn_children(gunicorn.pid))
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    down = (timeline.restart_at, timeline.healthy_at or ended)
    kill = (timeline.kill_at or 0.0, (timeline.kill_at or 0.0) + args.kill_grace)

    def overlaps(sample: Sample, window: tuple[float, float]) -> bool:
        return sample.start <= window[1] and sample.end >= window[0]

    outside = [s for s in samples if not overlaps(s, down)]
    bad_outside = [
        s
        for s in outside
        if (s.status is not None and s.status >= 500)
        or (s.status is None and not overlaps(s, kill))
    ]
    counters = check_counters(args.pg_port)
    by_action: dict[str, list[Sample]] = {}
    for s in samples:
        by_action.setdefault(s.action, []).append(s)
    rows = []
    for action, items in sorted(by_action.items()):
        ok = sorted((s.end - s.start) * 1000 for s in items if s.status and s.status < 500)
        rows.append(
            {
                "action": action,
                "requests": len(items),
                "p50_ms": round(statistics.median(ok), 1) if ok else None,
                "p95_ms": round(ok[int(len(ok) * 0.95) - 1], 1) if ok else None,
                "5xx": sum(1 for s in items if s.status and s.status >= 500),
                "failed_connections": sum(1 for s in items if s.status is None),
            }
        )
    statuses: dict[str, int] = {}
    for s in samples:
        key = str(s.status) if s.status is not None else f"conn:{s.error}"
        statuses[key] = statuses.get(key, 0) + 1
    inside = [s for s in samples if overlaps(s, down)]
    checks = {
        "counters_equal_rows": all(
            counters[k] == 0
            for k in (
                "wishes_votes_count_wrong",
                "wishes_territories_count_wrong",
                "wishes_comments_count_wrong",
            )
        ),
        "no_500_outside_downtime": not bad_outside,
        "killed_worker_replaced": workers_at_end == args.workers,
        "healthy_after_restart": timeline.healthy_at is not None,
    }
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "-m", "bench.load_fault", *sys.argv[1:]]),
        "clients": args.clients,
        "workers": args.workers,
        "duration_s": round(ended - began, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / (ended - began), 1),
        "statuses": dict(sorted(statuses.items())),
        "actions": rows,
        "worker_killed_at_s": round(timeline.kill_at - began, 1) if timeline.kill_at else None,
        "db_restart_at_s": round(timeline.restart_at - began, 1),
        "db_restart_command_s": round(timeline.restart_done_at - timeline.restart_at, 1),
        "downtime_s": round(down[1] - down[0], 1),
        "requests_overlapping_downtime": len(inside),
        "errors_overlapping_downtime": sum(
            1 for s in inside if s.status is None or s.status >= 500
        ),
        "bad_outside_downtime": [
            {"action": s.action, "at_s": round(s.start - began, 2), "status": s.status}
            for s in bad_outside[:20]
        ],
        "counters": counters,
        "checks": checks,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"load-fault-{summary['date'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print()
    print("| action | requests | p50 ms | p95 ms | 5xx | failed connections |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['action']} | {r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['5xx']} | {r['failed_connections']} |"
        )
    print()
    for key in (
        "duration_s",
        "requests",
        "requests_per_s",
        "statuses",
        "worker_killed_at_s",
        "db_restart_at_s",
        "downtime_s",
        "requests_overlapping_downtime",
        "errors_overlapping_downtime",
        "bad_outside_downtime",
        "counters",
        "checks",
    ):
        print(f"{key}: {summary[key]}")
    print(f"\nsaved to {out}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
