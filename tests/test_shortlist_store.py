"""The shortlist store: lists, items with notes and order, snapshots, and files it must never overwrite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import catalog_app.shortlist.store as shortlist_store
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import SCHEMA_VERSION, STORE_NAME, ShortlistError, ShortlistStore


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / STORE_NAME


@pytest.fixture
def sqlite_store(store_path: Path) -> Iterator[ShortlistStore]:
    opened = ShortlistStore(store_path)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, store_path: Path) -> Iterator[ShortlistStore]:
    """The same behaviour on both backends: an SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        opened = ShortlistStore(store_path)
    else:
        opened = ShortlistStore(database_url=request.getfixturevalue("postgres_url"))
        assert opened.shared and opened.message is None
    yield opened
    opened.close()


def record(catalog: Catalog, position: int) -> dict[str, object]:
    return product_record(catalog.frame, position)


def without_product(catalog: Catalog, product_id: str) -> Catalog:
    frame = catalog.frame[catalog.frame["id"] != product_id].reset_index(drop=True)
    return Catalog(frame=frame, source="shop.csv", report=catalog.report)


def with_price(catalog: Catalog, product_id: str, price: float) -> Catalog:
    frame = catalog.frame.copy()
    frame.loc[frame["id"] == product_id, "price"] = price
    return Catalog(frame=frame, source="shop.csv", report=catalog.report)


def test_default_store_lives_in_the_user_data_folder(user_home: Path) -> None:
    with ShortlistStore() as store:
        store.create("Client A")
    assert (user_home / STORE_NAME).is_file()
    with ShortlistStore() as again:
        assert again.list_names() == ["Client A"]


def test_lists_are_created_renamed_and_deleted_with_unique_names(store: ShortlistStore, catalog: Catalog) -> None:
    store.create("Client A")
    store.create("  Client   B ")  # spaces are tidied, as a person would expect
    assert store.list_names() == ["Client A", "Client B"]
    with pytest.raises(ShortlistError, match=r"^There is already a shortlist called 'Client A'\.$"):
        store.create("Client A")
    with pytest.raises(ShortlistError, match="already a shortlist called 'Client B'"):
        store.rename("Client A", "Client B")
    with pytest.raises(ShortlistError, match="needs a name"):
        store.create("   ")
    store.add("Client A", record(catalog, 0))
    store.rename("Client A", "Client A (March)")
    assert store.list_names() == ["Client A (March)", "Client B"]
    assert [item.product_id for item in store.items("Client A (March)")] == [catalog.frame["id"].iat[0]]
    store.delete("Client A (March)")
    assert store.list_names() == ["Client B"]
    with pytest.raises(ShortlistError, match=r"^There is no shortlist called 'Client A \(March\)'\.$"):
        store.items("Client A (March)")


def reopened(store: ShortlistStore) -> ShortlistStore:
    """The same store opened again, as after a restart of the app."""
    if store.shared:
        return ShortlistStore(database_url=store.database_url)
    assert store.path is not None
    return ShortlistStore(store.path)


def test_items_keep_their_notes_order_and_date_across_a_restart(store: ShortlistStore, catalog: Catalog) -> None:
    with store:
        store.create("Client A")
        for position, note in [(0, "try in work boots first"), (5, ""), (9, "cheapest; ask about sizes")]:
            store.add("Client A", record(catalog, position), note=note)
        store.set_note("Client A", catalog.frame["id"].iat[5], "second choice\nif the first rubs")
        store.move("Client A", catalog.frame["id"].iat[9], 0)
        before = store.items("Client A")
    with reopened(store) as again:
        after = again.items("Client A")
    assert after == before
    assert [item.product_id for item in after] == [catalog.frame["id"].iat[i] for i in (9, 0, 5)]
    assert [item.note for item in after] == [
        "cheapest; ask about sizes",
        "try in work boots first",
        "second choice\nif the first rubs",
    ]
    assert [item.position for item in after] == [0, 1, 2]
    assert all(len(item.added_date) == 10 and item.added_date[4] == "-" for item in after)


def test_snapshot_keeps_name_brand_price_and_currency(store: ShortlistStore, catalog: Catalog) -> None:
    store.create("A")
    item = store.add("A", record(catalog, 1))
    product = record(catalog, 1)
    assert (item.name, item.brand, item.price, item.currency) == (
        product["name"],
        product["brand"],
        product["price"],
        product["currency"],
    )


def test_move_remove_and_errors_are_plain_sentences(store: ShortlistStore, catalog: Catalog) -> None:
    store.create("A")
    ids = [str(catalog.frame["id"].iat[i]) for i in range(4)]
    for position in range(4):
        store.add("A", record(catalog, position))
    assert store.move("A", ids[0], 99) == 3  # clamped to the end
    assert [item.product_id for item in store.items("A")] == [ids[1], ids[2], ids[3], ids[0]]
    removed = store.remove("A", ids[2])
    assert removed.product_id == ids[2]
    assert [item.product_id for item in store.items("A")] == [ids[1], ids[3], ids[0]]
    assert [item.position for item in store.items("A")] == [0, 1, 2]
    with pytest.raises(ShortlistError, match=r"^The shortlist 'A' has no product with id 'nope'\.$"):
        store.remove("A", "nope")
    with pytest.raises(ShortlistError, match="has no product with id 'nope'"):
        store.set_note("A", "nope", "x")
    with pytest.raises(ShortlistError, match="is already on the shortlist 'A'"):
        store.add("A", record(catalog, 1))
    with pytest.raises(ShortlistError, match="no shortlist called 'B'"):
        store.add("B", record(catalog, 1))


