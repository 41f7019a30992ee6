"""Named shortlists of products with notes, kept in SQLite in the user's data folder.

Durability: WAL journal with `synchronous=FULL`, so every change is its own transaction that is
on disk when the call returns. NORMAL would survive a killed app but could lose the last few
changes on a power cut or machine crash, which is exactly the "machine crashed in between" case
a clinic assistant cares about; an fsync per edit costs nothing a person can notice.

Safety: a file that is not a readable shortlist store (garbage, truncated, corrupt, or written by
a newer version) is never written over: it is renamed aside with a timestamp and a fresh store is
started, and `recovery_message` says what happened and where the old file went.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.storage.user_data import user_data_dir

if TYPE_CHECKING:
    from catalog_app.io.catalog import Catalog

STORE_NAME = "shortlists.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000
MAX_NAME_LENGTH = 100
IN_USE_MESSAGE = "The shortlist store is in use by another Insole Catalog window; try again in a moment."

SCHEMA = """
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
EXPECTED_TABLES = {"shortlist", "item"}


class ShortlistError(Exception):
    """A shortlist operation that cannot be done; the message is one plain sentence."""


@dataclass(frozen=True)
class ShortlistItem:
    """One pick: the product id, the user's note, and what the product looked like when added."""

    product_id: str
    name: str
    brand: str
    price: float | None
    currency: str
    note: str = ""
    added: str = ""  # ISO 8601 date and time, local time with offset
    position: int = 0

    @property
    def added_date(self) -> str:
        return self.added[:10]

    def price_text(self) -> str:
        return format_money(self.price, self.currency)


