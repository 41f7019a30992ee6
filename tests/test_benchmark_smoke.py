"""The scale benchmark still runs end to end (at a tiny size), so it cannot rot between uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
METRICS = {
    "load_validate_csv",
    "sort_p95",
    "fit_score",
    "facet_counts",
    "filter_to_repaint_p95",
    "filter_speedup_vs_proxy",
    "cold_start",
    "peak_rss",
    "show_catalog",
    "ui_stall_max",
}


def test_the_benchmark_runs_and_reports_every_metric(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARK),
            "--rows",
            "1500",
            "--quick",
            "--cache",
            str(tmp_path / "cache"),
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    measurements = json.loads(report.read_text(encoding="utf-8"))
    assert {item["metric"] for item in measurements} == METRICS
    for item in measurements:
        assert {"metric", "rows", "value", "unit", "target", "higher_is_better"} <= set(item), item
        assert isinstance(item["value"], float) and item["value"] > 0, item
    by_name = {item["metric"]: item for item in measurements}
    assert by_name["filter_speedup_vs_proxy"]["higher_is_better"] is True
    assert by_name["filter_to_repaint_p95"]["baseline"] > 0
    assert by_name["load_validate_csv"]["ratio"] > 1  # faster than pydantic on every row
    header = result.stdout.splitlines()[1]
    assert header.split()[:7] == ["metric", "rows", "value", "unit", "target", "baseline", "ratio"]
    assert "load average before" in result.stdout