def test_removed_item_goes_back_in_its_place_with_its_note(store: ShortlistStore, catalog: Catalog) -> None:
    store.create("A")
    for position in range(3):
        store.add("A", record(catalog, position), note=f"note {position}")
    before = store.items("A")
    removed = store.remove("A", before[1].product_id)
    store.insert("A", removed)
    assert store.items("A") == before


def test_deleted_list_comes_back_whole(store: ShortlistStore, catalog: Catalog) -> None:
    profile = FootProfile(arch="flat", shoe_types=("work-boots",))
    store.create("A", profile)
    for position in range(3):
        store.add("A", record(catalog, position), note=f"note {position}")
    items, created = store.items("A"), store.created("A")
    store.delete("A")
    store.restore_list("A", profile, items, created=created)
    assert store.items("A") == items
    assert store.profile("A") == profile


def test_each_list_remembers_its_profile(store: ShortlistStore) -> None:
    profile = FootProfile(arch="high", pronation="supination", concerns=("heel-pain",), budget=60)
    store.create("A", profile)
    store.create("B")
    assert store.profile("A") == profile
    assert store.profile("B") is None
    store.set_profile("B", profile)
    assert store.profile("B") == profile


def test_an_item_survives_a_catalog_that_drops_or_reprices_it(store: ShortlistStore, catalog: Catalog) -> None:
    store.create("A")
    dropped, repriced, same = (str(catalog.frame["id"].iat[i]) for i in (0, 1, 2))
    for position in range(3):
        store.add("A", record(catalog, position), note="keep")
    name_dropped = str(catalog.frame["name"].iat[0])
    name_repriced = str(catalog.frame["name"].iat[1])
    new_catalog = with_price(without_product(catalog, dropped), repriced, 45.0)
    old_price = float(catalog.frame["price"].iat[1])

    items = store.items("A")
    assert [item.product_id for item in items] == [dropped, repriced, same]
    assert items[0].name == name_dropped and items[0].note == "keep"
    assert store.check_against("A", new_catalog) == [
        f"{name_dropped} is no longer in the catalog; the shortlist keeps what it was.",
        f"{name_repriced}'s price changed from ${old_price:.2f} to $45.00.",
    ]
    assert store.check_against("A", catalog) == []


