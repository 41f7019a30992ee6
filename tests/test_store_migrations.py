"""Stores move to the newest schema on open without losing anything; a store at the newest schema
opens without loading Alembic; notes carry a version so that two desks never overwrite each other."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_app.shortlist.store import (
    SCHEMA_VERSION,
    STORE_NAME,
    NoteConflictError,
    ShortlistError,
    ShortlistStore,
)
from catalog_app.storage.migrations import head_revision, revisions

# The schema every store had before migrations (user_version 1), exactly as that version wrote it.
V1_SCHEMA = """
CREATE TABLE shortlist (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    profile TEXT,
    created TEXT NOT NULL
);
CREATE TABLE item (
    shortlist_id INTEGER NOT NULL REFERENCES shortlist(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL,
    name TEXT NOT NULL,
    brand TEXT NOT NULL,
    price REAL,
    currency TEXT NOT NULL,
    PRIMARY KEY (shortlist_id, product_id)
);
CREATE INDEX item_order ON item (shortlist_id, position);
"""
PROFILE_JSON = '{"arch": "flat", "shoe_types": ["work-boots"]}'


def write_v1_store(path: Path) -> None:
    """A store as the version before migrations left it: two lists, notes, an order, a profile."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.executescript(V1_SCHEMA)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("BEGIN")
    raw.execute(
        "INSERT INTO shortlist (id, name, profile, created) VALUES (1, 'Client A', ?, '2026-03-01T10:00:00+01:00')",
        (PROFILE_JSON,),
    )
    raw.execute(
        "INSERT INTO shortlist (id, name, profile, created) VALUES (2, ?, NULL, '2026-03-02T09:00:00+01:00')",
        ("Ｒｕｎｎｉｎｇ club",),
    )
    rows = [
        (1, "p-3", 0, "try in work boots first", "2026-03-01T10:05:00+01:00", "Third", "Acme", 29.5, "EUR"),
        (1, "p-1", 1, "", "2026-03-01T10:01:00+01:00", "First", "Acme", None, "EUR"),
        (1, "p-2", 2, "second choice\nif the first rubs", "2026-03-01T10:02:00+01:00", "Second", "Brand", 12.0, "USD"),
        (2, "p-1", 0, "for the 10k", "2026-03-02T09:01:00+01:00", "First", "Acme", None, "EUR"),
    ]
    raw.executemany(
        "INSERT INTO item (shortlist_id, product_id, position, note, added, name, brand, price, currency) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    raw.execute("COMMIT")
    raw.close()


def assert_v1_contents(store: ShortlistStore) -> None:
    assert store.list_names() == ["Client A", "Ｒｕｎｎｉｎｇ club"]
    items = store.items("Client A")
    assert [(item.product_id, item.note, item.position, item.version) for item in items] == [
        ("p-3", "try in work boots first", 0, 1),
        ("p-1", "", 1, 1),
        ("p-2", "second choice\nif the first rubs", 2, 1),
    ]
    assert (items[0].name, items[0].brand, items[0].price, items[0].currency) == ("Third", "Acme", 29.5, "EUR")
    assert items[1].price is None and items[0].added == "2026-03-01T10:05:00+01:00"
    profile = store.profile("Client A")
    assert profile is not None and profile.arch == "flat"
    assert store.created("Client A") == "2026-03-01T10:00:00+01:00"
    assert [item.note for item in store.items("Running club")] == ["for the 10k"]  # found by its plain spelling


def test_a_store_written_before_migrations_opens_with_every_list_item_and_note(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    write_v1_store(path)
    with ShortlistStore(path) as store:
        assert store.message is None and not store.read_only
        assert_v1_contents(store)
        store.set_note("Client A", "p-1", "now with a note")
        store.add("Running club", {"id": "p-9", "name": "Ninth", "price": 5.0, "currency": "EUR"})
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
        assert raw.execute("SELECT name_key FROM shortlist ORDER BY id").fetchall() == [
            ("Client A",),
            ("Running club",),
        ]
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()
    with ShortlistStore(path) as again:
        assert [item.note for item in again.items("Client A")][1] == "now with a note"
        assert [item.version for item in again.items("Client A")] == [1, 2, 1]


def test_a_store_before_migrations_opened_read_only_is_read_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    write_v1_store(path)
    before = path.read_bytes()
    with ShortlistStore(path, read_only=True) as store:
        assert store.message is None
        assert_v1_contents(store)
        with pytest.raises(ShortlistError):
            store.create("B")
    assert path.read_bytes() == before


def test_the_revisions_are_the_contracts_and_the_head_is_the_newest() -> None:
    assert revisions()[:2] == ("0001_shortlists", "0002_desks")
    assert head_revision() == revisions()[-1]


def test_a_store_at_the_newest_schema_opens_without_loading_alembic(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    ShortlistStore(path).close()
    script = (
        "import sys, time; from pathlib import Path; from catalog_app.shortlist.store import ShortlistStore; "
        "began = time.perf_counter(); store = ShortlistStore(Path(sys.argv[1])); "
        "print(round((time.perf_counter() - began) * 1000, 1), 'alembic' in sys.modules); store.close()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    milliseconds, alembic_loaded = result.stdout.split()
    print(f"\nopen at head in a new process: {milliseconds} ms")
    assert alembic_loaded == "False"


def test_a_note_changed_elsewhere_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    with ShortlistStore(path) as front, ShortlistStore(path) as room:
        front.create("A")
        added = front.add("A", {"id": "x", "name": "Gel heel", "price": 9.0, "currency": "EUR"}, note="first")
        assert added.version == 1
        seen_in_room = room.items("A")[0]
        saved = front.set_note("A", "x", "front desk's text", expected_version=added.version)
        assert (saved.note, saved.version) == ("front desk's text", 2)
        with pytest.raises(NoteConflictError) as conflict:
            room.set_note("A", "x", "room 2's text", expected_version=seen_in_room.version)
        assert conflict.value.theirs.note == "front desk's text" and conflict.value.theirs.version == 2
        assert str(conflict.value).endswith(".")
        assert room.items("A")[0].note == "front desk's text"
        kept = room.set_note("A", "x", "room 2's text", expected_version=conflict.value.theirs.version)
        assert (kept.note, kept.version) == ("room 2's text", 3)
        assert front.set_note("A", "x", "no check").version == 4  # without expected_version: last save wins
