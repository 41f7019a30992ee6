"""Crash safety: a process killed (SIGKILL) while changing shortlists leaves every committed change intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog_app.shortlist.store import ShortlistStore

RUNS = 6

# The edits the child makes, in a fixed order the test can replay: add, now and then remove the
# previous pick or rewrite a note. The child prints each edit once its transaction has committed.
OPS_SOURCE = """
def operations(run):
    step = 0
    while True:
        product_id = f"run{run}-p{step}"
        yield ("add", product_id, f"note {step}: try in work boots first")
        if step % 3 == 2:
            yield ("remove", f"run{run}-p{step - 1}", "")
        if step % 5 == 4:
            yield ("note", product_id, f"edited {step} \\u2713")
        step += 1
"""
namespace: dict[str, object] = {}
exec(OPS_SOURCE, namespace)
operations = namespace["operations"]

CHILD = (
    OPS_SOURCE
    + """
import sys
from pathlib import Path
from catalog_app.shortlist.store import ShortlistStore

path, run = Path(sys.argv[1]), int(sys.argv[2])
store = ShortlistStore(path)
name = f"run {run}"
store.create(name)
print("created", flush=True)
for kind, product_id, note in operations(run):
    if kind == "add":
        product = {"id": product_id, "name": product_id.upper(), "brand": "Tidewell", "price": 24.95, "currency": "USD"}
        store.add(name, product, note=note)
    elif kind == "remove":
        store.remove(name, product_id)
    else:
        store.set_note(name, product_id, note)
    print(kind, product_id, flush=True)
"""
)


def replay(run: int, count: int) -> list[tuple[str, str]]:
    """The list after the first `count` edits of a run: (product id, note) in order."""
    items: list[tuple[str, str]] = []
    edits: Iterator[tuple[str, str, str]] = operations(run)  # type: ignore[operator]
    for _ in range(count):
        kind, product_id, note = next(edits)
        if kind == "add":
            items.append((product_id, note))
        elif kind == "remove":
            items = [item for item in items if item[0] != product_id]
        else:
            items = [(pid, note if pid == product_id else old) for pid, old in items]
    return items


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_killed_writer_leaves_every_committed_change(tmp_path: Path) -> None:
    path = tmp_path / "shortlists.sqlite3"
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    expected: dict[str, list[tuple[str, str]]] = {}
    environment = dict(os.environ)
    for run in range(RUNS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "created\n", child.stderr.read() if child.stderr else ""
        wait_for = chance.randint(1, 80)
        reported = 0
        while reported < wait_for:
            line = child.stdout.readline()
            assert line, f"the writer stopped early: {child.stderr.read() if child.stderr else ''}"
            reported += 1
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # Read through the text streams, not communicate(): lines already in their buffers count too.
        rest, errors = child.stdout.read(), child.stderr.read() if child.stderr else ""
        assert child.returncode == -signal.SIGKILL, errors
        # Lines the child printed before it died are committed too.
        reported += sum(1 for line in rest.split("\n") if line and not line.startswith("created"))
        with ShortlistStore(path) as store:
            assert store.recovery_message is None, f"seed {seed}: {store.recovery_message}"
            actual = [(item.product_id, item.note) for item in store.items(f"run {run}")]
            for earlier, items in expected.items():
                assert [(item.product_id, item.note) for item in store.items(earlier)] == items, f"seed {seed}"
        # The kill may land after a commit and before its line was printed: at most one edit more.
        assert actual in (replay(run, reported), replay(run, reported + 1)), f"seed {seed}, run {run}"
        assert len(actual) >= 1
        expected[f"run {run}"] = actual
