"""The benchmark runs end to end on a small database and reports what the README says."""

from __future__ import annotations

import json

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
    assert {"list_p50_ms", "search_p50_ms", "vote_p50_ms"} <= set(report["targets"])
    assert len(run["calibration_ms"]) == 2
