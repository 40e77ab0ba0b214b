"""Benchmark: bulk work on the benchmark's databases, the CSV export and the CSV import.

Usage (from the repository root)::

    .venv/bin/python -m bench.bulk                          # SQLite, sizes 1000,100000
    .venv/bin/python -m bench.bulk --database postgresql --sizes 1000000 --markdown
    .venv/bin/python -m bench.bulk --sizes 300 --export-rows 300 --import-rows 50

It reads the databases ``bench.run`` seeds (``bench/.data/bench_<size>.db``, or
``souhaits_bench_<size>`` on PostgreSQL), seeding one that is missing the same way.
For each size it measures, in process:

- the CSV export of the wishes through its real path, ``/wishes/export.csv`` signed in
  as a member of the network, the streamed response read chunk by chunk: the first
  ``--export-rows`` rows (100,000 by default, so all of them up to that size), then the
  response is closed. It is timed whole, then read once more with ``tracemalloc`` on,
  for the peak of the memory the export allocated after a tenth of the rows and at the
  end: a streamed export peaks about as high at both, one that holds its rows grows
  with them;
- the import of ``--import-rows`` rows (10,000 by default, the file of
  ``bench.imports``): the check alone (``--dry-run``) and the full import of its first
  ``--write-rows`` rows (all of them by default), each rolled back, so the database is
  left as it was. Filing a wish is what costs (its history, votes, follow and words,
  the counters once per batch of rows), a few milliseconds a row: ``--write-rows``
  shortens a run.

Results are printed in ms and rows/s (and as Markdown with ``--markdown``) and saved as
JSON in ``bench/results/`` (``bulk-<date>.json`` and ``bulk-latest.json``).
"""

from __future__ import annotations

import os
import resource
import time
import tracemalloc

from bench import run as bench_run
from bench.imports import make_csv

EXPORT_URL = "/wishes/export.csv"


