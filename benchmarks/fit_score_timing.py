"""Time the fit score at a million products: wall and CPU time of `score_products`.

    PYTHONPATH=$PWD python benchmarks/fit_score_timing.py [--rows 1000000] [--cache /tmp/big.parquet]

CPU time (this thread) is printed beside wall time because on a shared machine wall time mostly
measures the other processes; the score is single-threaded numpy, so its CPU time is what an
idle machine would take.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.fit_score import score_products
from catalog_app.io.catalog import load_catalog
from catalog_app.io.generator import generate_catalog
from catalog_app.model.profile import FootProfile

PROFILES = {
    "benchmark profile": FootProfile(
        arch="flat",
        pronation="overpronation",
        concerns=("plantar-fasciitis", "lower-back-pain"),
        activities=("standing", "walking"),
        shoe_types=("work-boots", "casual", "athletic"),
        budget=120,
    ),
    "README example + size": FootProfile(
        arch="flat",
        pronation="overpronation",
        concerns=("lower-back-pain",),
        shoe_types=("work-boots",),
        shoe_size="EU 43",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/insole-fit-score-timing.parquet"))
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if not args.cache.exists():
        generate_catalog(args.rows, seed=1).to_parquet(args.cache)
    catalog = load_catalog(args.cache)
    for name, profile in PROFILES.items():
        score_products(catalog, profile)  # the per-catalog arrays are built once, by the loader in the app
        wall, cpu = [], []
        index = index_of(catalog)
        for _ in range(args.repeat):
            index.recent_scores.clear()  # scored afresh each time, not read from the last change
            index.recent_exclusions.clear()
            started, started_cpu = time.perf_counter(), time.thread_time()
            score_products(catalog, profile)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        print(
            f"{name}, {len(catalog):,} products: wall median {statistics.median(wall):.1f} ms "
            f"(max {max(wall):.1f}); CPU median {statistics.median(cpu):.1f} ms (min {min(cpu):.1f})"
        )


if __name__ == "__main__":
    main()
