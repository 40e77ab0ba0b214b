"""Benchmark: the CSV import (``import wishes``) at 2,000, 10,000 and 100,000 rows.

Usage (from the repository root)::

    .venv/bin/python -m bench.imports                      # sizes 2000,10000,100000
    .venv/bin/python -m bench.imports --sizes 2000 --existing 1000

It builds a SQLite file under ``bench/.data/`` (migrations, then ``seed synthetic``
with ``--existing`` wishes for the rows to be compared with), writes a French
workshop-like CSV of each size (Windows-1252, ``;``, titles drawn from the domain
vocabulary so that many rows share words and some repeat), and times the import
in-process: the check alone (``--dry-run``: parsing, lookups, duplicate check) and,
up to ``--write-up-to`` rows, the full import (then rolled back). Results are printed
as a table and saved as JSON in ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from datetime import UTC, datetime

from bench.run import DATA, RESULTS, calibration_ms, make_app


def make_csv(size: int, territories: list[str], seed: int = 7) -> bytes:
    from app.demo.synthetic import AUDIENCES, PLACES, TOPICS, TOWNS

    rng = random.Random(seed)
    lines = ["Titre;Description;Produit;Catégorie;Territoire"]
    written: list[str] = []
    for i in range(size):
        if written and rng.random() < 0.05:
            lines.append(rng.choice(written))  # the same line typed twice
            continue
        _product, _category, needs = rng.choice(TOPICS)
        title = " ".join(
            part
            for part in (
                rng.choice(needs),
                rng.choice(AUDIENCES),
                rng.choice(PLACES) if rng.random() < 0.5 else "",
                f"à {rng.choice(TOWNS)}" if rng.random() < 0.5 else "",
                f"(atelier {i % 97})" if rng.random() < 0.3 else "",
            )
            if part
        )
        line = (
            f"{title[:200]};Besoin exprimé en atelier n° {i}.;open-pro;tarification;"
            f"{rng.choice(territories)}"
        )
        written.append(line)
        lines.append(line)
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000,100000")
    parser.add_argument("--existing", type=int, default=10_000, help="wishes already there")
    parser.add_argument("--write-up-to", type=int, default=10_000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from flask_migrate import upgrade
    from sqlalchemy import select

    from app.demo.synthetic import seed_synthetic
    from app.extensions import db
    from app.models import Role, Territory
    from app.services.accounts import user_create
    from app.services.imports import default_author, import_wishes

    DATA.mkdir(exist_ok=True)
    path = DATA / "imports.sqlite"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    app = make_app(f"sqlite:///{path}")
    results = []
    with app.app_context():
        upgrade(directory=str(DATA.parent.parent / "migrations"))
        seed_synthetic(wishes=args.existing, votes=args.existing * 3)
        db.session.commit()
        slugs = list(db.session.execute(select(Territory.slug)).scalars())
        author = default_author() or user_create(
            email="import@example.org",
            display_name="Import",
            role=Role.ADMIN,
            password=None,
        )
        db.session.commit()
        calibration = calibration_ms()
        for size in sizes:
            data = make_csv(size, slugs)
            row = {"rows": size, "bytes": len(data)}
            for mode in ("check", "write"):
                if mode == "write" and size > args.write_up_to:
                    row["write_s"] = None
                    continue
                start = time.perf_counter()
                report = import_wishes(
                    data=data, author=author, dry_run=mode == "check", max_bytes=len(data)
                )
                row[f"{mode}_s"] = round(time.perf_counter() - start, 2)
                db.session.rollback()
                if not report.ok:
                    raise RuntimeError(report.lines()[:5])
                row["duplicates"] = len(report.duplicates)
                row["capped"] = report.capped
            results.append(row)
            print(
                f"{row['rows']:>8,} rows {row['bytes'] / 1e6:6.2f} MB  check {row['check_s']:7.2f} s"
                + (f"  write {row['write_s']:7.2f} s" if row["write_s"] is not None else "")
                + f"  duplicates {row['duplicates']:,}  capped {row['capped']:,}",
                flush=True,
            )
        db.engine.dispose()
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "existing_wishes": args.existing,
        "python": platform.python_version(),
        "calibration_ms": calibration,
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"imports-{summary['date'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(summary, indent=2))
    print()
    print("| rows | file | check (dry run) | full import | likely duplicates | capped |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        write = f"{r['write_s']:.2f} s" if r["write_s"] is not None else "—"
        print(
            f"| {r['rows']:,} | {r['bytes'] / 1e6:.2f} MB | {r['check_s']:.2f} s | {write} "
            f"| {r['duplicates']:,} | {r['capped']:,} |"
        )
    print(f"\n{args.existing:,} existing wishes; calibration {calibration} ms; saved to {out}")


if __name__ == "__main__":
    main()
