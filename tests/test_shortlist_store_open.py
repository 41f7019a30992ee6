"""Opening the shortlist store when something is wrong around it: another process holds it, its
journal vanished, it is damaged while open, or a name is spelled differently. Nothing is moved
aside while another window has the file open, and nothing the user saved is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from catalog_app.shortlist.store import STORE_NAME, ShortlistError, ShortlistStore, normalise_name

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from catalog_app.shortlist.store import ShortlistStore
    store = ShortlistStore(Path(sys.argv[1]))
    store.create("Client A")
    store.add("Client A", {"id": "first", "name": "First", "price": 1.0, "currency": "USD"})
    print("open", flush=True)
    sys.stdin.readline()
    store.add("Client A", {"id": "second", "name": "Second", "price": 2.0, "currency": "USD"})
    store.close()
    print("closed", flush=True)
    """
)

LOCK_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("INSERT INTO shortlist (name, created) VALUES ('Half-made list', '2026-01-01')")
    print("locked", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    """
)


def start(script: str, store_path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(store_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() in {"open", "locked"}
    return child


def aside_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".corrupt-" in path.name)


def test_a_journal_deleted_while_another_process_has_the_store_open_moves_nothing_aside(tmp_path: Path) -> None:
    store_path = tmp_path / STORE_NAME
    child = start(HOLDER, store_path)
    Path(f"{store_path}-wal").unlink()
    with ShortlistStore(store_path) as second:
        assert second.read_only and second.moved_aside == []
        assert "another Insole Catalog window or command has the shortlist store open" in (second.message or "")
        with pytest.raises(ShortlistError):
            second.create("B")
    out, _ = child.communicate("\n", timeout=60)
    assert out.strip() == "closed" and child.returncode == 0
    assert aside_files(tmp_path) == []
    with ShortlistStore(store_path) as later:  # the first window's items all ended in the store
        assert later.message is None
        assert [item.product_id for item in later.items("Client A")] == ["first", "second"]


def test_a_store_damaged_while_another_store_has_it_open_is_left_until_that_one_closes(tmp_path: Path) -> None:
    store_path = tmp_path / STORE_NAME
    with ShortlistStore(store_path) as setup:
        setup.create("Client A")
    first = ShortlistStore(store_path)
    store_path.write_bytes(b"garbage that is not a database" * 200)
    second = ShortlistStore(store_path)
    try:
        assert second.read_only and not second.available and second.moved_aside == []
        assert "has it open, so it was left as it is" in (second.message or "")
        assert aside_files(tmp_path) == []
        first.close()
        assert second.try_writable()  # now nobody else has it: the usual recovery
        assert len(second.moved_aside) == 1 and second.recovery_message
        second.create("Fresh start")
    finally:
        first.close()
        second.close()


def test_an_io_error_is_not_taken_for_a_damaged_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import catalog_app.shortlist.store as store_module

    store_path = tmp_path / STORE_NAME
    with ShortlistStore(store_path) as setup:
        setup.create("Client A")

    def failing_check(connection: sqlite3.Connection) -> str | None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "_check_store", failing_check)
    with ShortlistStore(store_path) as store:
        assert store.read_only and store.moved_aside == [] and store.retryable
    assert aside_files(tmp_path) == []


def test_a_store_locked_for_long_opens_read_only_without_waiting_long_and_retries(tmp_path: Path) -> None:
    store_path = tmp_path / STORE_NAME
    with ShortlistStore(store_path) as setup:
        setup.create("Client A")
    child = start(LOCK_HOLDER, store_path)
    try:
        began = time.perf_counter()
        store = ShortlistStore(store_path, open_wait_ms=200)
        opened_in = time.perf_counter() - began
        assert store.read_only and store.retryable
        assert (
            store.message == "Shortlists are read-only for now because another program is changing the shortlist store."
        )
        assert store.list_names() == ["Client A"]  # the last committed state, not the half-made list
        assert not store.try_writable()
        assert opened_in < 2
    finally:
        child.communicate("\n", timeout=60)
    assert store.try_writable()
    assert store.message is None
    store.create("B")
    assert store.list_names() == ["Client A", "B"]
    store.close()


# ---- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Client   A ", "Client A"),
        ("Client\tA", "Client A"),
        ("Ｃｌｉｅｎｔ Ａ", "Client A"),  # full-width letters (NFKC)
        ("Client\u00a0A", "Client A"),  # no-break space
        ("\u200bClient A\u200b", "Client A"),  # zero-width spaces at the ends
        ("Client\u3000A", "Client A"),  # ideographic space
    ],
)
def test_every_spelling_of_a_name_finds_the_same_list(tmp_path: Path, typed: str, stored: str) -> None:
    assert normalise_name(typed) == stored
    with ShortlistStore(tmp_path / STORE_NAME) as store:
        assert store.create("Client A") == "Client A"
        assert store.exists(typed)
        with pytest.raises(ShortlistError, match="There is already a shortlist called 'Client A'"):
            store.create(typed)
        store.add(typed, {"id": "x", "name": "X", "price": 1.0, "currency": "USD"})
        assert [item.product_id for item in store.items(typed)] == ["x"]
        assert store.created(typed) and store.profile(typed) is None
        assert store.rename(typed, " Client  B ") == "Client B"
        assert store.list_names() == ["Client B"]


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200d\u2060", "\ufeff \u200c", "\u3164", "\u2800\u200e"])
def test_a_name_of_invisible_characters_only_is_refused_with_a_sentence(tmp_path: Path, name: str) -> None:
    with ShortlistStore(tmp_path / STORE_NAME) as store:
        with pytest.raises(ShortlistError) as refused:
            store.create(name)
        assert str(refused.value) == "A shortlist name needs at least one visible character."
        store.create("A")
        with pytest.raises(ShortlistError, match="at least one visible character"):
            store.rename("A", name)
        assert store.list_names() == ["A"]


def test_a_name_stored_by_an_older_version_is_still_found(tmp_path: Path) -> None:
    import sqlite3

    store_path = tmp_path / STORE_NAME
    with ShortlistStore(store_path) as setup:
        setup.create("placeholder")
    raw = sqlite3.connect(store_path)
    raw.execute("UPDATE shortlist SET name = 'Ｃｌｉｅｎｔ Ａ'")  # written before names were normalised
    raw.commit()
    raw.close()
    with ShortlistStore(store_path) as store:
        assert store.exists("Client A") and store.exists("Ｃｌｉｅｎｔ Ａ")
        assert store.rename("Client A", "Client A") == "Client A"
        assert store.list_names() == ["Client A"]
