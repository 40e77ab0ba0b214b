"""Recall@5 and precision of the wish search on labelled queries, per category.

Usage: ``.venv/bin/python -m bench.search_eval [--database-url URL] [--half held_out]``
(default: SQLite in memory, both halves reported). The demo data set is loaded into an
empty database, then each query of ``bench/search_queries.json`` is run as the wish list
runs it (relevance order, first page of 5).

For a query, the relevant wishes are those the exact search (stems only: no thesaurus,
no typo correction) finds for the query or one of its ``same_as`` wordings, plus its
``expect`` titles. Recall@5 = relevant wishes shown / min(5, relevant wishes), averaged
over the queries; precision = relevant wishes shown / wishes shown, over all the
queries of a category. A negative query (nothing relevant) has recall 1 when nothing is
shown, else 0, and every wish it shows counts against precision.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CATEGORIES = ("accents", "inflections", "synonyms", "typos", "elisions", "negatives")


def load_queries(half: str | None = None) -> list[dict]:
    queries = json.loads((ROOT / "search_queries.json").read_text())["queries"]
    return [q for q in queries if half in (None, q["half"])]


def _exact_ids(q: str) -> set[int]:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Wish, WishStatus
    from app.search.query import search_terms, search_wishes

    terms = search_terms(q)
    if not terms:
        return set()
    listed = select(Wish.id).where(Wish.status != WishStatus.DUPLICATE)  # as the list shows
    query, _ = search_wishes(listed, q, terms=terms)
    return set(db.session.execute(query).scalars())


def _shown_ids(q: str, limit: int) -> list[int]:
    from app.selectors.wishes import WishFilters, wish_page

    filters = WishFilters.from_args({"q": q, "sort": "relevance"})
    return [row.id for row in wish_page(filters, page=1, per_page=limit).items]


def score(queries: list[dict], limit: int = 5) -> dict:
    """Per category and overall: queries, recall@5, precision; and the misses."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Wish
    from app.search.query import parse

    by_title = dict(db.session.execute(select(Wish.title, Wish.id)).all())
    totals: dict[str, dict[str, float]] = defaultdict(
        lambda: {"queries": 0, "recall": 0.0, "relevant_shown": 0, "shown": 0}
    )
    misses = []
    parse_ms = []
    started = time.perf_counter()
    for entry in queries:
        expected = {by_title[title] for title in entry["expect"]}
        relevant: set[int] = set()
        if entry["category"] != "negatives":
            relevant = expected | _exact_ids(entry["q"])
            for wording in entry["same_as"]:
                relevant |= _exact_ids(wording)
        shown = _shown_ids(entry["q"], limit)
        tick = time.perf_counter()
        parse(entry["q"])  # what a search adds: reading the vocabulary and the thesaurus
        parse_ms.append((time.perf_counter() - tick) * 1000)
        hits = len(set(shown) & relevant)
        # A negative (nothing relevant) is right only when nothing is shown.
        recall = hits / min(limit, len(relevant)) if relevant else float(not shown)
        for key in (entry["category"], "overall"):
            total = totals[key]
            total["queries"] += 1
            total["recall"] += recall
            total["relevant_shown"] += hits
            total["shown"] += len(shown)
        if recall < 1 or hits < len(shown):
            misses.append(
                {
                    "category": entry["category"],
                    "q": entry["q"],
                    "recall": round(recall, 2),
                    "shown": len(shown),
                    "relevant_shown": hits,
                }
            )
    elapsed = time.perf_counter() - started
    report = {}
    for key in (*CATEGORIES, "overall"):
        total = totals.get(key)
        if not total or not total["queries"]:
            continue
        report[key] = {
            "queries": int(total["queries"]),
            "recall_at_5": round(total["recall"] / total["queries"], 3),
            "precision": round(total["relevant_shown"] / total["shown"], 3)
            if total["shown"]
            else 1.0,
        }
    parse_ms.sort()
    cost = {
        "p50_ms": round(statistics.median(parse_ms), 2),
        "p95_ms": round(parse_ms[int(len(parse_ms) * 0.95)], 2),
    }
    return {"categories": report, "misses": misses, "parse": cost, "seconds": round(elapsed, 2)}


def evaluate(database_url: str, half: str | None = None) -> dict:
    from sqlalchemy.pool import StaticPool

    from app import create_app
    from app.demo.seed import seed_demo
    from app.extensions import db

    config = {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SECRET_KEY": "x"}
    if database_url == "sqlite://":
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": StaticPool}
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo()
        db.session.commit()
        try:
            result = score(load_queries(half))
        finally:
            db.session.rollback()
            db.drop_all()
    database = database_url.split(":")[0].split("+")[0]
    return {"database": database, "half": half or "both", **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite://")
    parser.add_argument("--half", choices=("tuning", "held_out"), default=None)
    args = parser.parse_args()
    result = evaluate(args.database_url, args.half)
    print(f"{result['database']}, {result['half']} ({result['seconds']} s)")
    print(f"{'category':<12} {'queries':>7} {'recall@5':>9} {'precision':>9}")
    for name, row in result["categories"].items():
        print(f"{name:<12} {row['queries']:>7} {row['recall_at_5']:>9} {row['precision']:>9}")
    parse = result["parse"]
    print(
        f"reading a query (vocabulary + thesaurus, one statement): p50 {parse['p50_ms']} ms, "
        f"p95 {parse['p95_ms']} ms"
    )
    for miss in result["misses"]:
        print("  miss:", json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    main()