def read_export(client, limit: int, tenth: int = 1, traced: bool = False) -> dict:
    """Read the CSV export's streamed response until ``limit`` rows (or its end), then
    close it, as a client that stops reading does; with ``traced``, the peak of the
    memory allocated is also noted once ``tenth`` rows are read. The export yields one
    chunk per row after the header."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    response = client.get(EXPORT_URL, buffered=False)
    if response.status_code != 200:
        raise RuntimeError(f"GET {EXPORT_URL} -> {response.status_code}")
    rows, size, peak_at_tenth = -1, 0, None
    chunks = response.iter_encoded()
    try:
        for chunk in chunks:
            rows += 1
            size += len(chunk)
            if traced and peak_at_tenth is None and rows >= tenth:
                peak_at_tenth = tracemalloc.get_traced_memory()[1]
            if rows >= limit:
                break
    finally:
        response.close()
    elapsed = time.perf_counter() - start
    figures = {"rows": rows, "bytes": size, "ms": round(elapsed * 1000, 1)}
    if traced:
        figures["peak_mb_at_tenth"] = round((peak_at_tenth or 0) / 1e6, 1)
        figures["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
    return figures


def measure_export(app, limit: int, size: int) -> dict:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Role, User

    with app.app_context():
        member = db.session.scalar(
            select(User)
            .where(User.role.in_(Role.MEMBERS), User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
        if member is None:
            raise RuntimeError("no member of the network to export as")
        member_id = member.get_id()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = member_id
        session["_fresh"] = True
    read_export(client, min(limit, 50))  # warm-up: templates, labels, first queries
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    timed = read_export(client, limit)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    traced = read_export(client, limit, tenth=max(1, min(limit, size) // 10), traced=True)
    return {
        **timed,
        "rows_per_s": round(timed["rows"] / (timed["ms"] / 1000)) if timed["ms"] else None,
        "peak_mb_at_tenth": traced["peak_mb_at_tenth"],
        "peak_mb": traced["peak_mb"],
        "max_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
    }


def measure_import(app, rows: int, write_rows: int) -> dict:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Role, Territory
    from app.services.accounts import user_create
    from app.services.imports import default_author, import_wishes

    figures: dict = {"rows": rows, "write_rows": min(rows, write_rows)}
    with app.app_context():
        slugs = list(db.session.scalars(select(Territory.slug).order_by(Territory.id)))
        files = {
            "check": make_csv(rows, slugs),
            # The same rows, as the same seed draws them in the same order.
            "write": make_csv(figures["write_rows"], slugs),
        }
        figures["bytes"] = len(files["check"])
        for mode, data in files.items():
            # Created in the import's transaction when the database has no administrator,
            # so that the rollback leaves the database as it was.
            author = default_author() or user_create(
                email="import-bench@example.org",
                display_name="Import",
                role=Role.ADMIN,
                password=None,
            )
            start = time.perf_counter()
            report = import_wishes(
                data=data, author=author, dry_run=mode == "check", max_bytes=len(data)
            )
            elapsed = time.perf_counter() - start
            db.session.rollback()
            if not report.ok:
                raise RuntimeError(report.lines()[:5])
            figures[f"{mode}_ms"] = round(elapsed * 1000, 1)
            counted = rows if mode == "check" else figures["write_rows"]
            figures[f"{mode}_rows_per_s"] = round(counted / elapsed) if elapsed else None
            if mode == "check":
                figures["duplicates"] = len(report.duplicates)
                figures["capped"] = report.capped
        db.session.remove()
        db.engine.dispose()
    return figures


def run_size(
    size: int,
    database: str,
    postgresql_url: str,
    export_rows: int,
    import_rows: int,
    write_rows: int,
) -> dict:
    bench_run.DATA.mkdir(exist_ok=True)
    url = bench_run.database_url(database, size, postgresql_url or bench_run.DEFAULT_POSTGRESQL_URL)
    seeding = None
    if not bench_run.database_exists(url):
        print(f"[{database} {size}] seeding {size} wishes, {size * 10} votes…", flush=True)
        seeding = bench_run.seed(url, size)
    app = bench_run.make_app(url)
    result: dict = {"size": size, "database": database, "seeding": seeding}
    result["calibration_ms"] = [bench_run.calibration_ms()]
    result["export"] = measure_export(app, export_rows, size)
    print(f"[{database} {size}] export {result['export']}", flush=True)
    result["import"] = measure_import(app, import_rows, write_rows)
    print(f"[{database} {size}] import {result['import']}", flush=True)
    result["calibration_ms"].append(bench_run.calibration_ms())
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    return result


def _label(run: dict) -> str:
    return f"{run['database']} {run['size']:,}".replace(",", " ")


def _cells(run: dict) -> dict[str, str]:
    """One cell per measure, named alike at every size (the row counts are in the cells)."""
    export, imported = run["export"], run["import"]
    return {
        "CSV export": (
            f"{export['rows']:,} rows · {export['ms']:,.0f} ms · {export['rows_per_s']:,} rows/s · "
            f"peak {export['peak_mb_at_tenth']} → {export['peak_mb']} MB"
        ),
        "import, check": (
            f"{imported['rows']:,} rows · {imported['check_ms']:,.0f} ms · "
            f"{imported['check_rows_per_s']:,} rows/s"
        ),
        "import, full (rolled back)": (
            f"{imported['write_rows']:,} rows · {imported['write_ms']:,.0f} ms · "
            f"{imported['write_rows_per_s']:,} rows/s"
        ),
    }


def markdown_table(runs: list[dict], argv: list[str] | None = None) -> str:
    """The figures as a Markdown table that says when, where and how they were measured."""
    lines = [
        bench_run.measured_when(runs, "bench.bulk", argv),
        "",
        "| measure | " + " | ".join(_label(r) for r in runs) + " |",
        "|---" * (len(runs) + 1) + "|",
    ]
    by_measure: dict[str, list[str]] = {}
    for index, run in enumerate(runs):
        for name, cell in _cells(run).items():
            by_measure.setdefault(name, [""] * len(runs))[index] = cell
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in by_measure.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_run.database_arguments(__doc__)
    parser.add_argument("--export-rows", type=int, default=100_000, help="rows read at most")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the CSV file")
    parser.add_argument(
        "--write-rows", type=int, default=0, help="rows of the full import (default: all)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("FLASK_ENV", "production")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [
        run_size(
            size,
            args.database,
            args.postgresql_url,
            args.export_rows,
            args.import_rows,
            args.write_rows or args.import_rows,
        )
        for size in sizes
    ]
    for run in runs:
        for name, cell in _cells(run).items():
            print(f"[{_label(run)}] {name:42} {cell}")
    if args.markdown:
        print(markdown_table(runs, argv))
    print(f"saved bench/results/{bench_run.save_results(runs, prefix='bulk-')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