class ShortlistStore:
    def __init__(self, path: Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path) if path is not None else user_data_dir() / STORE_NAME
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = False
        self.recovery_message: str | None = None
        self.read_only_message: str | None = None
        self.moved_aside: list[Path] = []
        self._connection: sqlite3.Connection | None = self._open()

    # ---- messages for the UI and the command line ---------------------------------------------

    @property
    def message(self) -> str | None:
        """Whatever the user should be told about the store itself (recovery, read-only)."""
        parts = [text for text in (self.recovery_message, self.read_only_message) if text]
        return " ".join(parts) if parts else None

    # ---- lists ---------------------------------------------------------------------------------

    def list_names(self) -> list[str]:
        rows = self._read("SELECT name FROM shortlist ORDER BY created, id")
        return [row[0] for row in rows]

    def exists(self, name: str) -> bool:
        return bool(self._read("SELECT 1 FROM shortlist WHERE name = ?", (name,)))

    def create(self, name: str, profile: FootProfile | None = None) -> str:
        """Create an empty list; returns the name as stored (surrounding spaces removed)."""
        name = _clean_name(name)
        with self._write() as cursor:
            if _list_id(cursor, name) is not None:
                raise ShortlistError(f"There is already a shortlist called '{name}'.")
            cursor.execute(
                "INSERT INTO shortlist (name, profile, created) VALUES (?, ?, ?)",
                (name, _profile_json(profile), _now()),
            )
        return name

    def rename(self, old: str, new: str) -> str:
        new = _clean_name(new)
        with self._write() as cursor:
            list_id = self._require_list(cursor, old)
            if new == old:
                return new
            if _list_id(cursor, new) is not None:
                raise ShortlistError(f"There is already a shortlist called '{new}'.")
            cursor.execute("UPDATE shortlist SET name = ? WHERE id = ?", (new, list_id))
        return new

    def delete(self, name: str) -> None:
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            cursor.execute("DELETE FROM shortlist WHERE id = ?", (list_id,))

    def restore_list(
        self, name: str, profile: FootProfile | None, items: Sequence[ShortlistItem], *, created: str | None = None
    ) -> None:
        """Put back a deleted list with its items, notes and dates in one transaction (undo)."""
        name = _clean_name(name)
        with self._write() as cursor:
            if _list_id(cursor, name) is not None:
                raise ShortlistError(f"There is already a shortlist called '{name}'.")
            cursor.execute(
                "INSERT INTO shortlist (name, profile, created) VALUES (?, ?, ?)",
                (name, _profile_json(profile), created or _now()),
            )
            list_id = int(cursor.lastrowid or 0)
            for position, item in enumerate(sorted(items, key=lambda each: each.position)):
                _insert_item(cursor, list_id, replace(item, position=position))

    def created(self, name: str) -> str:
        rows = self._read("SELECT created FROM shortlist WHERE name = ?", (name,))
        if not rows:
            raise ShortlistError(_unknown_list(name))
        return str(rows[0][0])

    def profile(self, name: str) -> FootProfile | None:
        rows = self._read("SELECT profile FROM shortlist WHERE name = ?", (name,))
        if not rows:
            raise ShortlistError(_unknown_list(name))
        text = rows[0][0]
        if not text:
            return None
        try:
            return FootProfile.from_json(text)
        except ValueError:
            # A profile written by another version that this one cannot read: the items still matter more.
            return None

    def set_profile(self, name: str, profile: FootProfile | None) -> None:
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            cursor.execute("UPDATE shortlist SET profile = ? WHERE id = ?", (_profile_json(profile), list_id))

    # ---- items ---------------------------------------------------------------------------------

    def items(self, name: str) -> list[ShortlistItem]:
        with self._read_transaction() as cursor:
            list_id = self._require_list(cursor, name)
            return _read_items(cursor, list_id)

    def add(self, name: str, product: Mapping[str, Any] | ShortlistItem, note: str = "") -> ShortlistItem:
        """Append a product (a `product_record` dict) to the list, keeping a snapshot of it."""
        snapshot = _snapshot(product, note)
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            if _item_exists(cursor, list_id, snapshot.product_id):
                raise ShortlistError(f"{snapshot.name} is already on the shortlist '{name}'.")
            count = cursor.execute("SELECT COUNT(*) FROM item WHERE shortlist_id = ?", (list_id,)).fetchone()[0]
            item = replace(snapshot, position=int(count), added=_now())
            _insert_item(cursor, list_id, item)
        return item

    def insert(self, name: str, item: ShortlistItem) -> None:
        """Put an item back at its position with its own note and date (undo of a removal)."""
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            if _item_exists(cursor, list_id, item.product_id):
                raise ShortlistError(f"{item.name} is already on the shortlist '{name}'.")
            ids = _ordered_ids(cursor, list_id)
            position = max(0, min(item.position, len(ids)))
            _insert_item(cursor, list_id, replace(item, position=position))
            ids.insert(position, item.product_id)
            _renumber(cursor, list_id, ids)

    def remove(self, name: str, product_id: str) -> ShortlistItem:
        """Remove an item; returns it as it was (for undo)."""
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            ids = _ordered_ids(cursor, list_id)
            if product_id not in ids:
                raise ShortlistError(_unknown_item(name, product_id))
            removed = _read_items(cursor, list_id)[ids.index(product_id)]
            cursor.execute("DELETE FROM item WHERE shortlist_id = ? AND product_id = ?", (list_id, product_id))
            ids.remove(product_id)
            _renumber(cursor, list_id, ids)
        return removed

    def set_note(self, name: str, product_id: str, note: str) -> None:
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            cursor.execute(
                "UPDATE item SET note = ? WHERE shortlist_id = ? AND product_id = ?",
                (str(note), list_id, product_id),
            )
            if cursor.rowcount == 0:
                raise ShortlistError(_unknown_item(name, product_id))

    def move(self, name: str, product_id: str, new_position: int) -> int:
        """Move an item to `new_position` (0 = first; clamped to the list); returns the position used."""
        with self._write() as cursor:
            list_id = self._require_list(cursor, name)
            ids = _ordered_ids(cursor, list_id)
            if product_id not in ids:
                raise ShortlistError(_unknown_item(name, product_id))
            ids.remove(product_id)
            position = max(0, min(int(new_position), len(ids)))
            ids.insert(position, product_id)
            _renumber(cursor, list_id, ids)
        return position

    def check_against(self, name: str, catalog: Catalog) -> list[str]:
        """One sentence per item whose product left the catalog or changed since it was added."""
        return list(item_changes(self.items(name), catalog).values())

    # ---- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    connection.execute("PRAGMA optimize")
            connection.close()

    def __enter__(self) -> ShortlistStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- internals: opening --------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        folder = self.path.parent
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        if not can_write(folder):
            return self._open_read_only(folder)
        if self.path.exists() and not can_write(self.path):
            return self._open_read_only(self.path)
        problem = self._inspect() if self.path.exists() and self.path.stat().st_size > 0 else None
        if problem is not None:
            aside = self._move_aside()
            self.recovery_message = (
                f"The shortlist file could not be used because {problem}. It was kept as {aside.name} "
                f"in {aside.resolve().parent} and a new, empty shortlist store was started."
            )
        connection = None
        try:
            connection = self._connect(self.path)
            _create_schema_if_new(connection)
        except sqlite3.Error as error:
            _close_quietly(connection)
            if _is_busy(error):
                raise ShortlistError(IN_USE_MESSAGE) from None
            if _is_read_only(error):
                return self._open_read_only(self.path)
            raise ShortlistError(f"The shortlist store {self.path} cannot be opened ({error}).") from None
        return connection

    def _inspect(self) -> str | None:
        """Why the existing file cannot be used, or None.

        Read-only, so that a damaged file and its journal stay exactly as they are until moved aside.
        """
        connection = None
        try:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            return _check_store(connection)
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise ShortlistError(IN_USE_MESSAGE) from None
            return f"it could not be read ({error})"
        except sqlite3.DatabaseError as error:
            return f"it is not a readable shortlist store ({error})"
        finally:
            _close_quietly(connection)

    def _connect(self, path: Path) -> sqlite3.Connection:
        # Autocommit mode: each change opens its own BEGIN IMMEDIATE ... COMMIT below.
        connection = sqlite3.connect(path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _open_read_only(self, unwritable: Path, why: str = "") -> sqlite3.Connection:
        self.read_only = True
        why = why or "it cannot be written to"
        self.read_only_message = (
            f"Shortlists are read-only because {why} ({unwritable.resolve()}); "
            "changes cannot be saved until it can be written again."
        )
        if self.path.exists():
            for uri in (f"{self.path.resolve().as_uri()}?mode=ro", f"{self.path.resolve().as_uri()}?immutable=1"):
                try:
                    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
                    connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
                    problem = _check_store(connection)
                except sqlite3.DatabaseError:
                    continue
                if problem is None and _table_names(connection) >= EXPECTED_TABLES:
                    return connection
                connection.close()
                self.read_only_message += " The shortlist file there could not be read."
                break
        # Nothing readable: an empty store in memory, so the app still runs.
        connection = sqlite3.connect(":memory:", isolation_level=None)
        connection.executescript(SCHEMA)
        return connection

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            self.path.replace(aside)
            # The journal files belong to the old file: a stale WAL must never be replayed into the new one.
            for suffix in ("-wal", "-shm", "-journal"):
                sidecar = self.path.with_name(self.path.name + suffix)
                if sidecar.exists():
                    sidecar.replace(aside.with_name(aside.name + suffix))
        except OSError as error:
            raise ShortlistError(
                f"The shortlist file {self.path} cannot be read and could not be moved aside ({error.strerror})."
            ) from None
        self.moved_aside.append(aside)
        return aside

    # ---- internals: transactions ---------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ShortlistError("The shortlist store is closed.")
        return self._connection

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Cursor]:
        if self.read_only:
            raise ShortlistError(self.read_only_message or "The shortlist store is read-only.")
        cursor = self._db.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _as_shortlist_error(error) from None
        try:
            yield cursor
            cursor.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                cursor.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise _as_shortlist_error(error) from None
            raise
        finally:
            cursor.close()

    @contextlib.contextmanager
    def _read_transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._db.cursor()
        try:
            cursor.execute("BEGIN")
            yield cursor
        except sqlite3.Error as error:
            raise _as_shortlist_error(error) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                cursor.execute("COMMIT")
            cursor.close()

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise _as_shortlist_error(error) from None

    def _require_list(self, cursor: sqlite3.Cursor, name: str) -> int:
        list_id = _list_id(cursor, name)
        if list_id is None:
            raise ShortlistError(_unknown_list(name))
        return list_id


