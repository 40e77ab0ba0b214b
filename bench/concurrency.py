"""Throughput under concurrency, production shape: gunicorn with 4 workers on PostgreSQL,
16 clients on loopback, a realistic mix; then the same harness against a bare gunicorn
route (50 rows from memory in a plain HTML table), so that the figures read as ratios.

Usage (from the repository root)::

    .venv/bin/python -m bench.concurrency                          # 100,000 wishes, 60 s each
    .venv/bin/python -m bench.concurrency --wishes 1000 --duration 20 --reuse

It seeds ``souhaits_concurrency`` on the PostgreSQL server of ``--postgresql-url`` the way
``bench.run`` seeds its databases (``seed synthetic`` with ten votes per wish, a Rencontre
with four workshops, a club), creates an API token for each of ``--clients`` referents of
different territories, and starts ``gunicorn -w 4`` with production settings. Each client
sends one request at a time (a closed loop with a 10 s timeout), choosing as people do
during a meeting:

- wish list pages (sorts and pages 1-20, API) 25 %, searches 10 %;
- wish pages (HTML) 15 %, the same wish through the API 5 %;
- the workshop board's API, as a projector polls it, 15 %;
- the roadmap, shipped, map and dashboard pages 10 %;
- support given and withdrawn among the 30 most supported wishes 20 %.

It prints requests per second, p50 and p95 for the app and for the bare route, and their
ratios, and saves the figures as JSON in ``bench/results/``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.run import DEFAULT_POSTGRESQL_URL, calibration_ms, database_exists, seed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "banc-d-essai-concurrence"
SEARCHES = ["tarif", "export", "réservation", "calendrier activites", "gîtes", "bon cadeau"]


@dataclass
class Sample:
    action: str
    seconds: float
    status: int | None  # None: the connection failed


def prepare(url: str, wishes: int, clients: int, reuse: bool) -> dict:
    """Seed (unless reused) and return API tokens, hot wishes and a workshop."""
    if not (reuse and database_exists(url)):
        seeding = seed(url, wishes)
        print(f"seeded {wishes} wishes in {seeding['wall_s']} s", flush=True)
    script = f"""
import json
from sqlalchemy import select
from app import create_app
from app.extensions import db
from app.models import Role, User, Wish, WishStatus, Workshop
from app.services.accounts import hash_password
from app.services.tokens import token_create
app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "bench"}})
with app.app_context():
    users, seen = [], set()
    for user in db.session.execute(
        select(User).where(User.role == Role.REFERENT, User.territory_id.is_not(None))
        .order_by(User.id)
    ).scalars():
        if user.territory_id not in seen:
            seen.add(user.territory_id)
            users.append(user)
        if len(users) == {clients}:
            break
    tokens = [token_create(user=u, name="concurrency")[1] for u in users]
    for number, user in enumerate(users):
        # The login form checks addresses as deliverable: .test is reserved.
        user.email = f"banc-concurrence-{{number}}@exemple.fr"
        user.password_hash = hash_password(PASSWORD)
        user.active = True
    emails = [u.email for u in users]
    hot = list(db.session.scalars(
        select(Wish.id).where(Wish.status.not_in(WishStatus.CLOSED_TO_SUPPORT))
        .order_by(Wish.territories_count.desc()).limit(200)
    ))
    workshop = db.session.scalar(select(Workshop.id).order_by(Workshop.id).limit(1))
    db.session.commit()
    print(json.dumps({{"tokens": tokens, "emails": emails, "wish_ids": hot, "workshop_id": workshop}}))
