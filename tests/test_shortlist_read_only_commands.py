"""`shortlist list`, `show` and `export` only read: they open the store read-only, so they work
on a full disk and do not wait while another window is saving (WAL lets readers go on)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.store import STORE_NAME, ShortlistStore

WRITER = textwrap.dedent(
    """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE item SET note = 'being edited'")
    print("writing", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    """
)


@pytest.fixture
def store_path(user_home: Path) -> Path:
    catalog = load_bundled_catalog()
    with ShortlistStore(user_home / STORE_NAME) as store:
        store.create("Client A")
        store.add("Client A", product_record(catalog.frame, 0), note="try in work boots first")
    return user_home / STORE_NAME


@pytest.fixture
def writer(store_path: Path) -> Iterator[None]:
    """Another process in the middle of saving: it holds the write lock until the test ends."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    yield
    child.communicate("\n", timeout=30)


@pytest.mark.parametrize(
    "args",
    [["list"], ["show", " Client  A "], ["export", "Client A", "--to", "{tmp}/picks.csv"]],
    ids=["list", "show", "export"],
)
def test_reading_commands_do_not_wait_for_a_window_that_is_saving(
    writer: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    load_bundled_catalog()  # warm: the figure is about the store, not about reading the catalog
    began = time.perf_counter()
    code = main(["shortlist", *[arg.format(tmp=tmp_path) for arg in args]])
    took = time.perf_counter() - began
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == "" or (err.startswith("note: ") and "Traceback" not in err)
    assert took < 2, f"{args[0]} took {took:.2f} s"
    if args[0] == "export":
        assert "try in work boots first" in (tmp_path / "picks.csv").read_text(encoding="utf-8")
    else:
        assert "Client A" in out or "try in work boots first" in out


FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    from catalog_app.cli.main import main
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file may grow: the disk is full
    sys.exit(main(["shortlist", *sys.argv[1:]]))
    """
)


@pytest.mark.parametrize("args", [["list"], ["show", "Client A"]], ids=["list", "show"])
def test_reading_commands_work_on_a_full_disk_and_move_nothing_aside(
    store_path: Path, user_home: Path, args: list[str]
) -> None:
    before = store_path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, *args],
        capture_output=True,  # pipes: the size limit would stop output to a file too
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "INSOLE_CATALOG_HOME": str(user_home)},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Client A (1 product)" in result.stdout or "try in work boots first" in result.stdout
    assert not [path for path in user_home.iterdir() if ".corrupt-" in path.name]
    assert store_path.read_bytes() == before


def test_a_damaged_store_another_window_has_open_gives_one_sentence_and_is_left_alone(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = ShortlistStore(store_path)  # another window, still open
    try:
        store_path.write_bytes(b"garbage that is not a database" * 100)
        assert main(["shortlist", "list"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("insole-catalog: Shortlists are unavailable because") and "\n" not in err
        assert store_path.read_bytes() == b"garbage that is not a database" * 100
        assert not [path for path in store_path.parent.iterdir() if ".corrupt-" in path.name]
    finally:
        window.close()
