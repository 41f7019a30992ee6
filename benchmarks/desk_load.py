"""Many desks on one PostgreSQL store: `python benchmarks/desk_load.py [--desks 20] [--ops 500] [--kill]`.

Each desk is its own process with its own `ShortlistStore` on the shared database, as each desk
of a clinic is its own computer. All desks work at once on the same few lists: they add their own
products, note them, move them anywhere in the list (among the other desks' items), remove them,
and export the list. Every operation is timed from the call to its acknowledgement (the call
returning), and every acknowledged operation is logged by the desk.

After the run the store is read directly (SQL, not the store's own reading) and checked:
- every product a desk holds on a list by its acknowledged operations is there, and nothing else;
- each item's note is the last note the desk had acknowledged for it;
- positions in each list are exactly 0..n-1 (a permutation), with no product twice.

`--kill` kills the server (SIGKILL of the postmaster, as a crash would) while the desks are busy,
restarts it after `--outage` seconds, and checks the same things: desks see the store go offline,
reconnect with backoff, and redo the operation they had not had acknowledged. An operation whose
connection died after its commit but before the answer came back is found done on the retry
("already on the shortlist", "has no product") and counts as acknowledged then.

Without `--database` it starts a throwaway server of its own (tests/postgres_cluster.py); `--kill`
needs that own server. Prints operations, acknowledged, found after, errors, and latency (p50,
p95, max) per kind of operation.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

KINDS = ("add", "note", "move", "remove", "export")
WEIGHTS = (35, 25, 20, 12, 8)
RETRY_FOR_S = 120.0  # how long a desk keeps redoing one operation while the server is away
BACKOFF_S = (0.1, 0.2, 0.4, 0.8, 1.6)


@dataclass
class DeskReport:
    desk: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: int = 0
    errors: list[str] = field(default_factory=list)
    retried: int = 0  # operations that needed the server back before they were acknowledged
    expected: dict[str, dict[str, str]] = field(default_factory=dict)  # list -> product -> note

    def as_json(self) -> dict[str, Any]:
        return {
            "desk": self.desk,
            "latencies": dict(self.latencies),
            "acknowledged": self.acknowledged,
            "errors": self.errors,
            "retried": self.retried,
            "expected": self.expected,
        }


# ---- one desk (a process) ------------------------------------------------------------------------


def run_desk(
    desk: int, url: str, ops: int, lists: list[str], seed: int, out: str, progress: Any, pause_s: float
) -> None:
    from catalog_app.costs.cost_notes import CostOptions
    from catalog_app.io.catalog import Catalog
    from catalog_app.shortlist.export import csv_text
    from catalog_app.shortlist.export_data import gather_export
    from catalog_app.shortlist.store import ShortlistStore

    rng = random.Random(seed * 1000 + desk)
    store = ShortlistStore(database_url=url)
    report = DeskReport(desk, expected={name: {} for name in lists})
    catalog = Catalog.empty()
    options = CostOptions()
    serial = 0

    def export(name: str) -> None:
        csv_text(gather_export(store, name, catalog, options=options))

    for _ in range(ops):
        kind = rng.choices(KINDS, WEIGHTS)[0]
        name = rng.choice(lists)
        mine = report.expected[name]
        if kind in {"note", "move", "remove"} and not mine:
            kind = "add"
        product_id, note = "", ""
        if kind == "add":
            serial += 1
            product_id = f"D{desk:02d}-{serial:04d}"
            product = {"id": product_id, "name": f"Desk {desk} pick {serial}", "brand": "Load",
                       "price": 10.0 + serial, "currency": "EUR"}  # fmt: skip
            call = _add(store, name, product)
        elif kind == "export":
            call = _export(export, name)
        else:
            product_id = rng.choice(sorted(mine))
            if kind == "note":
                note = f"note {desk}/{serial}/{rng.randrange(10**6)}"
                call = _note(store, name, product_id, note)
            elif kind == "move":
                call = _move(store, name, product_id, rng.randrange(0, 60))
            else:
                call = _remove(store, name, product_id)
        if _perform(store, report, kind, call):
            _remember(mine, kind, product_id, note)
        if pause_s:
            time.sleep(rng.uniform(0, 2 * pause_s))  # a person between two clicks (not timed)
        with progress.get_lock():
            progress.value += 1
    store.close()
    Path(out).write_text(json.dumps(report.as_json()), encoding="utf-8")


def _remember(mine: dict[str, str], kind: str, product_id: str, note: str) -> None:
    """What the desk now holds on the list, once the store has acknowledged the operation."""
    if kind in {"add", "note"}:
        mine[product_id] = note if kind == "note" else ""
    elif kind == "remove":
        mine.pop(product_id)


def _export(export: Any, name: str) -> tuple[Any, tuple[str, ...]]:
    return (lambda: export(name)), ()


def _add(store: Any, name: str, product: dict[str, Any]) -> tuple[Any, tuple[str, ...]]:
    return (lambda: store.add(name, product)), ("already on the shortlist",)


def _note(store: Any, name: str, product_id: str, note: str) -> tuple[Any, tuple[str, ...]]:
    return (lambda: store.set_note(name, product_id, note)), ()


def _move(store: Any, name: str, product_id: str, position: int) -> tuple[Any, tuple[str, ...]]:
    return (lambda: store.move(name, product_id, position)), ()


def _remove(store: Any, name: str, product_id: str) -> tuple[Any, tuple[str, ...]]:
    return (lambda: store.remove(name, product_id)), ("has no product with id",)


def _perform(store: Any, report: DeskReport, kind: str, call: tuple[Any, tuple[str, ...]]) -> bool:
    """Do one operation until it is acknowledged (redoing it while the server is away); True when it was."""
    from catalog_app.shortlist.store import ShortlistError, ShortlistOfflineError

    action, done_already = call
    start = time.perf_counter()
    deadline = start + RETRY_FOR_S
    attempt = 0
    while True:
        try:
            action()
            break
        except ShortlistOfflineError:
            pass
        except ShortlistError as error:
            if attempt and any(text in str(error) for text in done_already):
                break  # it was committed before the connection died; the retry finds it done
            if not store.offline:
                report.errors.append(f"{kind}: {error}")
                return False
        attempt += 1
        if time.perf_counter() > deadline:
            report.errors.append(f"{kind}: the store did not come back within {RETRY_FOR_S:.0f} s")
            return False
        time.sleep(BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)])
        with contextlib.suppress(Exception):
            store.reconnect()
    report.latencies[kind].append((time.perf_counter() - start) * 1000)
    report.acknowledged += 1
    report.retried += attempt > 0
    return True


# ---- the run -------------------------------------------------------------------------------------


def prepare(url: str, lists: list[str]) -> None:
    from catalog_app.shortlist.store import ShortlistStore

    with ShortlistStore(database_url=url) as store:
        for name in lists:
            if not store.exists(name):
                store.create(name)


def run(
    url: str, *, desks: int, ops: int, lists: list[str], seed: int, kill: Any = None, pause_s: float = 0.0
) -> dict[str, Any]:
    prepare(url, lists)
    context = multiprocessing.get_context("spawn")
    progress = context.Value("i", 0)
    folder = Path(tempfile.mkdtemp(prefix="desk-load-"))
    outs = [str(folder / f"desk-{desk}.json") for desk in range(desks)]
    processes = [
        context.Process(target=run_desk, args=(desk, url, ops, lists, seed, outs[desk], progress, pause_s))
        for desk in range(desks)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    outage = None
    if kill is not None:
        outage = kill(progress, desks * ops)
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    reports = [json.loads(Path(out).read_text(encoding="utf-8")) for out in outs if Path(out).exists()]
    result = summarise(reports, desks * ops, elapsed)
    result.update(check_store(url, reports, lists))
    result["outage_s"] = outage
    result["crashed_desks"] = desks - len(reports)
    return result


def summarise(reports: list[dict[str, Any]], operations: int, elapsed: float) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for kind, values in report["latencies"].items():
            latencies[kind].extend(values)
    every = [value for values in latencies.values() for value in values]
    return {
        "operations": operations,
        "acknowledged": sum(report["acknowledged"] for report in reports),
        "errors": [error for report in reports for error in report["errors"]],
        "retried": sum(report["retried"] for report in reports),
        "elapsed_s": elapsed,
        "latency_ms": {kind: _figures(values) for kind, values in sorted(latencies.items())} | {"all": _figures(every)},
    }


def _figures(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0, "p50": 0.0, "p95": 0.0, "max": 0.0}
    p95 = ordered[min(len(ordered) - 1, math_ceil(0.95 * len(ordered)) - 1)]
    return {"count": len(ordered), "p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def math_ceil(value: float) -> int:
    return int(-(-value // 1))


def check_store(url: str, reports: list[dict[str, Any]], lists: list[str]) -> dict[str, Any]:
    """Read the store with plain SQL and compare it with what the desks were told was done."""
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT s.name, i.product_id, i.position, i.note FROM item i JOIN shortlist s ON s.id = i.shortlist_id"
        ).fetchall()
    found: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    duplicates = 0
    for name, product_id, position, note in rows:
        duplicates += product_id in found[name]
        found[name][product_id] = (position, note)
    problems: list[str] = []
    for name in lists:
        positions = sorted(position for position, _ in found[name].values())
        if positions != list(range(len(positions))):
            problems.append(f"{name}: positions are not 0..{len(positions) - 1}")
    expected_items = 0
    found_items = 0
    for report in reports:
        for name, items in report["expected"].items():
            mine_found = {pid: value for pid, value in found[name].items() if pid.startswith(f"D{report['desk']:02d}-")}
            expected_items += len(items)
            found_items += sum(1 for pid in items if pid in mine_found)
            for product_id, note in items.items():
                if product_id not in mine_found:
                    problems.append(f"{name}: {product_id} acknowledged but missing")
                elif mine_found[product_id][1] != note:
                    problems.append(f"{name}: {product_id} note is {mine_found[product_id][1]!r}, not {note!r}")
            for product_id in set(mine_found) - set(items):
                problems.append(f"{name}: {product_id} is there but its removal was acknowledged")
    return {
        "items_expected": expected_items,
        "items_found": found_items,
        "duplicates": duplicates,
        "problems": problems,
    }


def killer(cluster: Any, outage_s: float) -> Any:
    """Kill the server once half the operations are acknowledged; restart it `outage_s` later."""

    def kill(progress: Any, total: int) -> float:
        while progress.value < total // 2:
            time.sleep(0.02)
        cluster.kill()
        killed = time.perf_counter()
        time.sleep(outage_s)
        cluster.start()
        return time.perf_counter() - killed

    return kill


def print_result(title: str, result: dict[str, Any]) -> None:
    print(f"\n== {title}")
    print(f"operations     {result['operations']}")
    print(f"acknowledged   {result['acknowledged']}")
    print(f"items expected {result['items_expected']}  found after {result['items_found']}")
    print(f"duplicates     {result['duplicates']}")
    print(f"errors         {len(result['errors'])}")
    for error in result["errors"][:5]:
        print(f"  {error}")
    print(f"problems       {len(result['problems'])}")
    for problem in result["problems"][:10]:
        print(f"  {problem}")
    print(f"retried ops    {result['retried']}")
    if result["outage_s"] is not None:
        print(f"server away    {result['outage_s']:.2f} s (killed with SIGKILL, then restarted)")
    print(f"crashed desks  {result['crashed_desks']}")
    print(f"wall time      {result['elapsed_s']:.1f} s")
    print(f"{'latency (ms)':<14}{'count':>7}{'p50':>9}{'p95':>9}{'max':>10}")
    for kind, figures in result["latency_ms"].items():
        print(f"{kind:<14}{figures['count']:>7}{figures['p50']:>9.2f}{figures['p95']:>9.2f}{figures['max']:>10.1f}")


def passed(result: dict[str, Any], *, operations: int) -> bool:
    return (
        result["acknowledged"] == operations
        and not result["errors"]
        and not result["problems"]
        and result["duplicates"] == 0
        and result["crashed_desks"] == 0
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--ops", type=int, default=500, help="operations per desk")
    parser.add_argument("--lists", type=int, default=5, help="shared lists")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--kill", action="store_true", help="also run with the server killed and restarted mid-run")
    parser.add_argument("--outage", type=float, default=2.0, help="seconds the killed server stays down")
    parser.add_argument(
        "--pause-ms", type=float, default=0.0,
        help="mean pause of a desk between two operations (0: back to back, the worst case)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    if args.kill and args.database:
        parser.error("--kill needs the benchmark's own server; leave out --database")
    lists = [f"Shared list {number}" for number in range(1, args.lists + 1)]
    operations = args.desks * args.ops
    results: dict[str, Any] = {}
    cluster = None
    try:
        url = args.database
        if url is None:
            from postgres_cluster import Cluster

            cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-load-pg-")))
            cluster.start()
            url = cluster.url()
        pause_s = args.pause_ms / 1000
        paced = f", a pause of {args.pause_ms:g} ms on average between a desk's operations" if pause_s else ""
        results["steady"] = run(url, desks=args.desks, ops=args.ops, lists=lists, seed=args.seed, pause_s=pause_s)
        title = f"{args.desks} desks x {args.ops} operations on {args.lists} shared lists{paced}"
        print_result(title, results["steady"])
        if args.kill and cluster is not None:
            kill_lists = [f"{name} (kill run)" for name in lists]
            results["kill"] = run(
                url, desks=args.desks, ops=args.ops, lists=kill_lists, seed=args.seed + 1,
                kill=killer(cluster, args.outage), pause_s=pause_s,
            )  # fmt: skip
            print_result("the same, with the server killed mid-run and restarted", results["kill"])
    finally:
        if cluster is not None:
            cluster.remove()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    ok = all(passed(result, operations=operations) for result in results.values())
    print("\nresult:", "nothing acknowledged was lost, zero errors" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
