"""Named shortlists of products with notes, kept in SQLite in the user's data folder.

Durability: WAL journal with `synchronous=FULL`, so every change is its own transaction that is
on disk when the call returns. NORMAL would survive a killed app but could lose the last few
changes on a power cut or machine crash, which is exactly the "machine crashed in between" case
a clinic assistant cares about; an fsync per edit costs nothing a person can notice.

Safety: a file SQLite finds damaged (garbage, truncated, corrupt) is never written over: it is
renamed aside with a timestamp and a fresh store is started, and `recovery_message` says what
happened and where the old file went; but never while another window or command has it open
(see storage.open_lock). Anything else that stops the store opening for changes (a lock held too
long, a full or read-only disk, a file from a newer version) leaves the file as it is and opens
it read-only instead; see `ShortlistStore`.

Names: every name goes through `normalise_name`, in SQL too (`name_key`), so a list is found by
the same spelling it was created with, spaces and compatibility forms aside. (When the store moves
to another database, `name_key` becomes a stored normalised column.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.storage.open_lock import OpenLock
from catalog_app.storage.user_data import user_data_dir

if TYPE_CHECKING:
    from catalog_app.io.catalog import Catalog

STORE_NAME = "shortlists.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000
MAX_NAME_LENGTH = 100
READ_ONLY_WAIT_MS = 1000  # a read waits for a lock only where WAL cannot help (another's exclusive mode)
DISK_FULL_BYTES = 1 << 20  # less free space than this and SQLite cannot even make its journal
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
NAME_MATCH = "name_key(name) = name_key(?)"
# Characters that show nothing: format characters (zero-width space, joiners, marks of direction),
# controls, unassigned and private code points, separators, and letters that render blank.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5\u034f")


class ShortlistError(Exception):
    """A shortlist operation that cannot be done; the message is one plain sentence."""


class _CannotWriteError(Exception):
    """The store cannot be opened for changes; `why` is a clause that follows "because"."""

    def __init__(self, why: str, *, retry: bool = True) -> None:
        super().__init__(why)
        self.why = why
        self.retry = retry


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
    """The user's shortlists.

    Opening never fails: a store that cannot be opened for changes (locked by another program for
    longer than `open_wait_ms`, a full or read-only disk, a file from a newer version, a damaged
    file another window still has open) opens read-only on its last readable state, or empty when
    nothing can be read (`available` is then False), and `read_only_message` says why in one
    sentence. `try_writable()` tries again without waiting; the app calls it now and then.
    `read_only=True` asks for a read-only store from the start (commands that only read): it does
    not wait for writers and writes nothing, except that a damaged file goes aside as always.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool = False,
        open_wait_ms: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else user_data_dir() / STORE_NAME
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = False
        self.available = True  # False: nothing could be read, the lists shown are an empty stand-in
        self.retryable = False  # whether `try_writable` may succeed later
        self.newer_version: int | None = None  # the store version of a file from a newer Insole Catalog
        self.recovery_message: str | None = None
        self.read_only_message: str | None = None
        self.moved_aside: list[Path] = []
        self._wants_read_only = read_only
        if not read_only:
            with contextlib.suppress(OSError):
                self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = OpenLock(self.path)
        wait = busy_timeout_ms if open_wait_ms is None else open_wait_ms
        self._connection: sqlite3.Connection | None = self._open(wait)

    def try_writable(self) -> bool:
        """Try once more, without waiting, to open a read-only store for changes; True when it is writable."""
        if not self.read_only:
            return True
        if not self.retryable or self._connection is None:
            return False
        try:
            connection = self._open_writable(0, alone=False)
        except _CannotWriteError:
            return False
        old, self._connection = self._connection, connection
        _close_quietly(old)
        self.read_only, self.available, self.retryable, self.read_only_message = False, True, False, None
        return True

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
        return bool(self._read(f"SELECT 1 FROM shortlist WHERE {NAME_MATCH}", (name,)))

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
            if cursor.execute("SELECT name FROM shortlist WHERE id = ?", (list_id,)).fetchone()[0] == new:
                return new
            if _list_id(cursor, new) not in (None, list_id):
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
        rows = self._read(f"SELECT created FROM shortlist WHERE {NAME_MATCH}", (name,))
        if not rows:
            raise ShortlistError(_unknown_list(name))
        return str(rows[0][0])

    def profile(self, name: str) -> FootProfile | None:
        rows = self._read(f"SELECT profile FROM shortlist WHERE {NAME_MATCH}", (name,))
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
        self.retryable = False
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    connection.execute("PRAGMA optimize")
            connection.close()
        self._lock.release()

    def __enter__(self) -> ShortlistStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- internals: opening --------------------------------------------------------------------

    def _open(self, wait_ms: int) -> sqlite3.Connection:
        # Held exclusively while opening (only then may a damaged file be moved aside), then shared.
        alone = self._lock.take_exclusive()
        if not alone:
            self._lock.share()
        try:
            if self._wants_read_only:
                wait_ms = min(wait_ms, READ_ONLY_WAIT_MS)
                # Reading changes nothing, except that a damaged file still goes aside as always.
                with contextlib.suppress(_CannotWriteError):
                    self._set_aside_if_damaged(wait_ms, alone=alone)
                return self._open_view(None, retry=False, wait_ms=wait_ms)
            try:
                return self._open_writable(wait_ms, alone=alone)
            except _CannotWriteError as reason:
                return self._open_view(reason.why, retry=reason.retry, wait_ms=wait_ms)
        finally:
            self._lock.share()

    def _open_writable(self, wait_ms: int, *, alone: bool) -> sqlite3.Connection:
        """The store opened for changes, or `_CannotWriteError` saying why not (the file is left as it is)."""
        folder = self.path.parent
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        if not can_write(folder):
            raise _CannotWriteError(f"the folder {folder.resolve()} cannot be written to")
        if self.path.exists() and not can_write(self.path):
            raise _CannotWriteError(f"the file {self.path.resolve()} cannot be written to")
        self._set_aside_if_damaged(wait_ms, alone=alone)
        connection = None
        try:
            connection = self._connect(self.path, wait_ms)
            _create_schema_if_new(connection)
            connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        except sqlite3.Error as error:
            _close_quietly(connection)
            raise _CannotWriteError(_why_not_writable(error, self.path)) from None
        return connection

    def _set_aside_if_damaged(self, wait_ms: int, *, alone: bool) -> None:
        problem = self._inspect(wait_ms, alone=alone) if self.path.is_file() and self.path.stat().st_size > 0 else None
        if problem is not None:
            self._set_aside(problem, alone=alone)

    def _inspect(self, wait_ms: int, *, alone: bool) -> str | None:
        """Why the existing file is damaged and must go aside, or None.

        Read-only, so that a damaged file and its journal stay exactly as they are until moved aside.
        Only a file SQLite itself finds damaged goes aside: a lock, a full disk or an I/O error is a
        passing state of the machine, not of the file, and a newer version's file is kept for it.
        """
        connection = None
        try:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            version = _store_version(connection)
            if version > SCHEMA_VERSION:
                raise _CannotWriteError(_newer_version(version), retry=False)
            return _check_store(connection)
        except sqlite3.DatabaseError as error:
            if _is_damaged(error):
                return f"it is not a readable shortlist store ({error})"
            if not _is_busy(error) and not alone and self._lock.others_have_it_open():
                # E.g. its journal was deleted while another window had it open: that window still
                # writes to it, so nothing here may touch it.
                raise _CannotWriteError(
                    "another Insole Catalog window or command has the shortlist store open and it cannot be "
                    f"read from here ({error})"
                ) from None
            raise _CannotWriteError(_why_not_writable(error, self.path)) from None
        finally:
            _close_quietly(connection)

    def _set_aside(self, problem: str, *, alone: bool) -> None:
        # Only with the lock to ourselves: then no other window or command has the file open.
        if not alone and not self._lock.take_exclusive():
            raise _CannotWriteError(
                f"the shortlist file looks damaged ({problem}) but another Insole Catalog window or command "
                "has it open, so it was left as it is"
            )
        try:
            aside = self._move_aside()
        except OSError as error:
            raise _CannotWriteError(
                f"the shortlist file cannot be read ({problem}) and could not be moved aside ({error.strerror})"
            ) from None
        finally:
            if not alone:
                self._lock.share()
        self.recovery_message = (
            f"The shortlist file could not be used because {problem}. It was kept as {aside.name} "
            f"in {aside.resolve().parent} and a new, empty shortlist store "
            + ("will be started with the next change." if self._wants_read_only else "was started.")
        )

    def _connect(self, path: Path, wait_ms: int) -> sqlite3.Connection:
        # Autocommit mode: each change opens its own BEGIN IMMEDIATE ... COMMIT below.
        connection = sqlite3.connect(path, timeout=wait_ms / 1000, isolation_level=None)
        _add_name_key(connection)
        connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _open_view(self, why: str | None, *, retry: bool, wait_ms: int) -> sqlite3.Connection:
        """The last readable state of the store, read-only; an empty store in memory if there is none.

        `why` is None when the caller asked for read-only (a command that only reads): then only a
        newer or unreadable file is worth a message.
        """
        self.read_only = True
        self.retryable = retry
        connection, problem = self._read_only_connection(wait_ms)
        self.available = problem is None
        if self.newer_version is not None:
            why, self.retryable = _newer_version(self.newer_version), False
        why = why or problem
        if why:
            state = "read-only" if self.available else "unavailable"
            self.read_only_message = f"Shortlists are {state}{' for now' if self.retryable else ''} because {why}."
        return connection or _empty_store()

    def _read_only_connection(self, wait_ms: int) -> tuple[sqlite3.Connection | None, str | None]:
        """A read-only connection to the file (None if there is no store yet) and why it cannot be read."""
        if not self.path.is_file():
            return None, (f"{self.path.resolve()} is not a file" if self.path.exists() else None)
        if self.path.stat().st_size == 0:
            return None, None  # created but never written: no lists yet
        problem: str | None = "it could not be read"
        # `mode=ro` sees what other windows commit; `immutable` still reads where the file cannot be
        # locked or its shared-memory file cannot be made (a full or read-only disk), though it does
        # not see changes still waiting in the journal (only after a crash, or while a window is open).
        for uri in (f"{self.path.resolve().as_uri()}?mode=ro", f"{self.path.resolve().as_uri()}?immutable=1"):
            connection = None
            try:
                connection = sqlite3.connect(uri, uri=True, isolation_level=None)
                _add_name_key(connection)
                connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
                problem = self._unreadable_because(connection)
                if problem is None:
                    connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
                    return connection, None
            except sqlite3.DatabaseError as error:
                problem = f"it could not be read ({error})"
            _close_quietly(connection)
            if self.newer_version is not None:
                break
        return None, f"the shortlist file {self.path.resolve()} cannot be read ({problem})"

    def _unreadable_because(self, connection: sqlite3.Connection) -> str | None:
        version = _store_version(connection)
        if version > SCHEMA_VERSION:
            self.newer_version = version
        else:
            problem = _check_store(connection)
            if problem is not None:
                return problem
        return None if _table_names(connection) >= EXPECTED_TABLES else "it holds no shortlists"

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.replace(aside)
        # The journal files belong to the old file: a stale WAL must never be replayed into the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists():
                sidecar.replace(aside.with_name(aside.name + suffix))
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