""".replace("PASSWORD", repr(PASSWORD))
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def wait_healthy(port: int, path: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


class Client(threading.Thread):
    def __init__(self, number: int, port: int, prepared: dict | None, stop, out):
        super().__init__(daemon=True)
        import random

        self.rng = random.Random(number)
        self.port = port
        self.token = prepared["tokens"][number] if prepared else ""
        self.email = prepared["emails"][number] if prepared else ""
        self.cookie = ""
        self.prepared = prepared
        self.stop = stop
        self.out = out
        self.supported: set[int] = set()

    def choose(self) -> tuple[str, str, str]:
        if self.prepared is None:
            return "bare", "GET", "/"
        r = self.rng.random()
        wish = self.rng.choice(self.prepared["wish_ids"])
        if r < 0.25:
            sort = self.rng.choice(["support", "votes", "new", "updated", "providers"])
            return "list", "GET", f"/api/v1/wishes?sort={sort}&page={self.rng.randint(1, 20)}"
        if r < 0.35:
            return "search", "GET", f"/api/v1/wishes?q={quote(self.rng.choice(SEARCHES))}"
        if r < 0.50:
            return "wish_page", "GET", f"/wishes/{wish}"
        if r < 0.55:
            return "wish_api", "GET", f"/api/v1/wishes/{wish}"
        if r < 0.70 and self.prepared["workshop_id"]:
            return "board_api", "GET", f"/api/v1/workshops/{self.prepared['workshop_id']}/board"
        if r < 0.80:
            return (
                "page",
                "GET",
                self.rng.choice(["/roadmap", "/shipped", "/territories", "/dashboard"]),
            )
        hot = self.rng.choice(self.prepared["wish_ids"][:30])
        method = "DELETE" if hot in self.supported and self.rng.random() < 0.6 else "PUT"
        return "vote", method, f"/api/v1/wishes/{hot}/vote"

    def log_in(self) -> None:
        """A session for the HTML pages, through the login form as a browser does."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", "/login")
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        form = urlencode(
            {
                "csrf_token": token.group(1) if token else "",
                "email": self.email,
                "password": PASSWORD,
            }
        )
        conn.request(
            "POST",
            "/login",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 302:
            raise RuntimeError(f"login of {self.email} answered {response.status}")
        self.cookie = response.getheader("Set-Cookie", "").split(";")[0]

    def run(self) -> None:
        api = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        pages = {"Cookie": self.cookie}
        while not self.stop.is_set():
            action, method, path = self.choose()
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request(method, path, headers=api if path.startswith("/api") else pages)
                response = conn.getresponse()
                response.read()
                conn.close()
                status: int | None = response.status
            except (OSError, http.client.HTTPException):
                status = None
            self.out.append(Sample(action, time.monotonic() - start, status))
            if action == "vote" and status in (200, 201, 204):
                wish_id = int(path.split("/")[4])
                (self.supported.add if method == "PUT" else self.supported.discard)(wish_id)


def summarise(samples: list[Sample], elapsed: float) -> dict:
    """Requests, rate, p50, p95 (nearest rank, answered requests) and failures per action
    and for all of them."""
    by_action: dict[str, list[Sample]] = {"all": samples}
    for sample in samples:
        by_action.setdefault(sample.action, []).append(sample)
    figures = {}
    for action, items in sorted(by_action.items()):
        ok = sorted(s.seconds * 1000 for s in items if s.status is not None and s.status < 500)
        figures[action] = {
            "requests": len(items),
            "per_s": round(len(items) / elapsed, 1),
            "p50_ms": round(statistics.median(ok), 1) if ok else None,
            "p95_ms": round(ok[math.ceil(len(ok) * 0.95) - 1], 1) if ok else None,
            "errors": sum(1 for s in items if s.status is None or s.status >= 500),
            "not_2xx": sum(
                1
                for s in items
                if s.status is not None and not 200 <= s.status < 300 and s.status < 500
            ),
        }
    return figures


def load(port: int, clients: int, prepared: dict | None, duration: float) -> dict:
    """Run the clients for ``duration`` seconds; figures per action and overall."""
    stop = threading.Event()
    samples: list[Sample] = []
    threads = [Client(i, port, prepared, stop, samples) for i in range(clients)]
    for thread in threads:
        if prepared is not None:
            thread.log_in()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    return summarise(samples, time.monotonic() - began)


def serve(module: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--timeout", "30", "--log-level", "warning", module],
        env=env,
        cwd=ROOT,
    )


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wishes", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load, each")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL_URL)
    parser.add_argument("--reuse", action="store_true", help="reuse the seeded database")
    args = parser.parse_args(argv)

    from sqlalchemy.engine import make_url

    url = (
        make_url(args.postgresql_url)
        .set(database="souhaits_concurrency")
        .render_as_string(hide_password=False)
    )
    prepared = prepare(url, args.wishes, args.clients, args.reuse)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SOUHAITS_ENV": "production",
        "SECRET_KEY": "concurrency-" + os.urandom(8).hex(),
        "SESSION_COOKIE_SECURE": "0",
        "BASE_URL": f"http://127.0.0.1:{args.port}",
        "TRUSTED_HOSTS": f"127.0.0.1:{args.port},127.0.0.1",
        "RATELIMIT_ENABLED": "0",
    }
    calibration_before = calibration_ms()
    runs = {}
    for name, module, health in (
        ("app", "wsgi:app", "/healthz"),
        ("bare", "bench.bare_app:app", "/"),
    ):
        server = serve(module, args.port, args.workers, env)
        try:
            if not wait_healthy(args.port, health):
                raise RuntimeError(f"gunicorn ({module}) did not answer {health}")
            print(
                f"{name}: {args.clients} clients, {args.workers} workers, {args.duration:g} s…",
                flush=True,
            )
            runs[name] = load(
                args.port,
                len(prepared["tokens"]),
                prepared if name == "app" else None,
                args.duration,
            )
        finally:
            stop_server(server)
    app_all, bare_all = runs["app"]["all"], runs["bare"]["bare"]
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [Path(sys.executable).name, "-m", "bench.concurrency", *(argv or sys.argv[1:])]
        ),
        "wishes": args.wishes,
        "clients": args.clients,
        "workers": args.workers,
        "duration_s": args.duration,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "calibration_ms": [calibration_before, calibration_ms()],
        "runs": runs,
        "ratios": {
            "throughput_to_bare": round(app_all["per_s"] / bare_all["per_s"], 3),
            "p95_to_bare": round(app_all["p95_ms"] / bare_all["p95_ms"], 1),
        },
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"concurrency-{summary['date'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print()
    print(
        f"Measured {summary['date']} with `{summary['command']}`, load average "
        f"{summary['load_average']}, CPU calibration {summary['calibration_ms']} ms."
    )
    print()
    print("| requests | per second | p50 | p95 | errors | 3xx-4xx |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, figures in [("bare route", bare_all)] + [
        (f"app: {action}", f) for action, f in runs["app"].items()
    ]:
        print(
            f"| {label} | {figures['per_s']} | {figures['p50_ms']} ms | "
            f"{figures['p95_ms']} ms | {figures['errors']} | {figures['not_2xx']} |"
        )
    print()
    print(
        f"throughput, app / bare: {summary['ratios']['throughput_to_bare']}; "
        f"p95, app / bare: {summary['ratios']['p95_to_bare']}×"
    )
    print(f"saved to {out}")
    return 0 if app_all["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
