"""Named shortlists of products with notes: an SQLite file in the user's data folder, or a shared
PostgreSQL server that several desks use at once.

Durability (SQLite): WAL journal with `synchronous=FULL`, so every change is its own transaction
that is on disk when the call returns. NORMAL would survive a killed app but could lose the last few
changes on a power cut or machine crash, which is exactly the "machine crashed in between" case
a clinic assistant cares about; an fsync per edit costs nothing a person can notice.

Safety (SQLite): a file SQLite finds damaged (garbage, truncated, corrupt) is never written over:
it is renamed aside with a timestamp and a fresh store is started, and `recovery_message` says what
happened and where the old file went; but never while another window or command has it open
(see storage.open_lock). Anything else that stops the store opening for changes (a lock held too
long, a full or read-only disk, a file from a newer version) leaves the file as it is and opens
it read-only instead; see `ShortlistStore`.

Shared (PostgreSQL): every change is one transaction that first locks its list's row, so desks
changing one list take turns (positions stay a permutation, nothing is added twice), and tells
listening desks with `pg_notify('insole_catalog', 'shortlist:<name>')`. When the server cannot be
reached the store goes `offline`: lists read so far are still shown (read-only), changes raise
`ShortlistOfflineError`, and `reconnect()` tries again.

The statements are written once in SQLAlchemy Core (`shortlist.queries`); the schema is brought to
the newest revision on open by the Alembic migrations in `storage.migrations`.

Names: every name goes through `normalise_name`, in SQL too (`name_key`), so a list is found by
the same spelling it was created with, spaces and compatibility forms aside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist import queries
from catalog_app.shortlist.item import ShortlistItem
from catalog_app.storage.database import (
    ROLE_LACKS_RIGHT,
    SQLITE_STORE_NAME,
    connection_lost,
    database_problem,
    display_url,
    is_postgres,
    make_engine,
    sqlite_path,
)
from catalog_app.storage.migrations import migrate_to_head
from catalog_app.storage.names import invisible as _invisible
from catalog_app.storage.names import normalise_name
from catalog_app.storage.open_lock import OpenLock
from catalog_app.storage.tables import metadata
from catalog_app.storage.user_data import user_data_dir

if TYPE_CHECKING:
    from catalog_app.io.catalog import Catalog

STORE_NAME = SQLITE_STORE_NAME
SCHEMA_VERSION = 2  # SQLite's user_version: an older Insole Catalog opens a newer file read-only
VERSIONED_SCHEMA = 2  # the first SQLite user_version whose items carry a version
BUSY_TIMEOUT_MS = 5000
MAX_NAME_LENGTH = 100
READ_ONLY_WAIT_MS = 1000  # a read waits for a lock only where WAL cannot help (another's exclusive mode)
DISK_FULL_BYTES = 1 << 20  # less free space than this and SQLite cannot even make its journal
IN_USE_MESSAGE = "The shortlist store is in use by another Insole Catalog window; try again in a moment."
EXPECTED_TABLES = {"shortlist", "item"}
T = TypeVar("T")

__all__ = [
    "STORE_NAME",
    "NoteConflictError",
    "ShortlistError",
    "ShortlistItem",
    "ShortlistOfflineError",
    "ShortlistStore",
    "item_changes",
    "normalise_name",
]


class ShortlistError(Exception):
    """A shortlist operation that cannot be done; the message is one plain sentence."""


class ShortlistOfflineError(ShortlistError):
    """A change that could not be made because the database server cannot be reached."""


class _CannotWriteError(Exception):
    """The store cannot be opened for changes; `why` is a clause that follows "because"."""

    def __init__(self, why: str, *, retry: bool = True) -> None:
        super().__init__(why)
        self.why = why
        self.retry = retry


class NoteConflictError(ShortlistError):
    """The note was changed elsewhere since it was read; `theirs` is the item as it is stored now."""

    def __init__(self, message: str, theirs: ShortlistItem) -> None:
        super().__init__(message)
        self.theirs = theirs


class ShortlistStore:
    """The user's shortlists.

    Opening never fails: a store that cannot be opened for changes (locked by another program for
    longer than `open_wait_ms`, a full or read-only disk, a file from a newer version, a damaged
    file another window still has open) opens read-only on its last readable state, or empty when
    nothing can be read (`available` is then False), and `read_only_message` says why in one
    sentence. `try_writable()` tries again without waiting; the app calls it now and then.
    `read_only=True` asks for a read-only store from the start (commands that only read): it does
    not wait for writers and writes nothing, except that a damaged file goes aside as always.

    With a PostgreSQL `database_url` the lists are on the server (`shared` is True); a server that
    cannot be reached makes the store `offline` instead (see the module's docstring).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        database_url: str | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool = False,
        open_wait_ms: int | None = None,
    ) -> None:
        self.shared = is_postgres(database_url)
        self.database_url = database_url if self.shared else None
        file = Path(path) if path is not None else sqlite_path(database_url) or user_data_dir() / STORE_NAME
        self._file = file
        self.path: Path | None = None if self.shared else file
        self.location = display_url(database_url) if self.shared else str(file)
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = False
        self.offline = False  # shared store only: the server cannot be reached; reads come from `_cache`
        self.available = True  # False: nothing could be read, the lists shown are an empty stand-in
        self.retryable = False  # whether `try_writable` may succeed later
        self.newer_version: int | None = None  # the store version of a file from a newer Insole Catalog
        self.recovery_message: str | None = None
        self.read_only_message: str | None = None
        self.moved_aside: list[Path] = []
        self._wants_read_only = read_only
        self._cache: dict[tuple[str, ...], Any] = {}  # the last state read from the server, by question
        self._versioned = True
        self._connection: sqlite3.Connection | None = None
        self._engine: Engine | None = None
        self._lock: OpenLock | None = None
        if self.shared:
            try:
                self._engine = make_engine(str(database_url))
            except (ValueError, ArgumentError):  # never shown: its text may hold the password
                self.read_only, self.available = True, False
                self.read_only_message = (
                    f"The database address {self.location} could not be understood; "
                    "write it as postgresql://user@host:port/database."
                )
                return
            self._open_server()
            return
        if not read_only:
            with contextlib.suppress(OSError):
                file.parent.mkdir(parents=True, exist_ok=True)
        self._lock = OpenLock(file)
        wait = busy_timeout_ms if open_wait_ms is None else open_wait_ms
        self._use(self._open(wait))

    def try_writable(self) -> bool:
        """Try once more, without waiting, to open a read-only store for changes; True when it is writable."""
        if self.shared:
            return self.reconnect() and not self.read_only
        if not self.read_only:
            return True
        if not self.retryable or self._connection is None:
            return False
        try:
            connection = self._open_writable(0, alone=False)
        except _CannotWriteError:
            return False
        old = self._connection
        self._use(connection)
        _close_quietly(old)
        self.read_only, self.available, self.retryable, self.read_only_message = False, True, False, None
        return True

    def reconnect(self) -> bool:
        """Try the server once (no waiting beyond the connect timeout); True when the store is online."""
        if not self.shared:
            return self._connection is not None
        if not self.offline:
            return True
        if self._engine is None:
            return False
        self._engine.dispose()  # connections from before the server went away are no use
        self._open_server()
        return not self.offline

    # ---- messages for the UI and the command line ---------------------------------------------

    @property
    def message(self) -> str | None:
        """Whatever the user should be told about the store itself (recovery, read-only, offline)."""
        parts = [text for text in (self.recovery_message, self.read_only_message) if text]
        return " ".join(parts) if parts else None

    # ---- lists ---------------------------------------------------------------------------------

    def list_names(self) -> list[str]:
        return self._reading(("names",), queries.list_names)

    def exists(self, name: str) -> bool:
        if self.offline and ("exists", normalise_name(name)) not in self._cache and ("names",) in self._cache:
            return normalise_name(name) in {normalise_name(each) for each in self._cache[("names",)]}
        return self._reading(("exists", normalise_name(name)), lambda db: queries.list_id(db, name) is not None)

    def create(self, name: str, profile: FootProfile | None = None) -> str:
        """Create an empty list; returns the name as stored (surrounding spaces removed)."""
        name = _clean_name(name)
        with self._write() as db:
            if queries.list_id(db, name) is not None:
                raise ShortlistError(f"There is already a shortlist called '{name}'.")
            _insert_list(db, name, _profile_json(profile), queries.now())
            queries.notify(db, "shortlist", name)
        return name

    def rename(self, old: str, new: str) -> str:
        new = _clean_name(new)
        with self._write() as db:
            list_id, stored = _lock_list(db, old)
            if stored == new:
                return new
            if queries.list_id(db, new) not in (None, list_id):
                raise ShortlistError(f"There is already a shortlist called '{new}'.")
            try:
                with db.begin_nested():
                    queries.rename_list(db, list_id, new)
            except IntegrityError:
                raise ShortlistError(f"There is already a shortlist called '{new}'.") from None
            queries.notify(db, "shortlist", stored)
            queries.notify(db, "shortlist", new)
        return new

    def delete(self, name: str) -> None:
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            queries.delete_list(db, list_id)
            queries.notify(db, "shortlist", stored)

    def restore_list(
        self, name: str, profile: FootProfile | None, items: Sequence[ShortlistItem], *, created: str | None = None
    ) -> None:
        """Put back a deleted list with its items, notes and dates in one transaction (undo)."""
        name = _clean_name(name)
        with self._write() as db:
            if queries.list_id(db, name) is not None:
                raise ShortlistError(f"There is already a shortlist called '{name}'.")
            list_id = _insert_list(db, name, _profile_json(profile), created or queries.now())
            ordered = sorted(items, key=lambda each: each.position)
            queries.insert_items(db, list_id, [replace(each, position=index) for index, each in enumerate(ordered)])
            queries.notify(db, "shortlist", name)

    def created(self, name: str) -> str:
        found, value = self._reading(
            ("created", normalise_name(name)), lambda db: queries.list_field(db, name, "created")
        )
        if not found:
            raise ShortlistError(_unknown_list(name))
        return str(value)

    def profile(self, name: str) -> FootProfile | None:
        found, text = self._reading(
            ("profile", normalise_name(name)), lambda db: queries.list_field(db, name, "profile")
        )
        if not found:
            raise ShortlistError(_unknown_list(name))
        if not text:
            return None
        try:
            return FootProfile.from_json(text)
        except ValueError:
            # A profile written by another version that this one cannot read: the items still matter more.
            return None

    def _list_field(self, name: str, field: str) -> tuple[bool, Any]:
        return self._reading((field, normalise_name(name)), lambda db: queries.list_field(db, name, field))

    def set_profile(self, name: str, profile: FootProfile | None) -> None:
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            queries.set_list_profile(db, list_id, _profile_json(profile))
            queries.notify(db, "shortlist", stored)

    # ---- items ---------------------------------------------------------------------------------

    def items(self, name: str) -> list[ShortlistItem]:
        def read(db: Connection) -> list[ShortlistItem]:
            list_id = _require_list(db, name)
            return queries.read_items(db, list_id, versioned=self._versioned)

        return self._reading(("items", normalise_name(name)), read)

    def add(self, name: str, product: Mapping[str, Any] | ShortlistItem, note: str = "") -> ShortlistItem:
        """Append a product (a `product_record` dict) to the list, keeping a snapshot of it."""
        snapshot = _snapshot(product, note)
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            count, already = queries.count_and_has(db, list_id, snapshot.product_id)
            if already:
                raise ShortlistError(f"{snapshot.name} is already on the shortlist '{name}'.")
            item = replace(snapshot, position=count, added=queries.now(), version=1)
            queries.insert_items(db, list_id, [item])
            queries.notify(db, "shortlist", stored)
        return item

    def insert(self, name: str, item: ShortlistItem) -> None:
        """Put an item back at its position with its own note and date (undo of a removal)."""
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            if queries.item_exists(db, list_id, item.product_id):
                raise ShortlistError(f"{item.name} is already on the shortlist '{name}'.")
            count = queries.contiguous_count(db, list_id)
            if count is None:
                ids = queries.ordered_ids(db, list_id)
                position = max(0, min(item.position, len(ids)))
                queries.renumber(db, list_id, (), [*ids[:position], item.product_id, *ids[position:]])
            else:
                position = max(0, min(item.position, count))
                queries.shift_positions(db, list_id, position, count, +1)
            queries.insert_items(db, list_id, [replace(item, position=position)])
            queries.notify(db, "shortlist", stored)

    def remove(self, name: str, product_id: str) -> ShortlistItem:
        """Remove an item; returns it as it was (for undo)."""
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            count = queries.contiguous_count(db, list_id)
            row = queries.read_item(db, list_id, product_id)
            if row is None:
                raise ShortlistError(_unknown_item(name, product_id))
            if count is None:  # every position written afresh, 0..n-1 in the order they had
                ids = queries.ordered_ids(db, list_id)
                row = replace(row, position=ids.index(product_id))
                queries.delete_item(db, list_id, product_id)
                queries.renumber(db, list_id, (), [each for each in ids if each != product_id])
            else:
                queries.delete_item(db, list_id, product_id)
                queries.shift_positions(db, list_id, row.position + 1, count, -1)
            queries.notify(db, "shortlist", stored)
        return row

    def set_note(self, name: str, product_id: str, note: str, *, expected_version: int | None = None) -> ShortlistItem:
        """Change an item's note; returns the item as stored.

        With `expected_version` (the version the user started editing from), a note another desk
        changed in the meantime is not overwritten: `NoteConflictError` carries their text. Saving
        the text that is already stored changes nothing (no new version, no conflict).
        """
        note = str(note)
        with self._write() as db:
            list_id, list_name = _lock_list(db, name)
            theirs = queries.read_item(db, list_id, product_id)
            if theirs is None:
                raise ShortlistError(_unknown_item(name, product_id))
            if expected_version is not None and expected_version != theirs.version and note != theirs.note:
                raise NoteConflictError(
                    f"The note on {theirs.name} was changed on another desk since it was opened here.", theirs
                )
            if note == theirs.note:
                return theirs
            queries.write_note(db, list_id, product_id, note)
            queries.notify(db, "shortlist", list_name)
        return replace(theirs, note=note, version=theirs.version + 1)

    def move(self, name: str, product_id: str, new_position: int) -> int:
        """Move an item to `new_position` (0 = first; clamped to the list); returns the position used."""
        with self._write() as db:
            list_id, stored = _lock_list(db, name)
            count = queries.contiguous_count(db, list_id)
            row = queries.read_item(db, list_id, product_id)
            if row is None:
                raise ShortlistError(_unknown_item(name, product_id))
            if count is None:
                ids = queries.ordered_ids(db, list_id)
                rest = [each for each in ids if each != product_id]
                position = max(0, min(int(new_position), len(rest)))
                queries.renumber(db, list_id, (), [*rest[:position], product_id, *rest[position:]])
            else:
                position = max(0, min(int(new_position), count - 1))
                if position > row.position:
                    queries.shift_positions(db, list_id, row.position + 1, position + 1, -1)
                else:
                    queries.shift_positions(db, list_id, position, row.position, +1)
                queries.set_position(db, list_id, product_id, position)
            queries.notify(db, "shortlist", stored)
        return position

    def check_against(self, name: str, catalog: Catalog) -> list[str]:
        """One sentence per item whose product left the catalog or changed since it was added."""
        return list(item_changes(self.items(name), catalog).values())

    # ---- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        connection, self._connection = self._connection, None
        engine, self._engine = self._engine, None
        self.retryable = False
        if engine is not None:
            engine.dispose()
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    connection.execute("PRAGMA optimize")
            connection.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> ShortlistStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- internals: opening --------------------------------------------------------------------

    @property
    def _file_lock(self) -> OpenLock:
        assert self._lock is not None, "only an SQLite store has a file lock"
        return self._lock

    def _open(self, wait_ms: int) -> sqlite3.Connection:
        # Held exclusively while opening (only then may a damaged file be moved aside), then shared.
        alone = self._file_lock.take_exclusive()
        if not alone:
            self._file_lock.share()
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
            self._file_lock.share()

    def _open_writable(self, wait_ms: int, *, alone: bool) -> sqlite3.Connection:
        """The store opened for changes, or `_CannotWriteError` saying why not (the file is left as it is)."""
        folder = self._file.parent
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        if not can_write(folder):
            raise _CannotWriteError(f"the folder {folder.resolve()} cannot be written to")
        if self._file.exists() and not can_write(self._file):
            raise _CannotWriteError(f"the file {self._file.resolve()} cannot be written to")
        self._set_aside_if_damaged(wait_ms, alone=alone)
        connection = None
        try:
            connection = self._connect(self._file, wait_ms)
            _bring_to_head(connection)
            connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        except sqlite3.Error as error:
            _close_quietly(connection)
            raise _CannotWriteError(_why_not_writable(error, self._file)) from None
        return connection

    def _set_aside_if_damaged(self, wait_ms: int, *, alone: bool) -> None:
        problem = (
            self._inspect(wait_ms, alone=alone) if self._file.is_file() and self._file.stat().st_size > 0 else None
        )
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
            connection = sqlite3.connect(f"{self._file.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            version = _store_version(connection)
            if version > SCHEMA_VERSION:
                raise _CannotWriteError(_newer_version(version), retry=False)
            return _check_store(connection)
        except sqlite3.DatabaseError as error:
            if _is_damaged(error):
                return f"it is not a readable shortlist store ({error})"
            if not _is_busy(error) and not alone and self._file_lock.others_have_it_open():
                # E.g. its journal was deleted while another window had it open: that window still
                # writes to it, so nothing here may touch it.
                raise _CannotWriteError(
                    "another Insole Catalog window or command has the shortlist store open and it cannot be "
                    f"read from here ({error})"
                ) from None
            raise _CannotWriteError(_why_not_writable(error, self._file)) from None
        finally:
            _close_quietly(connection)

    def _set_aside(self, problem: str, *, alone: bool) -> None:
        # Only with the lock to ourselves: then no other window or command has the file open.
        if not alone and not self._file_lock.take_exclusive():
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
                self._file_lock.share()
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
        if not self._file.is_file():
            return None, (f"{self._file.resolve()} is not a file" if self._file.exists() else None)
        if self._file.stat().st_size == 0:
            return None, None  # created but never written: no lists yet
        problem: str | None = "it could not be read"
        # `mode=ro` sees what other windows commit; `immutable` still reads where the file cannot be
        # locked or its shared-memory file cannot be made (a full or read-only disk), though it does
        # not see changes still waiting in the journal (only after a crash, or while a window is open).
        for uri in (f"{self._file.resolve().as_uri()}?mode=ro", f"{self._file.resolve().as_uri()}?immutable=1"):
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
        return None, f"the shortlist file {self._file.resolve()} cannot be read ({problem})"

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
        aside = self._file.with_name(f"{self._file.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self._file.with_name(f"{self._file.name}.corrupt-{stamp}-{counter}")
        self._file.replace(aside)
        # The journal files belong to the old file: a stale WAL must never be replayed into the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            sidecar = self._file.with_name(self._file.name + suffix)
            if sidecar.exists():
                sidecar.replace(aside.with_name(aside.name + suffix))
        self.moved_aside.append(aside)
        return aside

    # ---- internals: the shared server ----------------------------------------------------------

    def _open_server(self) -> None:
        """Bring the server's schema to the newest revision and see what this role may do."""
        assert self._engine is not None
        try:
            with self._engine.begin() as db:
                migrate_to_head(db)
                may_change = bool(db.execute(text(MAY_CHANGE_LISTS)).scalar())
        except DBAPIError as error:
            if connection_lost(error):
                self._go_offline(error)
                return
            self.offline, self.read_only, self.retryable = False, True, False
            self.read_only_message = database_problem(error, self.database_url)
            return
        self.offline, self.available = False, True
        self.read_only, self.retryable = not may_change, False
        self.read_only_message = None if may_change else ROLE_LACKS_RIGHT

    def _go_offline(self, error: BaseException) -> None:
        self.offline, self.read_only, self.retryable = True, True, True
        self.available = bool(self._cache)
        problem = database_problem(error, self.database_url)
        if problem.startswith("The database server") and "cannot be reached" in problem:
            problem = f"The shortlist server at {self.location} cannot be reached, so shortlists are read-only for now."
        self.read_only_message = problem

    def _not_saved(self) -> str:
        return f"The change was not saved because the shortlist server at {self.location} cannot be reached."

    def _reading(self, key: tuple[str, ...], query: Callable[[Connection], T]) -> T:
        """A read; on the shared server its answer is kept, to be shown while the server is away."""
        if self.offline:
            return cast(T, self._cached(key))
        try:
            with self._db_engine.begin() as db:
                value = query(db)
        except DBAPIError as error:
            if self.shared and connection_lost(error):
                self._go_offline(error)
                return cast(T, self._cached(key))
            raise self._as_error(error) from None
        if self.shared:
            self._cache[key] = value
        return value

    def _cached(self, key: tuple[str, ...]) -> Any:
        if key in self._cache:
            return self._cache[key]
        raise ShortlistOfflineError(
            self.read_only_message or "The shortlist store's server cannot be reached, and this was not read before."
        )

    def _as_error(self, error: DBAPIError) -> ShortlistError:
        if not self.shared:
            original = error.orig
            if isinstance(original, sqlite3.Error):
                return _as_shortlist_error(original)
            return ShortlistError(f"The shortlist store could not be changed ({original}).")
        if connection_lost(error):
            self._go_offline(error)
            return ShortlistOfflineError(self._not_saved())
        return ShortlistError(database_problem(error, self.database_url))

    # ---- internals: transactions ---------------------------------------------------------------

    def _use(self, connection: sqlite3.Connection) -> None:
        """Work through `connection` (SQLite): SQLAlchemy runs on it, the recovery code keeps it."""
        old = self._engine
        self._connection = connection
        user_version = _store_version(connection)
        self._versioned = user_version >= VERSIONED_SCHEMA or user_version == 0
        self._engine = _sqlite_engine(connection)
        if old is not None:
            old.dispose(close=False)

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ShortlistError("The shortlist store is closed.")
        return self._connection

    @property
    def _db_engine(self) -> Engine:
        if self._engine is None:
            raise ShortlistError(self.read_only_message or "The shortlist store is closed.")
        return self._engine

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.offline:
            raise ShortlistOfflineError(self._not_saved())
        if self.read_only:
            raise ShortlistError(self.read_only_message or "The shortlist store is read-only.")
        engine = self._db_engine.execution_options(insole_write=True)
        try:
            with engine.begin() as db:
                yield db
        except DBAPIError as error:
            raise self._as_error(error) from None


# Whether this role may change lists (PostgreSQL): asked on open, so a desk is read-only from the start.
MAY_CHANGE_LISTS = (
    "SELECT has_table_privilege('shortlist', 'INSERT, UPDATE, DELETE') "
    "AND has_table_privilege('item', 'INSERT, UPDATE, DELETE')"
)


def _sqlite_engine(connection: sqlite3.Connection) -> Engine:
    """SQLAlchemy on an SQLite connection the store opened (and recovered) itself.

    The connection is in autocommit mode; each transaction says BEGIN itself: BEGIN IMMEDIATE for a
    change (so it waits for the write lock at the start, never half-way), BEGIN for a read.
    """
    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _begin_sqlite(db: Connection) -> None:
    db.exec_driver_sql("BEGIN IMMEDIATE" if db.get_execution_options().get("insole_write") else "BEGIN")


def _lock_list(db: Connection, name: str) -> tuple[int, str]:
    """The list's id and stored name, its row locked for this change (so desks take turns on it)."""
    found = queries.lock_list(db, name)
    if found is None:
        raise ShortlistError(_unknown_list(name))
    return found


def _require_list(db: Connection, name: str, *, lock: bool = False) -> int:
    list_id = queries.list_id(db, name, lock=lock)
    if list_id is None:
        raise ShortlistError(_unknown_list(name))
    return list_id


def _insert_list(db: Connection, name: str, profile: str | None, created: str) -> int:
    try:
        with db.begin_nested():
            return queries.insert_list(db, name, profile, created)
    except IntegrityError:  # another desk made a list of that name a moment ago
        raise ShortlistError(f"There is already a shortlist called '{name}'.") from None


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


def _close_quietly(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        with contextlib.suppress(sqlite3.Error):
            connection.close()


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
    if 1 <= version <= SCHEMA_VERSION and not tables >= EXPECTED_TABLES:
        return "it is missing the shortlist tables"
    return None


def _bring_to_head(connection: sqlite3.Connection) -> None:
    """WAL and FULL sync, then the newest schema, in one BEGIN IMMEDIATE (which also proves the file writable)."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    engine = _sqlite_engine(connection)
    try:
        with engine.execution_options(insole_write=True).begin() as db:
            migrate_to_head(db)
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.Error):
            raise error.orig from None
        raise
    finally:
        engine.dispose(close=False)


def _empty_store() -> sqlite3.Connection:
    """An empty store in memory: what the app shows when no file can be read, so that it still runs."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    _add_name_key(connection)
    engine = _sqlite_engine(connection)
    metadata.create_all(engine)
    engine.dispose(close=False)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
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