def item_changes(items: Sequence[ShortlistItem], catalog: Catalog) -> dict[str, str]:
    """product id -> a sentence saying how the catalog differs from the snapshot (only changed items)."""
    from catalog_app.model.catalog_frame import product_record

    changes: dict[str, str] = {}
    for item in items:
        position = catalog.position_of(item.product_id)
        if position is None:
            changes[item.product_id] = f"{item.name} is no longer in the catalog; the shortlist keeps what it was."
            continue
        record = product_record(catalog.frame, position)
        sentences = []
        if record["name"] != item.name:
            sentences.append(f"{item.name} is now called {record['name']}")
        raw_price, currency = record["price"], str(record["currency"])
        price = None if raw_price is None else float(raw_price)  # type: ignore[arg-type]
        if not _same_price(item.price, item.currency, price, currency):
            sentences.append(
                f"{item.name}'s price changed from {format_money(item.price, item.currency)} "
                f"to {format_money(price, currency)}"
            )
        if sentences:
            changes[item.product_id] = "; ".join(sentences) + "."
    return changes


def can_write(path: Path) -> bool:
    """Whether this process may write `path` (a separate function so tests can stand in for a read-only disk)."""
    return os.access(path, os.W_OK)


# ---- helpers -----------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ShortlistError("A shortlist needs a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ShortlistError(f"A shortlist name can be at most {MAX_NAME_LENGTH} characters long.")
    return cleaned


