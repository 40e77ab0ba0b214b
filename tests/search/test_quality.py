"""The search's quality on the held-out half of the labelled queries over the demo data
(``bench/search_queries.json``, see ``bench/search_eval.py``): recall@5 ≥ 0.95 overall
and ≥ 0.9 in each category, precision ≥ 0.95."""

from __future__ import annotations

import pytest

from app.demo.seed import seed_demo
from bench.search_eval import CATEGORIES, load_queries, score


@pytest.fixture
def held_out_scores(db):
    seed_demo()
    db.session.commit()
    return score(load_queries("held_out"))["categories"]


def test_the_labelled_set_is_large_and_split_in_halves():
    queries = load_queries()
    assert len(queries) >= 150
    for category in CATEGORIES:
        halves = [q["half"] for q in queries if q["category"] == category]
        assert len(halves) >= 20
        assert abs(halves.count("tuning") - halves.count("held_out")) <= 1


def test_held_out_queries_meet_the_targets(held_out_scores):
    overall = held_out_scores["overall"]
    assert overall["recall_at_5"] >= 0.95
    assert overall["precision"] >= 0.95
    for category in CATEGORIES:
        assert held_out_scores[category]["recall_at_5"] >= 0.9, category
        assert held_out_scores[category]["precision"] >= 0.95, category
