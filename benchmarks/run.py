"""The scale benchmark: `python benchmarks/run.py [--rows 100000,1000000] [--json FILE] [--quick]`.

It times what a user waits for, through the whole path: from choosing a file to a window that
answers (`time_to_usable`, with the longest UI stall on the way and the peak memory), a profile
answer, a filter change or a typed search word, a header click, each until the results are
repainted (95th percentile and the slowest), and a cold start to a filled window. Beside them: the
load itself, against a bare pyarrow.csv.read_csv of the same file, and the finder's core steps.

Prints a table of metric, rows, value, unit, target and, where there is one, the baseline and
the ratio, all measured in this run, then one note per metric saying what it timed. Each
measurement runs in a fresh process (benchmarks/measure.py), so it starts cold, as the app does.
Catalogs are generated first (not timed) into a cache folder and reused while the generator is
unchanged. `--quick` makes one launch of each kind (the smoke test runs it at a tiny size).

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
    max: float | None = None  # beside a p95: the slowest of the same runs

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
        if self.max is None:
            data.pop("max")
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


def cold_start(env: dict[str, str]) -> dict[str, Any]:
    """Seconds from starting the app's process to its first painted frame, to its first painted
    window with the bundled catalog in the table (the first screen's, or the real one's), and to
    the real window's table (the finder's own model) painted with it: usable."""
    started = time.time()
    completed = subprocess.run(
        [sys.executable, str(HERE / "first_paint.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        raise RuntimeError(f"cold start failed: {completed.stderr.strip().splitlines()[-1:]}")
    first_frame, filled, rows, heavy, _heavy_filled, usable, heavy_at_filled = completed.stdout.split()[:7]
    if int(rows) == 0:
        raise RuntimeError("cold start: the window never showed the bundled catalog")
    return {
        "first_frame_s": float(first_frame) - started,
        "filled_s": float(filled) - started,
        "usable_s": float(usable) - started,
        "imported_before_first_frame": heavy,
        "imported_before_filled": heavy_at_filled,
    }


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


@dataclass
class Bench:
    """One run: where the catalogs are, the child processes' environment, how many repeats."""

    files: dict[int, Path]
    env: dict[str, str]
    quick: bool
    log: Any

    @property
    def largest(self) -> int:
        return max(self.files)

    @property
    def smallest(self) -> int:
        return min(self.files)

    def repeats(self, full: int) -> int:
        return 1 if self.quick else full

    def measure(self, name: str, rows: int) -> dict[str, Any]:
        return measure(name, self.files[rows], self.env)


def run(rows_list: list[int], *, quick: bool, cache: Path, log: Any) -> list[Measurement]:
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="insole-bench-home-") as home:
        files = {rows: catalog_file(rows, cache) for rows in rows_list}
        bench = Bench(files, child_environment(Path(home)), quick, log)
        for rows in rows_list:
            results += loading(bench, rows)
        results += opening(bench)
        results += profile_changing(bench)
        results += filtering(bench)
        results += sorting(bench)
        results += finder_core(bench)
        results += cold_starting(bench)
    return results


def loading(bench: Bench, rows: int) -> list[Measurement]:
    """load_validate_csv (fresh processes), against pydantic on every row and a bare
    pyarrow.csv.read_csv of the same file."""
    bench.log(f"load_validate_csv at {rows:,} rows …")
    times = [bench.measure("load", rows)["seconds"] for _ in range(bench.repeats(3))]
    reads = [bench.measure("csv-read", rows)["seconds"] for _ in range(bench.repeats(3))]
    per_row = bench.measure("load-per-row", rows)
    value, read = statistics.median(times), statistics.median(reads)
    sampled = per_row["sampled_rows"]
    load = Measurement(
        "load_validate_csv",
        rows,
        value,
        "s",
        target=1.5,
        baseline=per_row["seconds"],
        ratio=per_row["seconds"] / value,
        note=f"median of {len(times)} fresh processes; baseline: pydantic on every row"
        + (f" (timed on {sampled:,} rows, scaled)" if sampled < rows else ""),
        extra={"runs_s": times, "file_mb": round(bench.files[rows].stat().st_size / 2**20, 1)},
    )
    ratio = Measurement(
        "load_validate_csv_ratio",
        rows,
        value / read,
        "x",
        target=1.6,
        note=f"load_validate_csv over a bare pyarrow.csv.read_csv of the file ({_figure(read)} s, "
        f"median of {len(reads)} fresh processes)",
        extra={"read_csv_runs_s": reads, "load_s": value, "read_csv_s": read},
    )
    return [load, ratio]


