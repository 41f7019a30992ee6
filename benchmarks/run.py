"""The scale benchmark: `python benchmarks/run.py [--rows 100000,1000000] [--json FILE] [--quick]`.

Prints a table of metric, rows, value, unit, target and, where there is one, the baseline and
the ratio, all measured in this run. Each measurement runs in a fresh process (benchmarks/
measure.py), so it starts cold, as the app does. Catalogs are generated first (not timed) into a
cache folder and reused while the generator is unchanged. `--quick` makes one launch of each
kind (the smoke test runs it at a tiny size).

The machine's load average is printed before and after: the figures only mean something on a
quiet machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SEED = 20_240_601
DEFAULT_ROWS = (100_000, 1_000_000)
MEASURE_TIMEOUT_S = 900


@dataclass
class Measurement:
    metric: str
    rows: int
    value: float | None
    unit: str
    target: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    higher_is_better: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if key != "extra"}
        if self.baseline is None:
            for key in ("baseline", "ratio"):
                data.pop(key)
        data["met"] = self.met
        if not self.note:
            data.pop("note")
        if self.extra:
            data["details"] = self.extra
        return data


# ---- running one measurement --------------------------------------------------------------------


def child_environment(home: Path) -> dict[str, str]:
    """Offscreen Qt, and the app's settings and user data in a scratch folder, never the user's."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="qt.qpa.*=false",
        INSOLE_CATALOG_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def measure(name: str, path: Path, env: dict[str, str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), name, "--file", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=MEASURE_TIMEOUT_S,
        check=False,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"{name} failed: {completed.stderr.strip().splitlines()[-1:]}")
    return dict(json.loads(lines[-1]))


