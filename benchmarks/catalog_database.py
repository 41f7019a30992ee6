"""The shop catalog from PostgreSQL against the same catalog from a CSV file on disk.

    python benchmarks/catalog_database.py [--rows 1000000] [--repeats 5] [--database URL]

Generates (or reuses, under --cache) a catalog of --rows products, publishes it to the store
(a throwaway PostgreSQL cluster started here when no --database is given), then times --repeats
rounds of (a) the app's own CSV load from disk (`load_catalog`: read and validate) and
(b) `load_published_catalog` from the store; the two alternate, so both meet the same load on the
machine. Prints the publish time, median, p95 and max of each, and the ratio the issue holds to
2x (the DB load's median over the CSV load's median). Both give a frame that is checked equal.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The scale benchmark's catalogs: generated once per size and generator version, shared by both.
from run import catalog_file  # noqa: E402

TARGET_RATIO = 2.0


@contextmanager
def database(given: str | None) -> Iterator[str]:
    """The store to publish to: the one given, or a throwaway cluster removed afterwards."""
    if given:
        yield given
        return
    from tests.postgres_cluster import Cluster

    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-bench-pg-")))
    cluster.start()
    try:
        yield cluster.url()
    finally:
        cluster.remove()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def spread(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def measure(csv_path: Path, url: str, repeats: int, log: Callable[[str], None]) -> dict[str, Any]:
    import pandas as pd

    from catalog_app.io.catalog import load_catalog
    from catalog_app.io.catalog_database import load_published_catalog, publish_catalog

    publish_s, version = timed(lambda: publish_catalog(url, csv_path))
    log(f"published version {version.number}: {version.product_count:,} products in {publish_s:.2f} s")
    csv_times: list[float] = []
    db_times: list[float] = []
    for round_number in range(1, repeats + 1):
        csv_s, from_csv = timed(lambda: load_catalog(csv_path))
        db_s, from_db = timed(lambda: load_published_catalog(url, version.number))
        if round_number == 1:
            pd.testing.assert_frame_equal(from_csv.frame, from_db.frame)
        del from_csv, from_db
        csv_times.append(csv_s)
        db_times.append(db_s)
        log(f"round {round_number}: CSV {csv_s:.2f} s, database {db_s:.2f} s")
    return {"publish": publish_s, "csv": spread(csv_times), "database": spread(db_times), "rows": version.product_count}


def report(result: dict[str, Any], csv_path: Path) -> str:
    csv, db = result["csv"], result["database"]
    ratio = db["median"] / csv["median"]
    lines = [
        f"catalog: {result['rows']:,} products ({csv_path}, {csv_path.stat().st_size / 2**20:,.0f} MB)",
        f"publish (read, validate, COPY into PostgreSQL): {result['publish']:.2f} s",
        f"{'load':<32}{'median':>9}{'p95':>9}{'max':>9}",
        *(
            f"{name:<32}{figures['median']:>8.2f}s{figures['p95']:>8.2f}s{figures['max']:>8.2f}s"
            for name, figures in (("CSV from disk (load_catalog)", csv), ("PostgreSQL (load_published)", db))
        ),
        f"ratio database/CSV (median): {ratio:.2f}x, max/max {db['max'] / csv['max']:.2f}x "
        f"(target <= {TARGET_RATIO:.0f}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Shop catalog: PostgreSQL load against the CSV load")
    parser.add_argument("--rows", type=int, default=1_000_000, help="products in the catalog (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds of each load (default 5)")
    parser.add_argument("--database", metavar="URL", help="PostgreSQL to publish to (default: a throwaway cluster)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "insole-catalog-bench",
        help="where the generated CSV is kept between runs",
    )
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    csv_path = catalog_file(args.rows, args.cache)
    with database(args.database) as url:
        result = measure(csv_path, url, args.repeats, log)
    print(report(result, csv_path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