def test_the_file_has_a_schema_version_wal_and_foreign_keys(sqlite_store: ShortlistStore, catalog: Catalog) -> None:
    store = sqlite_store
    store.create("A")
    store.add("A", record(catalog, 0))
    raw = sqlite3.connect(store.path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        store.delete("A")
        # Deleting a list takes its items with it (ON DELETE CASCADE).
        assert raw.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 0
    finally:
        raw.close()


def _aside_files(folder: Path) -> list[Path]:
    return sorted(
        path for path in folder.iterdir() if ".corrupt-" in path.name and path.name.endswith(tuple("0123456789"))
    )


def test_a_garbage_file_is_moved_aside_not_overwritten(store_path: Path) -> None:
    garbage = b"this is not a database, it is a note somebody saved here\n" * 50
    store_path.write_bytes(garbage)
    with ShortlistStore(store_path) as store:
        assert store.list_names() == []
        store.create("fresh")
        message = store.recovery_message
    [aside] = _aside_files(store_path.parent)
    assert aside.read_bytes() == garbage
    assert aside.name.startswith(f"{STORE_NAME}.corrupt-")
    assert message is not None and aside.name in message and "new, empty shortlist store" in message
    with ShortlistStore(store_path) as again:
        assert again.list_names() == ["fresh"]
        assert again.recovery_message is None


def test_a_truncated_file_is_moved_aside(store_path: Path, catalog: Catalog) -> None:
    with ShortlistStore(store_path) as store:
        for number in range(4):
            store.create(f"list {number}")
            for position in range(40):
                store.add(f"list {number}", record(catalog, position), note="a fairly long note " * 5)
    data = store_path.read_bytes()
    assert len(data) > 8192
    store_path.write_bytes(data[: len(data) // 2])
    with ShortlistStore(store_path) as reopened:
        assert reopened.recovery_message is not None
        assert reopened.list_names() == []
    [aside] = _aside_files(store_path.parent)
    assert aside.read_bytes() == data[: len(data) // 2]


def test_a_file_from_a_newer_version_opens_read_only_and_says_which_version(store_path: Path, catalog: Catalog) -> None:
    with ShortlistStore(store_path) as store:
        store.create("Client A")
        store.add("Client A", record(catalog, 0), note="keep me")
    raw = sqlite3.connect(store_path)
    raw.execute("ALTER TABLE item ADD COLUMN colour TEXT")  # what a newer version might add
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = store_path.read_bytes()
    with ShortlistStore(store_path) as newer:
        assert newer.read_only and newer.available and not newer.retryable
        assert newer.message == (
            "Shortlists are read-only because the shortlist store was written by a newer Insole Catalog "
            f"(store version {SCHEMA_VERSION + 1})."
        )
        assert newer.list_names() == ["Client A"]
        assert [item.note for item in newer.items("Client A")] == ["keep me"]
        with pytest.raises(ShortlistError, match="newer Insole Catalog"):
            newer.create("B")
        assert not newer.try_writable()
    assert _aside_files(store_path.parent) == []
    assert store_path.read_bytes() == before


def test_a_newer_file_this_version_cannot_read_is_kept_and_the_lists_are_unavailable(store_path: Path) -> None:
    raw = sqlite3.connect(store_path)
    raw.execute("CREATE TABLE shortlist_v9 (id INTEGER PRIMARY KEY, payload TEXT)")
    raw.execute("INSERT INTO shortlist_v9 (payload) VALUES ('precious')")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with ShortlistStore(store_path) as store:
        assert store.read_only and not store.available
        assert f"newer Insole Catalog (store version {SCHEMA_VERSION + 1})" in (store.message or "")
        assert store.list_names() == []
    assert _aside_files(store_path.parent) == []
    old = sqlite3.connect(store_path)
    try:
        assert old.execute("SELECT payload FROM shortlist_v9").fetchall() == [("precious",)]
    finally:
        old.close()


def test_a_stale_journal_goes_aside_with_its_file(store_path: Path) -> None:
    store_path.write_bytes(b"garbage" * 100)
    wal = store_path.with_name(STORE_NAME + "-wal")
    wal.write_bytes(b"old journal")
    with ShortlistStore(store_path) as store:
        store.create("fresh")
    [aside] = _aside_files(store_path.parent)
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"old journal"


def test_another_window_holding_the_write_lock_gives_a_clear_error(sqlite_store: ShortlistStore) -> None:
    store = sqlite_store
    store.create("A")
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        store.busy_timeout_ms = 100
        store._db.execute("PRAGMA busy_timeout = 100")
        with pytest.raises(ShortlistError, match="in use by another Insole Catalog window"):
            store.create("B")
        other.execute("ROLLBACK")
    finally:
        other.close()
    store.create("B")
    assert store.list_names() == ["A", "B"]


def test_a_read_only_folder_opens_the_lists_read_only(
    store_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ShortlistStore(store_path) as store:
        store.create("A")
        store.add("A", record(catalog, 0), note="keep me")
    monkeypatch.setattr(shortlist_store, "can_write", lambda path: False)
    with ShortlistStore(store_path) as read_only:
        assert read_only.read_only
        assert "read-only" in (read_only.message or "")
        assert [item.note for item in read_only.items("A")] == ["keep me"]
        with pytest.raises(ShortlistError, match="read-only"):
            read_only.add("A", record(catalog, 1))
        with pytest.raises(ShortlistError, match="read-only"):
            read_only.create("B")
    monkeypatch.undo()
    with ShortlistStore(store_path) as writable:
        assert [item.note for item in writable.items("A")] == ["keep me"]


def test_a_read_only_folder_without_a_file_still_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shortlist_store, "can_write", lambda path: False)
    with ShortlistStore(tmp_path / "missing.sqlite3") as store:
        assert store.read_only and store.list_names() == []
    assert not (tmp_path / "missing.sqlite3").exists()


def test_a_list_whose_positions_have_gaps_is_renumbered_by_the_next_change(tmp_path: Path) -> None:
    """Changes shift only the rows between two places; a list kept with gaps (an older store) is
    written afresh instead, so positions end up 0..n-1 in the order the list had."""
    import sqlite3

    path = tmp_path / "gaps.sqlite3"
    with ShortlistStore(path) as store:
        store.create("Gaps")
        for product_id in ("a", "b", "c", "d"):
            store.add("Gaps", {"id": product_id, "name": product_id.upper(), "currency": "EUR"})
    with sqlite3.connect(path) as raw:
        raw.executemany("UPDATE item SET position = ? WHERE product_id = ?", [(0, "a"), (5, "b"), (7, "c"), (9, "d")])

    def positions() -> list[tuple[str, int]]:
        with sqlite3.connect(path) as raw:
            return raw.execute("SELECT product_id, position FROM item ORDER BY position").fetchall()

    with ShortlistStore(path) as store:
        removed = store.remove("Gaps", "b")
        assert removed.position == 1  # its place in the list, for undo
        assert positions() == [("a", 0), ("c", 1), ("d", 2)]
        store.insert("Gaps", removed)
        assert positions() == [("a", 0), ("b", 1), ("c", 2), ("d", 3)]
        assert store.move("Gaps", "a", 9) == 3
        assert positions() == [("b", 0), ("c", 1), ("d", 2), ("a", 3)]
        assert [item.product_id for item in store.items("Gaps")] == ["b", "c", "d", "a"]