def cold_start(env: dict[str, str]) -> float:
    """Seconds from starting the app's process to its first painted window."""
    started = time.time()
    completed = subprocess.run(
        [sys.executable, str(HERE / "first_paint.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"cold start failed: {completed.stderr.strip().splitlines()[-1:]}")
    painted_at = float(completed.stdout.split()[0])
    return painted_at - started


# ---- catalogs -----------------------------------------------------------------------------------


def catalog_file(rows: int, cache: Path) -> Path:
    """A generated catalog of `rows` products, made once per generator version."""
    generator = (ROOT / "catalog_app" / "io" / "generator.py").read_bytes()
    version = hashlib.sha256(generator).hexdigest()[:12]
    path = cache / f"catalog-{rows}-seed{SEED}-{version}.csv"
    if not path.exists():
        from catalog_app.io.generator import generate_table, write_catalog

        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        write_catalog(generate_table(rows, SEED), partial.with_suffix(".csv"))
        partial.with_suffix(".csv").replace(path)
    return path


# ---- the benchmark ------------------------------------------------------------------------------


def run(rows_list: list[int], *, quick: bool, cache: Path, log: Any) -> list[Measurement]:
    largest = max(rows_list)
    smallest = min(rows_list)
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="insole-bench-home-") as home:
        env = child_environment(Path(home))
        files = {rows: catalog_file(rows, cache) for rows in rows_list}
        for rows in rows_list:
            path = files[rows]
            log(f"load_validate_csv at {rows:,} rows …")
            times = [measure("load", path, env)["seconds"] for _ in range(1 if quick else 3)]
            per_row = measure("load-per-row", path, env)
            baseline = per_row["seconds"]
            value = statistics.median(times)
            results.append(
                Measurement(
                    "load_validate_csv",
                    rows,
                    value,
                    "s",
                    target=1.5 if rows == 1_000_000 else None,
                    baseline=baseline,
                    ratio=baseline / value,
                    note=f"median of {len(times)} fresh processes; baseline: pydantic on every row"
                    + (
                        f" (timed on {per_row['sampled_rows']:,} rows, scaled)"
                        if per_row["sampled_rows"] < rows
                        else ""
                    ),
                    extra={"runs_s": times, "file_mb": round(path.stat().st_size / 2**20, 1)},
                )
            )
        path = files[largest]
        log(f"sort_p95 at {largest:,} rows …")
        sort = measure("sort", path, env)
        results.append(
            Measurement(
                "sort_p95",
                largest,
                sort["p95_ms"],
                "ms",
                target=150.0,
                note="every table column, both orders, until repainted",
                extra={"max_ms": sort["max_ms"], "slowest": sort["slowest"]},
            )
        )
        log(f"fit_score and facet_counts at {largest:,} rows …")
        core = measure("finder-core", path, env)
        results.append(Measurement("fit_score", largest, core["fit_score_ms"], "ms", target=100.0, note="median of 5"))
        results.append(
            Measurement("facet_counts", largest, core["facet_counts_ms"], "ms", target=100.0, note="median of 5")
        )
        for rows in rows_list:
            log(f"filter_to_repaint_p95 at {rows:,} rows …")
            window = measure("filter-window", files[rows], env)
            measurement = Measurement(
                "filter_to_repaint_p95",
                rows,
                window["p95_ms"],
                "ms",
                target={100_000: 20.0, 1_000_000: 60.0}.get(rows),
                note="50 mixed changes in the main window, until repainted",
                extra={"max_ms": window["max_ms"], "median_ms": window["median_ms"]},
            )
            if rows == smallest:
                log(f"filter baseline (QSortFilterProxyModel) at {rows:,} rows …")
                proxy = measure("filter-proxy", files[rows], env)
                if proxy["counts"] != window["counts"]:
                    raise RuntimeError("the baseline and the window disagree on the filtered rows")
                measurement.baseline = proxy["p95_ms"]
                measurement.ratio = proxy["p95_ms"] / window["p95_ms"]
                measurement.note += "; baseline: QSortFilterProxyModel.filterAcceptsRow in Python"
                results.append(measurement)
                results.append(
                    Measurement(
                        "filter_speedup_vs_proxy",
                        rows,
                        measurement.ratio,
                        "x",
                        target=20.0,
                        higher_is_better=True,
                        note="baseline p95 / filter_to_repaint_p95",
                    )
                )
            else:
                results.append(measurement)
        launches = 1 if quick else 5
        log(f"cold_start, {launches} launches …")
        starts = [cold_start(env) for _ in range(launches)]
        results.append(
            Measurement(
                "cold_start",
                _bundled_rows(),
                statistics.median(starts),
                "s",
                target=0.8,
                note=f"median of {launches} launches to the first painted window (bundled catalog)",
                extra={"runs_s": starts},
            )
        )
        log(f"peak_rss at {largest:,} rows …")
        memory = measure("window-memory", path, env)
        results.append(
            Measurement(
                "peak_rss",
                largest,
                memory["peak_rss_mb"],
                "MB",
                target=600.0,
                note="the app with the catalog loaded in the background and shown",
                extra={"rss_after_mb": memory["rss_mb"], "show_catalog_ms": memory["show_catalog_ms"]},
            )
        )
        results.append(
            Measurement(
                "show_catalog",
                largest,
                memory["show_catalog_ms"],
                "ms",
                note="UI thread: the loaded catalog handed to the window (no target; part of the wait)",
            )
        )
        log(f"ui_stall_max at {largest:,} rows …")
        stall = measure("ui-stall", path, env)
        results.append(
            Measurement(
                "ui_stall_max",
                largest,
                stall["max_gap_ms"],
                "ms",
                target=100.0,
                note="longest gap of a 10 ms timer while CatalogLoader loads",
                extra={"load_s": stall["load_s"]},
            )
        )
    return results


def _bundled_rows() -> int:
    from catalog_app.io.catalog import bundled_catalog_path

    with bundled_catalog_path().open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


# ---- the report ---------------------------------------------------------------------------------

HEADER = ("metric", "rows", "value", "unit", "target", "baseline", "ratio", "met")


def table(results: list[Measurement]) -> str:
    lines = [HEADER]
    for item in results:
        lines.append(
            (
                item.metric,
                f"{item.rows:,}",
                _figure(item.value),
                item.unit,
                ("≥ " if item.higher_is_better else "≤ ") + _figure(item.target) if item.target is not None else "",
                _figure(item.baseline),
                f"{item.ratio:.1f}x" if item.ratio is not None else "",
                {True: "yes", False: "NO", None: ""}[item.met],
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]
    rendered = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(rendered)


def _figure(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Insole Catalog scale benchmark")
    parser.add_argument(
        "--rows", default=",".join(str(rows) for rows in DEFAULT_ROWS), help="catalog sizes, comma-separated"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the measurements as JSON")
    parser.add_argument("--quick", action="store_true", help="one run of each kind (for the smoke test)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "insole-catalog-bench",
        help="where generated catalogs are kept",
    )
    args = parser.parse_args(argv)
    rows_list = sorted({int(part.replace("_", "")) for part in args.rows.split(",") if part.strip()})

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)")
    results = run(rows_list, quick=args.quick, cache=args.cache, log=log)
    print(table(results))
    for item in results:
        if item.note:
            print(f"  {item.metric} ({item.rows:,}): {item.note}")
    print(f"load average after: {load_average()}")
    if args.json:
        args.json.write_text(json.dumps([item.as_json() for item in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