def normalise_name(name: str) -> str:
    """The one form of a shortlist name, for creating, renaming and finding a list alike.

    NFKC (so a full-width or compatibility letter matches the plain one), control characters read
    as spaces, runs of white space collapsed to one space, and white space and invisible characters
    trimmed from both ends.
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    text = " ".join(text.split())
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or _invisible(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _invisible(text[end - 1])):
        end -= 1
    return text[start:end]


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or char in BLANK_LOOKING


def _clean_name(name: str) -> str:
    cleaned = normalise_name(name)
    if not str(name).strip():
        raise ShortlistError("A shortlist needs a name.")
    if all(_invisible(char) or unicodedata.category(char).startswith("M") for char in cleaned):
        raise ShortlistError("A shortlist name needs at least one visible character.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ShortlistError(f"A shortlist name can be at most {MAX_NAME_LENGTH} characters long.")
    return cleaned


def _add_name_key(connection: sqlite3.Connection) -> None:
    """`name_key(text)` in SQL: the normalised name, so that lookups match the way names are created."""
    connection.create_function("name_key", 1, normalise_name, deterministic=True)


def _profile_json(profile: FootProfile | None) -> str | None:
    return None if profile is None else profile.to_json()


def _unknown_list(name: str) -> str:
    shown = normalise_name(name)
    if not any(not _invisible(char) for char in shown):
        return "There is no shortlist by that name: it has no visible characters."
    return f"There is no shortlist called '{shown}'."


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
    # The exact spelling first: a store written before names were normalised may hold two that now match.
    row = cursor.execute(
        f"SELECT id FROM shortlist WHERE {NAME_MATCH} ORDER BY name = ? DESC, id LIMIT 1", (name, name)
    ).fetchone()
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


def _store_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _newer_version(version: int) -> str:
    return f"the shortlist store was written by a newer Insole Catalog (store version {version})"


def _check_store(connection: sqlite3.Connection) -> str | None:
    """None when a file of this version or older is a usable store (or empty); otherwise why not, as a clause."""
    version = _store_version(connection)
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


def _empty_store() -> sqlite3.Connection:
    """An empty store in memory: what the app shows when no file can be read, so that it still runs."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    _add_name_key(connection)
    connection.executescript(SCHEMA)
    return connection


def _is_damaged(error: sqlite3.Error) -> bool:
    """Whether SQLite says the file itself is damaged or not a database (not a lock or an I/O error)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def _why_not_writable(error: sqlite3.Error, path: Path) -> str:
    """Why the store cannot be opened for changes, as a clause after "because"."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if _is_busy(error):
        return "another program is changing the shortlist store"
    if _is_read_only(error):
        return f"the file {path.resolve()} cannot be written to"
    if name.startswith("SQLITE_FULL") or _disk_is_full(path.parent):
        return "the disk is full"
    if name.startswith("SQLITE_CANTOPEN"):
        return f"the shortlist store {path.resolve()} cannot be opened"
    return f"the shortlist store cannot be opened for changes ({error})"


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BYTES
    except OSError:
        return False


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