def opening(bench: Bench) -> list[Measurement]:
    """From choosing a file to a usable window, the longest stall on the way, and the memory."""
    rows = bench.largest
    bench.log(f"time_to_usable, ui_stall_max and peak_rss at {rows:,} rows …")
    opened = bench.measure("open-catalog", rows)
    marks = opened["marks_s"]
    handover = (
        f"the file read by {_figure(marks.get('read_end'))} s, checked by {_figure(marks.get('checked_end'))} s, "
        f"the first answer prepared by {_figure(marks.get('prepared_end'))} s; "
        f"show_catalog ran {_figure(marks['show_catalog_start'])}–{_figure(marks['show_catalog_end'])} s "
        f"({_figure(opened['show_catalog_ms'])} ms)"
    )
    details = {"marks_s": marks, "show_catalog_ms": opened["show_catalog_ms"]}
    return [
        Measurement(
            "time_to_usable",
            rows,
            opened["time_to_usable_s"],
            "s",
            target=2.0,
            note="open_catalog_file to the new catalog painted and a filter change answered and repainted; "
            f"{handover}, painted at {_figure(marks['painted'])} s, the filter change answered in "
            f"{_figure(opened['filter_answer_ms'])} ms; {_cpu_note(opened)}",
            extra={**details, "filter_answer_ms": opened["filter_answer_ms"]},
        ),
        Measurement(
            "ui_stall_max",
            rows,
            opened["max_gap_ms"],
            "ms",
            target=50.0,
            note="longest gap of a 10 ms UI timer over that whole path, the hand-over included; "
            f"it began at {_figure(opened['max_gap_began_s'])} s; {handover}",
            extra={**details, "gap_began_s": opened["max_gap_began_s"], "beats": opened["beats"]},
        ),
        Measurement(
            "peak_rss",
            rows,
            opened["peak_rss_mb"],
            "MB",
            target=600.0,
            note="the app with the catalog loaded in the background and shown (peak resident memory, until its "
            f"warm-up had ended; {_figure(opened['rss_mb'])} MB resident when usable, "
            f"{_figure(opened['rss_warmed_mb'])} MB once the warm-up had ended); "
            f"{_memory_steps(opened.get('memory_mb', {}))}",
            extra={
                "rss_after_mb": opened["rss_mb"],
                "rss_warmed_mb": opened["rss_warmed_mb"],
                "memory_mb": opened.get("memory_mb", {}),
            },
        ),
    ]


def _cpu_note(opened: dict[str, Any]) -> str:
    """The CPU time the way took, and the least wall time it allows on this machine's cores."""
    if "cpu_s" not in opened:
        return "CPU time not measured"
    cpus = opened["cpus"]
    return (
        f"the app used {_figure(opened['cpu_s'])} s of CPU on the way (every thread), "
        f"at least {_figure(opened['cpu_s'] / cpus)} s of wall time on {cpus} cores"
    )


MEMORY_STEPS = {
    "before": "before opening",
    "read_end": "the file read",
    "checked_end": "checked",
    "prepared_end": "the first answer prepared",
}


def _memory_steps(memory: dict[str, list[float]]) -> str:
    """Resident memory at each step of the load, with the peak reached by then (where it was reached)."""
    steps = [
        f"{label} {_figure(memory[key][0])} MB (peak so far {_figure(memory[key][1])})"
        for key, label in MEMORY_STEPS.items()
        if key in memory
    ]
    return "resident: " + ", ".join(steps) if steps else "no step marks"


def spread(metric: str, rows: int, result: dict[str, Any], target: float, note: str) -> list[Measurement]:
    """A p95 and, beside it, the max (held to the same target: the slowest is what a user notices)."""
    extra = {"median_ms": result["median_ms"], **({"slowest": result["slowest"]} if "slowest" in result else {})}
    return [
        Measurement(
            f"{metric}_p95", rows, result["p95_ms"], "ms", target=target, max=result["max_ms"], note=note, extra=extra
        ),
        Measurement(
            f"{metric}_max",
            rows,
            result["max_ms"],
            "ms",
            target=target,
            note="the slowest of the same" + (f": {result['slowest']}" if "slowest" in result else ""),
        ),
    ]


def profile_changing(bench: Bench) -> list[Measurement]:
    rows = bench.largest
    bench.log(f"profile_change at {rows:,} rows …")
    result = bench.measure("profile-changes", rows)
    note = "30 mixed profile changes (arch, pronation, concerns, shoes, size, budget), each until repainted"
    return spread("profile_change", rows, result, 60.0, note)


