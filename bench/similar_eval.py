"""Precision and recall of the duplicate finder's top-5 suggestions on labelled pairs.

Usage: ``.venv/bin/python -m bench.similar_eval [--database-url URL]``
(default: SQLite in memory). Every pair's existing wish goes into one corpus; for each
pair, the query is typed and the top 5 suggestions are read. A "same" pair whose wish
is suggested is a true positive (else a false negative); an "unrelated" pair whose
wish is suggested is a false positive.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def evaluate(database_url: str, limit: int = 5) -> dict:
    from sqlalchemy.pool import StaticPool

    from app import create_app
    from app.extensions import db
    from app.models import Category, Product, Territory, Wish
    from app.search.similar import similar_wishes

    pairs = json.loads((ROOT / "similar_pairs.json").read_text())["pairs"]
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SECRET_KEY": "x"}
    if database_url == "sqlite://":
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": StaticPool}
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        product = Product(name="Open Pro", slug="open-pro")
        category = Category(name="Divers", slug="divers")
        territory = Territory(name="Territoire", slug="territoire", region="Bretagne")
        db.session.add_all([product, category, territory])
        db.session.flush()
        ids: dict[str, int] = {}
        for pair in pairs:
            title, body = pair["existing"]
            if title not in ids:
                wish = Wish(
                    title=title,
                    body=body,
                    product_id=product.id,
                    category_id=category.id,
                    territory_id=territory.id,
                )
                db.session.add(wish)
                db.session.flush()
                ids[title] = wish.id
        db.session.commit()
        tp = fp = fn = tn = 0
        shown = 0
        misses = []
        for pair in pairs:
            found = [w.id for w in similar_wishes(pair["query"], limit=limit)]
            shown += len(found)
            hit = ids[pair["existing"][0]] in found
            if pair["label"] == "same":
                tp, fn = tp + hit, fn + (not hit)
            else:
                fp, tn = fp + hit, tn + (not hit)
            if hit != (pair["label"] == "same"):
                misses.append(
                    {
                        "query": pair["query"],
                        "existing": pair["existing"][0],
                        "label": pair["label"],
                    }
                )
        db.session.rollback()
        db.drop_all()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "database": database_url.split(":")[0],
        "pairs": len(pairs),
        "corpus": len(ids),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "mean_suggestions": round(shown / len(pairs), 2),
        "errors": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="sqlite://")
    args = parser.parse_args()
    result = evaluate(args.database_url)
    print(json.dumps({k: v for k, v in result.items() if k != "errors"}, indent=2))
    for miss in result["errors"]:
        print(f"  {miss['label']:9} {miss['query']!r} ~ {miss['existing']!r}")
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / f"similar_{result['database']}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
