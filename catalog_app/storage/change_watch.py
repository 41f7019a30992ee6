"""Hearing about changes another desk or window made, within a second, without polling the lists.

`ChangeWatcher(database_url, path, on_event)` runs one thread of its own and calls
`on_event(kind, detail)` from that thread (a window hands it on to its own thread):

- ("shortlist", name) a list changed ("" on SQLite: something in the file changed),
- ("profiles", "") the saved profiles changed, ("catalog", "N") catalog version N was published,
- ("offline", sentence) the server cannot be reached; ("online", "") it is back.

PostgreSQL: `LISTEN insole_catalog` on a connection of its own, waiting in `notifies(timeout=0.2)`
so that `stop()` is heard at once; a lost connection is tried again with backoff (0.5 s doubling
to 10 s), with ("offline", ...) once and ("online", "") when it is back. TCP keepalives make a
server that vanished without closing the connection show within about 10 s.

SQLite: `PRAGMA data_version` on a connection of its own every 200 ms: it changes when any other
connection (another window, a command) committed to the file.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from catalog_app.storage.database import NOTIFY_CHANNEL, database_problem, is_postgres, libpq_url

POLL_S = 0.2
FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 10.0
CONNECT_TIMEOUT_S = 3

log = logging.getLogger(__name__)

EventHandler = Callable[[str, str], None]


class ChangeWatcher:
    def __init__(
        self,
        database_url: str | None,
        path: Path | None,
        on_event: EventHandler,
        *,
        poll_s: float = POLL_S,
        max_backoff_s: float = MAX_BACKOFF_S,
    ) -> None:
        if not is_postgres(database_url) and path is None:
            raise ValueError("a ChangeWatcher needs a PostgreSQL URL or an SQLite file")
        self.database_url = database_url if is_postgres(database_url) else None
        self.path = path
        self.on_event = on_event
        self.poll_s = poll_s
        self.max_backoff_s = max_backoff_s
        self.online = True
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        target = self._listen if self.database_url else self._poll
        self._thread = threading.Thread(target=target, name="insole-catalog-change-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop and wait for the thread to end (at most a poll interval, or a connect timeout)."""
        thread, self._thread = self._thread, None
        self._stop.set()
        if thread is not None:
            thread.join(timeout=CONNECT_TIMEOUT_S + 2)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _emit(self, kind: str, detail: str) -> None:
        try:
            self.on_event(kind, detail)
        except Exception:  # a broken handler must not stop the watching
            log.exception("change watcher: the event handler failed")

    # ---- PostgreSQL ---------------------------------------------------------------------------

    def _listen(self) -> None:
        backoff = FIRST_BACKOFF_S
        while not self._stop.is_set():
            try:
                self._listen_once()
                backoff = FIRST_BACKOFF_S
            except Exception as error:  # psycopg.Error, OSError: the server went away or cannot be reached
                if self.online:
                    self.online = False
                    self._emit("offline", database_problem(error, self.database_url))
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)

    def _listen_once(self) -> None:
        import psycopg

        assert self.database_url is not None
        with psycopg.connect(
            libpq_url(self.database_url),
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=2,
        ) as connection:
            connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            if not self.online:
                self.online = True
                self._emit("online", "")
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=self.poll_s):
                    kind, _, detail = notice.payload.partition(":")
                    self._emit(kind, detail)
                    if self._stop.is_set():
                        break

    # ---- SQLite -------------------------------------------------------------------------------

    def _poll(self) -> None:
        """Every poll: the file's data_version; a file replaced (a damaged one moved aside) is reopened."""
        connection: sqlite3.Connection | None = None
        identity: tuple[int, int] | None = None
        last: int | None = None
        first = True
        try:
            while not self._stop.is_set():
                now = _identity(self.path)
                if now != identity or (now is not None and connection is None):
                    _close(connection)
                    connection = _open_quietly(self.path) if now is not None else None
                    if not first and now != identity:
                        self._emit("shortlist", "")  # another file now (new, or one set aside): all is new
                    identity, last = now, None
                first = False
                if connection is not None:
                    try:
                        version = int(connection.execute("PRAGMA data_version").fetchone()[0])
                    except sqlite3.Error:
                        _close(connection)
                        connection = None
                    else:
                        if last is not None and version != last:
                            self._emit("shortlist", "")
                        last = version
                self._stop.wait(self.poll_s)
        finally:
            _close(connection)


def _identity(path: Path | None) -> tuple[int, int] | None:
    try:
        found = path.stat() if path is not None else None
    except OSError:
        return None
    return None if found is None else (found.st_dev, found.st_ino)


def _open_quietly(path: Path | None) -> sqlite3.Connection | None:
    """A connection to an existing file (never creates one); None while there is none."""
    if path is None or not path.is_file():
        return None
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None


def _close(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
