"""Load and fault test of the shared store: many desk processes at once on one PostgreSQL server.

Each desk (its own process, its own ShortlistStore) makes a mix of changes on a few shared lists:
adds, removes, moves, note edits and exports; it only removes, moves and notes its own picks, so
the expected end state is known exactly. Midway the server can be killed (SIGKILL, as a power cut)
and started again: a desk whose change failed because the server was away waits for it
(`reconnect()` with backoff) and tries the change again. At the end every list is checked: every
acknowledged pick is there with its last acknowledged note, nothing else, no product twice, and
positions are a permutation.

    python benchmarks/desk_load.py                          # 20 desks x 500 operations, 5 lists, kill at 40 %
    python benchmarks/desk_load.py --desks 4 --operations 50 --no-kill

Without --url it starts a throwaway server of its own (tests/postgres_cluster.py). Prints the
operations, acknowledged, found after, errors, p50/p95 latency per operation and the kill result;
exits 1 when anything acknowledged is missing or wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

KINDS = ("add", "remove", "move", "note", "export")
WEIGHTS = (35, 15, 20, 20, 10)
LIST_NAMES = [f"Shared list {number}" for number in range(1, 21)]


# ---- one desk (a child process) ---------------------------------------------------------------------


class Desk:
    def __init__(self, number: int, url: str, lists: list[str], folder: Path) -> None:
        from catalog_app.io.catalog import load_bundled_catalog
        from catalog_app.shortlist.store import ShortlistStore

        self.number = number
        self.store = ShortlistStore(database_url=url)
        self.catalog = load_bundled_catalog()
        self.lists = lists
        self.folder = folder
        self.rng = random.Random(20261202 + number)
        self.mine: dict[str, dict[str, str]] = {name: {} for name in lists}  # list -> product id -> note
        self.latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors: list[str] = []
        self.acknowledged = 0
        self.retried = 0
        self.reconnects = 0

    def run(self, operations: int) -> dict[str, Any]:
        for step in range(operations):
            name = self.rng.choice(self.lists)
            kind = self.rng.choices(KINDS, WEIGHTS)[0] if self.mine[name] else "add"
            self._do(kind, name, step)
        self.store.close()
        return {
            "desk": self.number,
            "mine": self.mine,
            "latency": self.latency,
            "errors": self.errors,
            "acknowledged": self.acknowledged,
            "retried": self.retried,
            "reconnects": self.reconnects,
        }

    def _do(self, kind: str, name: str, step: int) -> None:
        from catalog_app.shortlist.store import ShortlistError, ShortlistOfflineError

        action, done = self._action(kind, name, step)
        retried = False
        while True:
            began = time.perf_counter()
            try:
                action()
            except ShortlistOfflineError:
                retried = True
                self._wait_for_server()
                continue
            except ShortlistError as error:
                # A change whose answer was lost with the server may have been made: then trying it
                # again says so, and it counts as made.
                if not (retried and _already_done(kind, str(error))):
                    self.errors.append(f"{kind} on {name}: {error}")
                    return
            else:
                if not retried:
                    self.latency[kind].append((time.perf_counter() - began) * 1000)
            break
        self.retried += retried
        self.acknowledged += 1
        done()

    def _action(self, kind: str, name: str, step: int) -> tuple[Any, Any]:
        mine = self.mine[name]
        if kind == "add":
            product_id = f"desk{self.number}-{step}"
            record = {
                "id": product_id,
                "name": f"Insole {product_id}",
                "brand": "Load",
                "price": 20.0,
                "currency": "EUR",
            }
            note = f"added by desk {self.number}"
            return (lambda: self.store.add(name, record, note=note)), (lambda: mine.__setitem__(product_id, note))
        product_id = self.rng.choice(sorted(mine))
        if kind == "remove":
            return (lambda: self.store.remove(name, product_id)), (lambda: mine.pop(product_id))
        if kind == "move":
            position = self.rng.randint(0, 60)
            return (lambda: self.store.move(name, product_id, position)), (lambda: None)
        if kind == "note":
            note = f"note {step} from desk {self.number}"
            return (lambda: self.store.set_note(name, product_id, note)), (lambda: mine.__setitem__(product_id, note))
        return (lambda: self._export(name)), (lambda: None)

    def _export(self, name: str) -> None:
        from catalog_app.costs.cost_notes import CostOptions
        from catalog_app.shortlist.export import ShortlistExportError, export_shortlist
        from catalog_app.shortlist.store import ShortlistError, ShortlistOfflineError

        target = self.folder / f"desk{self.number}.csv"
        try:
            export_shortlist(self.store, name, self.catalog, target, options=CostOptions())
        except ShortlistExportError as error:
            if isinstance(error.__context__, ShortlistOfflineError):
                raise error.__context__ from None
            raise ShortlistError(str(error)) from None

    def _wait_for_server(self) -> None:
        wait = 0.1
        while not self.store.reconnect():
            time.sleep(wait)  # backoff while the server is away
            wait = min(wait * 2, 2.0)
        self.reconnects += 1


def _already_done(kind: str, message: str) -> bool:
    return (kind == "add" and "is already on the shortlist" in message) or (
        kind == "remove" and "has no product with id" in message
    )


def run_desk(arguments: argparse.Namespace) -> int:
    desk = Desk(arguments.desk, arguments.url, arguments.list_names.split("|"), Path(arguments.folder))
    print("ready", flush=True)
    sys.stdin.readline()  # "go": every desk starts at once
    result = desk.run(arguments.operations)
    print(json.dumps(result), flush=True)
    return 0


# ---- the run ---------------------------------------------------------------------------------------


def start_desks(url: str, lists: list[str], desks: int, operations: int, folder: Path) -> list[subprocess.Popen[str]]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [
                *(sys.executable, __file__, "--desk", str(number), "--url", url, "--list-names", "|".join(lists)),
                *("--operations", str(operations), "--folder", str(folder)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for number in range(desks)
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"a desk did not start: {line!r}")
    return children


def _result(number: int, child: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = child.communicate(timeout=1800)
    lines = out.strip().splitlines()
    if child.returncode == 0 and lines:
        return dict(json.loads(lines[-1]))
    crashed = f"desk {number} ended with status {child.returncode}"
    return {"desk": number, "mine": {}, "latency": {kind: [] for kind in KINDS}, "errors": [crashed]} | {
        "acknowledged": 0,
        "retried": 0,
        "reconnects": 0,
    }


def check(url: str, results: list[dict[str, Any]], lists: list[str]) -> dict[str, Any]:
    import psycopg

    from catalog_app.shortlist.store import ShortlistStore

    expected: dict[str, dict[str, str]] = {name: {} for name in lists}
    for result in results:
        for name, picks in result["mine"].items():
            expected[name].update(picks)
    missing = wrong_note = extra = duplicates = 0
    found_total = 0
    with ShortlistStore(database_url=url) as store:
        for name in lists:
            items = store.items(name)
            found = {item.product_id: item.note for item in items}
            found_total += len(found)
            duplicates += len(items) - len(found)
            missing += sum(1 for product_id in expected[name] if product_id not in found)
            wrong_note += sum(1 for pid, note in expected[name].items() if pid in found and found[pid] != note)
            extra += sum(1 for product_id in found if product_id not in expected[name])
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT shortlist_id, array_agg(position ORDER BY position), count(*) FROM item GROUP BY shortlist_id"
        ).fetchall()
    permutation = all(list(positions) == list(range(count)) for _, positions, count in rows)
    return {
        "expected": sum(len(picks) for picks in expected.values()),
        "found": found_total,
        "missing": missing,
        "wrong_note": wrong_note,
        "extra": extra,
        "duplicates": duplicates,
        "permutation": permutation,
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results: list[dict[str, Any]], checked: dict[str, Any], arguments: argparse.Namespace, kill: str) -> None:
    operations = arguments.desks * arguments.operations
    acknowledged = sum(result["acknowledged"] for result in results)
    errors = [error for result in results for error in result["errors"]]
    everything: list[float] = []
    print(f"desks: {arguments.desks}; operations per desk: {arguments.operations}; lists: {arguments.lists}")
    print(f"operations: {operations}; acknowledged: {acknowledged}; errors: {len(errors)}")
    for kind in KINDS:
        values = [value for result in results for value in result["latency"][kind]]
        everything += values
        print(
            f"  {kind:6s} n={len(values):5d}  p50 {statistics.median(values) if values else float('nan'):6.1f} ms"
            f"  p95 {percentile(values, 0.95):6.1f} ms"
        )
    middle, high = statistics.median(everything), percentile(everything, 0.95)
    print(f"  all    n={len(everything):5d}  p50 {middle:6.1f} ms  p95 {high:6.1f} ms")
    print(
        f"picks acknowledged and expected: {checked['expected']}; found after: {checked['found']}; "
        f"missing: {checked['missing']}; wrong note: {checked['wrong_note']}; not acknowledged but there: "
        f"{checked['extra']}; duplicates: {checked['duplicates']}; positions a permutation: {checked['permutation']}"
    )
    retried = sum(result["retried"] for result in results)
    reconnects = sum(result["reconnects"] for result in results)
    print(
        f"kill and restart: {kill}; changes tried again after the server came back: {retried}; reconnects: {reconnects}"
    )
    for error in errors[:10]:
        print(f"  error: {error}")


def run(arguments: argparse.Namespace) -> int:
    from postgres_cluster import Cluster

    from catalog_app.shortlist.store import ShortlistStore

    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-load-")))
    cluster.start()
    folder = Path(tempfile.mkdtemp(prefix="insole-catalog-load-exports-"))
    url = cluster.url()
    lists = LIST_NAMES[: arguments.lists]
    try:
        with ShortlistStore(database_url=url) as store:
            for name in lists:
                store.create(name)
        children = start_desks(url, lists, arguments.desks, arguments.operations, folder)
        began = time.perf_counter()
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        kill = "not done"
        if arguments.kill_after is not None:
            time.sleep(arguments.kill_after)
            cluster.kill()
            killed_at = time.perf_counter() - began
            time.sleep(1.0)  # the server stays away for a moment, as after a crash
            cluster.start()
            kill = f"server killed at {killed_at:.1f} s and started again 1 s later"
        results = [_result(number, child) for number, child in enumerate(children)]
        print(f"wall time: {time.perf_counter() - began:.1f} s")
        checked = check(url, results, lists)
        report(results, checked, arguments, kill)
    finally:
        cluster.remove()
    lost = checked["missing"] + checked["wrong_note"] + checked["duplicates"]
    errors = sum(len(result["errors"]) for result in results)
    return 0 if lost == 0 and errors == 0 and checked["permutation"] else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--operations", type=int, default=500, help="operations per desk")
    parser.add_argument("--lists", type=int, default=5)
    parser.add_argument("--kill-after", type=float, default=None, help="kill the server this many seconds in")
    parser.add_argument("--no-kill", action="store_true", help="do not kill the server")
    parser.add_argument("--desk", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--list-names", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.desk is not None:
        return run_desk(arguments)
    if arguments.kill_after is None and not arguments.no_kill:
        arguments.kill_after = 10.0
    return run(arguments)


if __name__ == "__main__":
    raise SystemExit(main())
