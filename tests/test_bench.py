"""The benchmark runs end to end on a small database and reports what docs/benchmarks.md says."""

from __future__ import annotations

import json
import sqlite3

from bench import run as bench


def test_the_benchmark_reports_every_measure_with_queries_and_ratios(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "DATA", tmp_path / "data")
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results")
    assert bench.main(["--sizes", "300", "--repeat", "3"]) == 0
    report = json.loads((tmp_path / "results" / "latest.json").read_text())
    (run,) = report["runs"]
    assert run["seeding"]["counts"]["wishes"] == 300
    assert set(run["measures"]) >= {
        "bare_plain",
        "bare_layout",
        "list_default",
        "list_api",
        "search_list",
        "search_api",
        "map_page",
        "map_page_kept",
        "map_page_after_vote",
        "dashboard_page",
        "shipped_page",
        "territory_page",
        "club_page",
        "event_page",
        "board_page",
        "vote",
    }
    assert run["measures"]["bare_plain"]["ratio_to_plain"] == 1.0
    for measure in run["measures"].values():
        assert measure["p50_ms"] > 0 and measure["queries"] >= 1 and measure["n"] == 3
    assert run["measures"]["bare_layout"]["ratio_to_bare"] == 1.0
    maps = [run["measures"][name] for name in ("map_page", "map_page_kept", "map_page_after_vote")]
    assert len({m["queries"] for m in maps}) == 1  # the vote before the map is not counted
    # Three warm-up rounds and three measured: the referent voted six times for the map
    # (each on a wish its territory did not support yet) and six times for ``vote``.
    with sqlite3.connect(tmp_path / "data" / "bench_300.db") as connection:
        ((votes,),) = connection.execute(
            "SELECT count(*) FROM vote JOIN user_account ON user_account.id = vote.user_id"
            " WHERE user_account.email LIKE 'bench-%' AND user_account.role = 'referent'"
        )
    assert votes == 12
    assert {"list_p50_ms", "search_p50_ms", "vote_p50_ms"} <= set(report["targets"])
    assert len(run["calibration_ms"]) == 2


def test_the_markdown_table_says_when_where_and_how_it_was_measured():
    measure = {"p50_ms": 2.5, "queries": 3, "ratio_to_plain": 1.25}
    runs = [
        {
            "database": "sqlite",
            "size": 1000,
            "calibration_ms": [12.5, 13.0],
            "measures": {"bare_plain": measure, "vote": measure},
        }
    ]
    table = bench.markdown_table(runs, ["--sizes", "1000"])
    assert "`python -m bench.run --sizes 1000`" in table
    assert "sqlite 1 000: 12.5 ms before, 13.0 ms after" in table
    assert "CPUs" in table and "UTC" in table
    assert "| vote | 2.5 ms · 3 q · ×1.2 |" in table


def test_the_concurrency_mix_covers_what_people_do_in_the_stated_shares():
    from collections import Counter

    from bench.concurrency import Client

    prepared = {
        "tokens": ["t"],
        "emails": ["e@exemple.fr"],
        "wish_ids": list(range(1, 201)),
        "workshop_id": 7,
    }
    client = Client(0, 0, prepared, stop=None, out=[])
    shares = Counter(client.choose()[0] for _ in range(20_000))
    expected = {
        "list": 0.25,
        "search": 0.10,
        "wish_page": 0.15,
        "wish_api": 0.05,
        "board_api": 0.15,
        "page": 0.10,
        "vote": 0.20,
    }
    assert set(shares) == set(expected)
    for action, share in expected.items():
        assert abs(shares[action] / 20_000 - share) < 0.015, action
    votes = [client.choose() for _ in range(500)]
    assert all(path.endswith("/vote") for action, _, path in votes if action == "vote")
    assert Client(0, 0, None, stop=None, out=[]).choose() == ("bare", "GET", "/")


def test_the_concurrency_summary_gives_rate_nearest_rank_p95_and_failures():
    from bench.concurrency import Sample, summarise

    samples = [Sample("list", n / 1000, 200) for n in range(1, 21)]
    samples += [Sample("vote", 0.005, 500), Sample("vote", 0.002, None), Sample("vote", 0.1, 302)]
    figures = summarise(samples, elapsed=2.0)
    assert figures["list"] == {
        "requests": 20,
        "per_s": 10.0,
        "p50_ms": 10.5,
        "p95_ms": 19.0,
        "errors": 0,
        "not_2xx": 0,
    }
    assert figures["vote"]["errors"] == 2
    assert figures["vote"]["not_2xx"] == 1
    assert figures["all"]["requests"] == 23


def test_the_bulk_benchmark_times_the_streamed_export_and_the_rolled_back_import(
    tmp_path, monkeypatch
):
    from sqlalchemy import create_engine, func, select

    from app.models import Wish
    from bench import bulk

    monkeypatch.setattr(bench, "DATA", tmp_path / "data")
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results")
    argv = ["--sizes", "200", "--export-rows", "150", "--import-rows", "40", "--write-rows", "15"]
    assert bulk.main(argv) == 0
    report = json.loads((tmp_path / "results" / "bulk-latest.json").read_text())
    (run,) = report["runs"]
    export, imported = run["export"], run["import"]
    assert export["rows"] == 150 and export["bytes"] > 0 and export["rows_per_s"] > 0
    assert 0 < export["peak_mb_at_tenth"] <= export["peak_mb"]
    assert imported["rows"] == 40 and imported["write_rows"] == 15
    assert imported["check_ms"] > 0 and imported["write_ms"] > 0
    assert "| import, full (rolled back) | 15 rows · " in bulk.markdown_table([run], argv)
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'bench_200.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Wish)).scalar_one() == 200
    engine.dispose()


def test_a_step_before_a_request_is_neither_timed_nor_counted():
    from flask import Flask

    app = Flask(__name__)
    counter = bench.Counter()
    seen = []

    @app.get("/page")
    def page():
        counter()
        return str(len(seen))

    def before(i):
        seen.append(i)
        counter()
        counter()

    client = app.test_client()
    plan = [
        ("page", "GET", lambda i: "/page", client, before),
        ("bare", "GET", lambda i: "/page", client),
    ]
    results = bench.measure_all(plan, repeat=4, counter=counter, warmup=2)
    assert seen == [0, 1, 2, 3, 4, 5]
    assert results["page"]["queries"] == 1 and results["page"]["n"] == 4
    assert results["bare"]["queries"] == 1