def _profile_json(profile: FootProfile | None) -> str | None:
    return None if profile is None else profile.to_json()


def _unknown_list(name: str) -> str:
    return f"There is no shortlist called '{name}'."


def _unknown_item(name: str, product_id: str) -> str:
    return f"The shortlist '{name}' has no product with id '{product_id}'."


def _same_price(old: float | None, old_currency: str, new: float | None, new_currency: str) -> bool:
    if old_currency != new_currency:
        return False
    if old is None or new is None:
        return old is None and new is None
    return round(old, 2) == round(new, 2)


def _snapshot(product: Mapping[str, Any] | ShortlistItem, note: str) -> ShortlistItem:
    if isinstance(product, ShortlistItem):
        return replace(product, note=note or product.note)
    try:
        product_id = str(product["id"])
    except KeyError:
        raise ShortlistError("The product to add has no id.") from None
    price = product.get("price")
    return ShortlistItem(
        product_id=product_id,
        name=str(product.get("name") or product_id),
        brand=str(product.get("brand") or ""),
        price=None if price is None else float(price),
        currency=str(product.get("currency") or ""),
        note=str(note),
    )


def _list_id(cursor: sqlite3.Cursor, name: str) -> int | None:
    row = cursor.execute("SELECT id FROM shortlist WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def _item_exists(cursor: sqlite3.Cursor, list_id: int, product_id: str) -> bool:
    row = cursor.execute(
        "SELECT 1 FROM item WHERE shortlist_id = ? AND product_id = ?", (list_id, product_id)
    ).fetchone()
    return row is not None


def _read_items(cursor: sqlite3.Cursor, list_id: int) -> list[ShortlistItem]:
    rows = cursor.execute(
        "SELECT product_id, name, brand, price, currency, note, added FROM item "
        "WHERE shortlist_id = ? ORDER BY position, added",
        (list_id,),
    ).fetchall()
    return [
        ShortlistItem(
            product_id=row[0],
            name=row[1],
            brand=row[2],
            price=row[3],
            currency=row[4],
            note=row[5],
            added=row[6],
            position=index,
        )
        for index, row in enumerate(rows)
    ]


def _close_quietly(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        with contextlib.suppress(sqlite3.Error):
            connection.close()


def _ordered_ids(cursor: sqlite3.Cursor, list_id: int) -> list[str]:
    rows = cursor.execute(
        "SELECT product_id FROM item WHERE shortlist_id = ? ORDER BY position, added", (list_id,)
    ).fetchall()
    return [row[0] for row in rows]


def _renumber(cursor: sqlite3.Cursor, list_id: int, ids: Sequence[str]) -> None:
    cursor.executemany(
        "UPDATE item SET position = ? WHERE shortlist_id = ? AND product_id = ?",
        [(position, list_id, product_id) for position, product_id in enumerate(ids)],
    )


def _insert_item(cursor: sqlite3.Cursor, list_id: int, item: ShortlistItem) -> None:
    cursor.execute(
        "INSERT INTO item (shortlist_id, product_id, position, note, added, name, brand, price, currency) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            list_id,
            item.product_id,
            item.position,
            item.note,
            item.added or _now(),
            item.name,
            item.brand,
            item.price,
            item.currency,
        ),
    )


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def _check_store(connection: sqlite3.Connection) -> str | None:
    """None when the file is a usable store (or empty); otherwise why it is not, as a clause."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        return f"it was written by a newer version of Insole Catalog (store version {version})"
    check = connection.execute("PRAGMA quick_check").fetchall()
    if [row[0] for row in check] != ["ok"]:
        return "it is damaged"
    tables = _table_names(connection)
    if version == 0 and tables:
        return "it holds something other than shortlists"
    if version == SCHEMA_VERSION and not tables >= EXPECTED_TABLES:
        return "it is missing the shortlist tables"
    return None


def _create_schema_if_new(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _is_read_only(error: sqlite3.Error) -> bool:
    return "readonly" in str(error).lower() or "read-only" in str(error).lower()


def _as_shortlist_error(error: sqlite3.Error) -> ShortlistError:
    if _is_busy(error):
        return ShortlistError(IN_USE_MESSAGE)
    if _is_read_only(error):
        return ShortlistError("The shortlist store is read-only, so the change was not saved.")
    if "disk" in str(error).lower() and "full" in str(error).lower():
        return ShortlistError("The disk is full, so the change to the shortlist was not saved.")
    return ShortlistError(f"The shortlist store could not be changed ({error}).")