def filtering(bench: Bench) -> list[Measurement]:
    results: list[Measurement] = []
    for rows in sorted(bench.files):
        bench.log(f"filter_to_repaint at {rows:,} rows …")
        window = bench.measure("filter-window", rows)
        note = (
            "50 mixed changes in the main window until repainted; search words typed key by key, "
            "timed from the debounce firing"
        )
        p95, largest = spread("filter_to_repaint", rows, window, 20.0 if rows <= 100_000 else 60.0, note)
        p95.extra.update(typed_p95_ms=window["typed_p95_ms"], typed_max_ms=window["typed_max_ms"])
        p95.note += (
            f" ({window['typed_keys']} keys typed: p95 {_figure(window['typed_p95_ms'])} ms, "
            f"max {_figure(window['typed_max_ms'])} ms)"
        )
        results += [p95, largest]
        if rows == bench.smallest:
            results.append(speedup(bench, rows, window, p95))
    return results


def speedup(bench: Bench, rows: int, window: dict[str, Any], p95: Measurement) -> Measurement:
    bench.log(f"filter baseline (QSortFilterProxyModel) at {rows:,} rows …")
    proxy = bench.measure("filter-proxy", rows)
    if proxy["counts"] != window["counts"]:
        raise RuntimeError("the baseline and the window disagree on the filtered rows")
    p95.baseline = proxy["p95_ms"]
    p95.ratio = proxy["p95_ms"] / window["p95_ms"]
    p95.note += "; baseline: a QSortFilterProxyModel reading a mask the core computes once per change"
    return Measurement(
        "filter_speedup_vs_proxy",
        rows,
        p95.ratio,
        "x",
        target=20.0,
        higher_is_better=True,
        note="proxy p95 / filter_to_repaint_p95; the proxy's mask comes from the core's vectorized "
        "filter_mask once per change, and filterAcceptsRow only reads mask[row]",
        extra={"proxy_p95_ms": proxy["p95_ms"], "proxy_max_ms": proxy["max_ms"]},
    )


def sorting(bench: Bench) -> list[Measurement]:
    rows = bench.largest
    bench.log(f"sort at {rows:,} rows …")
    result = bench.measure("sort", rows)
    note = "every table column, both orders, in the main window with a profile set, until repainted"
    return spread("sort", rows, result, 150.0, note)


def finder_core(bench: Bench) -> list[Measurement]:
    rows = bench.largest
    bench.log(f"fit_score and facet_counts at {rows:,} rows …")
    core = bench.measure("finder-core", rows)
    return [
        Measurement("fit_score", rows, core["fit_score_ms"], "ms", target=100.0, note="median of 5"),
        Measurement("facet_counts", rows, core["facet_counts_ms"], "ms", target=100.0, note="median of 5"),
    ]


def cold_starting(bench: Bench) -> list[Measurement]:
    launches = bench.repeats(5)
    bench.log(f"cold_start, {launches} launches …")
    starts = [_new_user_start() for _ in range(launches)]
    filled = [start["filled_s"] for start in starts]
    return [
        Measurement(
            "cold_start",
            _bundled_rows(),
            statistics.median(filled),
            "s",
            target=0.6,
            note=f"median of {launches} launches of `python -m catalog_app` to the first painted window "
            f"with the bundled catalog in its table, each as a new user (settings and data in a new "
            f"folder); {_whose_tables(starts)}; "
            f"the first frame painted at "
            f"{_figure(statistics.median(start['first_frame_s'] for start in starts))} s, and the real "
            f"window's table (the finder's own model, answering input) at "
            f"{_figure(statistics.median(start['usable_s'] for start in starts))} s (medians)",
            extra={
                "runs_s": filled,
                "first_frame_s": [start["first_frame_s"] for start in starts],
                "usable_s": [start["usable_s"] for start in starts],
                "imported_before_first_frame": starts[0]["imported_before_first_frame"],
                "imported_before_filled": starts[0]["imported_before_filled"],
            },
        )
    ]


def _new_user_start() -> dict[str, Any]:
    """One cold start with settings and data of its own: the other measurements' saved profile
    would make it a returning user (`benchmarks/cold_start.py --home` measures that one)."""
    with tempfile.TemporaryDirectory(prefix="insole-catalog-cold-") as scratch:
        return cold_start(child_environment(Path(scratch)))


def _whose_tables(starts: list[dict[str, Any]]) -> str:
    """Which window's table the first filled paint was in each launch, from what was imported by then."""
    first_screens = sum(start["imported_before_filled"] == "-" for start in starts)
    said = (
        f"in {first_screens} of {len(starts)} launches the first screen's table, from its snapshot, read-only "
        "until the real window is built, with none of pandas, pyarrow, pydantic and the main window imported"
    )
    others = sorted({start["imported_before_filled"] for start in starts} - {"-"})
    return said + (f"; in the others the real window's ({', '.join(others)} imported)" if others else "")


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
