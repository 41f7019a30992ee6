"""Memory a large load frees goes back to the system instead of staying beside the catalog:
the cells as read are dropped once checked, pyarrow keeps freed blocks only while it parses, and
the shortlist store does not bring the charts' matplotlib with it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from catalog_app.finder import finder
from catalog_app.io import allocators
from catalog_app.io.catalog import bundled_catalog_path, load_catalog
from catalog_app.io.reader import read_catalog_file
from catalog_app.validation.validate import validate_table


def test_checking_with_drop_cells_gives_the_same_catalog_and_lets_go_of_the_cells() -> None:
    kept_raw, dropped_raw = read_catalog_file(bundled_catalog_path()), read_catalog_file(bundled_catalog_path())
    kept_frame, kept_report = validate_table(kept_raw)
    dropped_frame, dropped_report = validate_table(dropped_raw, drop_cells=True)
    pd.testing.assert_frame_equal(dropped_frame, kept_frame)
    assert dropped_report == kept_report
    assert len(dropped_raw) == len(kept_raw)  # the row count and row numbers stay
    with pytest.raises(RuntimeError, match="dropped"):
        _ = dropped_raw.arrow
    assert len(kept_raw.arrow) == len(kept_raw)  # without drop_cells nothing changes


def test_a_file_with_bad_rows_is_reported_as_before_when_its_cells_are_dropped(tmp_path: Path) -> None:
    lines = bundled_catalog_path().read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken = [*lines[:4], lines[4].replace(lines[4].split(",")[header.index("price")], "-5", 1), *lines[5:]]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    loaded = load_catalog(path)  # drops the cells
    checked_frame, checked_report = validate_table(read_catalog_file(path))
    assert loaded.report.errors == checked_report.errors
    assert loaded.report.errors, "the broken price is reported"
    pd.testing.assert_frame_equal(loaded.frame, checked_frame)


def test_freed_blocks_are_kept_only_while_some_parse_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancelled load still parsing beside a new one: the first to end must not make the other's
    parse give its blocks back (and fault them in again); the last to end gives everything back."""
    decays: list[int] = []
    monkeypatch.setattr(allocators, "_decided", True)
    monkeypatch.setattr(allocators, "_jemalloc", True)
    monkeypatch.setattr(allocators, "_parsing", 0)
    monkeypatch.setattr("pyarrow.jemalloc_set_decay_ms", decays.append)
    first_started, first_may_end = threading.Event(), threading.Event()

    def first_parse() -> None:
        with allocators.parsing():
            first_started.set()
            first_may_end.wait()

    thread = threading.Thread(target=first_parse)
    thread.start()
    first_started.wait()
    with allocators.parsing():
        first_may_end.set()
        thread.join()
        assert decays == [allocators.KEEP_WHILE_PARSING_MS]  # still parsing: nothing given back yet
    assert decays == [allocators.KEEP_WHILE_PARSING_MS, 0]


def test_opening_the_shortlist_store_does_not_import_matplotlib() -> None:
    code = "import sys, catalog_app.shortlist.store, catalog_app.shortlist.export; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "False"


RESIDENT_AFTER_FREEING = """
import numpy as np
from catalog_app.io.allocators import give_back_freed_memory

def resident_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

first = np.ones(16 << 20, dtype=np.uint8)
del first  # malloc now keeps arrays up to 16 MB in its heap rather than pages of their own
arrays = [np.ones(1 << 20, dtype=np.uint8) for _ in range(120)]
del arrays[:-1]  # 119 MB free in the heap, under the one array still in use
before = resident_mb()
give_back_freed_memory()
print(before - resident_mb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap: Linux only")
def test_memory_freed_in_the_heap_goes_back_to_the_system() -> None:
    """What a large load's temporaries leave free in malloc's heap stays resident until given back."""
    result = subprocess.run(
        [sys.executable, "-c", RESIDENT_AFTER_FREEING], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert float(result.stdout) > 80  # MB no longer resident


def test_the_warm_up_gives_back_what_it_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    given_back: list[bool] = []
    monkeypatch.setattr(finder, "give_back_freed_memory", lambda: given_back.append(True))
    catalog = load_catalog(bundled_catalog_path())
    finder.warm_ranks(catalog)
    finder.warm_search(catalog)
    assert given_back == [True, True]  # after the ranks, and after the search texts (two threads in the app)
